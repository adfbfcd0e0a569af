/**
 * AWS throttles per account, service and Region: after a throttle, the SDK's client-side rate limiting
 * slows the Region that was throttled, and no other. Through the real SDK, against the sandbox.
 */
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { useSandbox } from '../sandbox/helpers.js';

const fixture = await useSandbox({
  regions: [{ name: 'us-east-1' }, { name: 'eu-west-1' }],
  accounts: [{ accessKeyId: 'TSREGIONALRETRY1', secretAccessKey: 'retry-secret', accountId: '111122223333' }],
  faults: [{ operation: 'cloudtrail:DescribeTrails', region: 'us-east-1', error: 'throttling', firstCalls: 1 }],
});

const clients = fixture.clients(0, { maxAttempts: 3 });

const describeTrails = async (client: AwsClients, region: string, count: number) => {
  const cloudtrail = await client.client('cloudtrail', region);
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: count }, () => cloudtrail.send(new DescribeTrailsCommand({}))),
  );
  return { ms: performance.now() - started, attempts: answers.map((answer) => answer.$metadata.attempts) };
};

describe('adaptive retries', () => {
  it('after a throttle in one Region, slow that Region only', async () => {
    expect((await describeTrails(clients, 'us-east-1', 1)).attempts).toEqual([2]);
    // The throttled Region now sends at CloudTrail's documented 10 requests per second: 30 take seconds.
    // Another Region's 30 leave at once, as a Region that was never throttled does.
    const [throttled, other] = await Promise.all([
      describeTrails(clients, 'us-east-1', 30),
      describeTrails(clients, 'eu-west-1', 30),
    ]);
    expect(throttled.ms).toBeGreaterThan(1500);
    expect(other.ms).toBeLessThan(throttled.ms / 2);
  });
});
