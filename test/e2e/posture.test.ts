/**
 * The checks beyond CloudTrail.1–7, end to end: the built CLI, the real SDK, real HTTP to the sandbox.
 * Each case selects one check and asserts its verdicts; every report is validated against its schema.
 */
import { describe, expect, it } from 'vitest';
import { scanWorld, verdicts } from './scan-world.js';
import { ORG_MANAGEMENT_ID, organizationWorld, trail, world } from './worlds.js';

const trailKey = (check: string, name = 'main', region = 'us-east-1') => `${check} ${name}@${region}`;

describe.concurrent('CloudTrail.9: trails tagged', () => {
  it('a tagged trail passes and an untagged one fails, exit 3', async () => {
    const tagged = world({
      trails: [trail({ tags: { owner: 'security' } }), trail({ name: 'bare', multiRegion: false, tags: {} })],
    });
    const { report, code } = await scanWorld(tagged, ['--checks', 'CloudTrail.9']);
    expect(verdicts(report)).toEqual({
      [trailKey('CloudTrail.9')]: 'PASSED TRAIL_TAGGED',
      [trailKey('CloudTrail.9', 'bare')]: 'FAILED TRAIL_NOT_TAGGED',
    });
    expect(code).toBe(3);
  });

  it('tags that cannot be listed are NOT_AVAILABLE, exit 4', async () => {
    const denied = world({
      trails: [trail({ tags: { owner: 'security' } })],
      faults: [{ operation: 'cloudtrail:ListTags', error: 'access-denied' }],
    });
    const { report, code } = await scanWorld(denied, ['--checks', 'CloudTrail.9']);
    expect(verdicts(report)).toEqual({ [trailKey('CloudTrail.9')]: 'NOT_AVAILABLE API_ERROR' });
    expect(code).toBe(4);
  });

  it('an organization trail seen from a member is evaluated in its management account', async () => {
    const { report } = await scanWorld(organizationWorld(), ['--checks', 'CloudTrail.9']);
    expect(Object.values(verdicts(report))).toEqual(['WARNING TRAIL_MANAGED_BY_ANOTHER_ACCOUNT']);
    expect(report.results[0]?.resource.id).toContain(ORG_MANAGEMENT_ID);
    expect(report.results[0]?.resource.accountId).toBe(report.scan.account.id);
  });
});
