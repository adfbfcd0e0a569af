import { describe, expect, it } from 'vitest';
import { AwsCaller } from '../../src/aws/caller.js';
import { OPERATIONS } from '../../src/aws/catalogue.js';
import type { AwsClients } from '../../src/aws/clients.js';

/** Clients whose sends the test writes itself: only the caller's scheduling is under test. */
const clients = { client: () => Promise.resolve({}) } as unknown as AwsClients;

const CLOUDTRAIL_RATE = OPERATIONS.cloudtrail.GetTrailStatus.ratePerSecond;

/** The most sends any one second holds. */
function busiestSecond(sent: readonly number[]): number {
  return Math.max(...sent.map((start) => sent.filter((t) => t >= start && t < start + 1000).length));
}

/** Lets calls already made reach their concurrency slots. */
const slotsTaken = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('AwsCaller rate limits', () => {
  it('keeps a Region’s CloudTrail requests within its rate when they were held back by busy slots', async () => {
    const caller = new AwsCaller(clients, { concurrency: 2 });
    const slow = () =>
      caller.call(OPERATIONS.s3.GetBucketPolicy, 'us-east-1', () => new Promise((resolve) => setTimeout(resolve, 900)));
    const started = performance.now();
    const sent: number[] = [];
    const cloudTrailCall = () =>
      caller.call(OPERATIONS.cloudtrail.GetTrailStatus, 'us-east-1', () => {
        sent.push(performance.now());
        return Promise.resolve({});
      });
    // Both slots are busy for 900 ms: the first second's CloudTrail calls wait for them, and the next
    // second's are released before those have gone.
    const hogs = [slow(), slow()];
    await slotsTaken();
    const answers = await Promise.all([...hogs, ...Array.from({ length: CLOUDTRAIL_RATE + 5 }, cloudTrailCall)]);
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect(sent).toHaveLength(CLOUDTRAIL_RATE + 5);
    expect(Math.min(...sent) - started).toBeGreaterThanOrEqual(900);
    expect(busiestSecond(sent)).toBe(CLOUDTRAIL_RATE);
  });

  it('counts each Region on its own', async () => {
    const caller = new AwsCaller(clients, { concurrency: 64 });
    const sent: number[] = [];
    await Promise.all(
      ['us-east-1', 'eu-west-1'].flatMap((region) =>
        Array.from({ length: CLOUDTRAIL_RATE }, () =>
          caller.call(OPERATIONS.cloudtrail.GetTrailStatus, region, () => {
            sent.push(performance.now());
            return Promise.resolve({});
          }),
        ),
      ),
    );
    expect(busiestSecond(sent)).toBe(2 * CLOUDTRAIL_RATE);
  });

  it('a stop while a request waits for its turn to be sent ends the wait with the stop’s reason', async () => {
    const stop = new AbortController();
    const caller = new AwsCaller(clients, { concurrency: 2, signal: stop.signal });
    const slow = () =>
      caller.call(OPERATIONS.s3.GetBucketPolicy, 'us-east-1', () => new Promise((resolve) => setTimeout(resolve, 900)));
    let sent = 0;
    const hogs = [slow(), slow()];
    await slotsTaken();
    const cloudTrailCalls = Array.from({ length: CLOUDTRAIL_RATE + 2 }, () =>
      caller.call(OPERATIONS.cloudtrail.GetTrailStatus, 'us-east-1', () => Promise.resolve((sent += 1))),
    );
    await Promise.all([...hogs, ...cloudTrailCalls.slice(0, CLOUDTRAIL_RATE)]);
    // The last two are released at one second and wait, holding slots, until the first ten (sent at about
    // 900 ms) are a second old.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reason = new Error('stopped by the test');
    stop.abort(reason);
    for (const waiting of cloudTrailCalls.slice(CLOUDTRAIL_RATE)) await expect(waiting).rejects.toBe(reason);
    expect(sent).toBe(CLOUDTRAIL_RATE);
  });
});
