/**
 * What the sandbox's trails deliver to their buckets as time passes: the world is seen from the time of
 * each request, so a logging trail's digest chain always reaches the last hour, however long the sandbox
 * has been serving, and a stopped trail's chain ends when it stopped.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sandbox/index.js';
import { World } from '../../src/sandbox/world.js';

const HOUR_MS = 3_600_000;
const BUCKET = 'digests-world-111122223333';

const world = new World(
  parseScenario(
    {
      name: 'digests over time',
      regions: [{ name: 'us-east-1' }],
      accounts: [
        {
          accessKeyId: 'TSDIGESTSWORLD01',
          secretAccessKey: 'secret',
          accountId: '111122223333',
          trails: [
            { name: 'logging', homeRegion: 'us-east-1', s3BucketName: BUCKET, logFileValidation: true },
            {
              name: 'stopped',
              homeRegion: 'us-east-1',
              s3BucketName: BUCKET,
              logFileValidation: true,
              logging: false,
              status: { stopLoggingTime: '2026-01-01T05:30:00Z' },
            },
          ],
        },
      ],
      buckets: [{ name: BUCKET, region: 'us-east-1', ownerAccountId: '111122223333' }],
    },
    'digests over time',
  ),
  new Date('2026-01-02T00:00:00Z'),
);

/** The end times of a trail's digests in the bucket at `now`, oldest first. */
function digestEnds(trail: string, now: Date): Date[] {
  return [...world.objects(BUCKET, now).keys()]
    .flatMap((key) => {
      const match = new RegExp(`_${trail}_us-east-1_(\\d{8})T(\\d{2})(\\d{2})(\\d{2})Z\\.json\\.gz$`).exec(key);
      if (match === null) return [];
      const [, day = '', h, m, s] = match;
      return [new Date(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T${h}:${m}:${s}Z`)];
    })
    .sort((a, b) => a.getTime() - b.getTime());
}

describe('the objects a sandbox world delivers', () => {
  it.each([
    ['when it starts', 0],
    ['after three hours', 3],
    ['after three days', 72],
  ])('a logging trail’s newest digest ended within the last hour, %s', (_when, hours) => {
    const now = new Date(world.createdAt.getTime() + hours * HOUR_MS + 20 * 60_000);
    const ends = digestEnds('logging', now);
    const newest = ends.at(-1)!;
    expect(now.getTime() - newest.getTime()).toBeLessThan(HOUR_MS);
    expect(now.getTime() - newest.getTime()).toBeGreaterThanOrEqual(0);
    // Hourly, 26 hours back by default.
    expect(ends).toHaveLength(26);
  });

  it('makes the objects again only when an hour has passed', () => {
    const at = (minutes: number) => world.objects(BUCKET, new Date(world.createdAt.getTime() + minutes * 60_000));
    expect(at(20)).toBe(at(75));
    expect(at(20)).not.toBe(at(80));
  });

  it('a stopped trail’s chain ends when it stopped, whenever it is read', () => {
    for (const hours of [0, 48]) {
      const ends = digestEnds('stopped', new Date(world.createdAt.getTime() + hours * HOUR_MS));
      expect(ends.at(-1)?.toISOString()).toBe('2026-01-01T05:17:23.000Z');
    }
  });
});
