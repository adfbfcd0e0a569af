/**
 * The accounts of a scan share one SDK client per service and Region; each request is still signed with
 * its own account's credentials and retried on its own account's rate, even with requests of other
 * accounts in flight on the same client. Through the real SDK, against the sandbox.
 */
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { useSandbox } from '../sandbox/helpers.js';

const CALLER = '111122223333';
const MEMBER = '444455556666';
const MEMBER_KEYS = { accessKeyId: 'TSSHAREDMEMBER01', secretAccessKey: 'member-secret' };

const fixture = await useSandbox({
  regions: [{ name: 'us-east-1' }, { name: 'eu-west-1' }],
  accounts: [
    { accessKeyId: 'TSSHAREDCALLER01', secretAccessKey: 'caller-secret', accountId: CALLER },
    { ...MEMBER_KEYS, accountId: MEMBER },
  ],
  // The member's first DescribeTrails is throttled: only its own request is retried.
  faults: [{ operation: 'cloudtrail:DescribeTrails', accountId: MEMBER, error: 'throttling', firstCalls: 1 }],
});

const caller = fixture.clients(0, { maxAttempts: 3 });
const member = caller.forCredentials(() => Promise.resolve(MEMBER_KEYS));

const accountOf = (clients: AwsClients) =>
  clients.sending(async () => {
    const sts = await clients.client('sts', 'us-east-1');
    return (await sts.send(new GetCallerIdentityCommand({}))).Account;
  });

describe('clients shared by the accounts of a scan', () => {
  it('are one per service and Region, whichever account asks', async () => {
    expect(await member.client('sts', 'eu-west-1')).toBe(await caller.client('sts', 'eu-west-1'));
    expect(await member.client('sts', 'us-east-1')).not.toBe(await caller.client('sts', 'eu-west-1'));
  });

  it('sign each request as the account that sends it, with both accounts in flight at once', async () => {
    const senders = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? caller : member));
    const accounts = await Promise.all(senders.map(accountOf));
    expect(accounts).toEqual(senders.map((s) => (s === caller ? CALLER : MEMBER)));
  });

  it('sign as the caller outside any account', async () => {
    const sts = await member.client('sts', 'us-east-1');
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(CALLER);
  });

  it('retry a throttled request for its own account only', async () => {
    const describeTrails = (clients: AwsClients) =>
      clients.sending(async () => {
        const cloudtrail = await clients.client('cloudtrail', 'eu-west-1');
        return (await cloudtrail.send(new DescribeTrailsCommand({}))).$metadata.attempts;
      });
    const [memberAttempts, callerAttempts] = await Promise.all([describeTrails(member), describeTrails(caller)]);
    expect(memberAttempts).toBe(2);
    expect(callerAttempts).toBe(1);
  });
});
