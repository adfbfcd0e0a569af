/**
 * The accounts of a scan share one SDK client per service and Region; each request is still signed with
 * its own account's credentials and retried on its own account's rate, even with requests of other
 * accounts in flight on the same client. Through the real SDK, against the sandbox.
 */
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
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
  buckets: [
    { name: `caller-bucket-${CALLER}`, region: 'eu-west-1', ownerAccountId: CALLER },
    { name: `member-bucket-${MEMBER}`, region: 'eu-west-1', ownerAccountId: MEMBER },
  ],
  // The member's first DescribeTrails is throttled: only its own request is retried.
  faults: [{ operation: 'cloudtrail:DescribeTrails', accountId: MEMBER, error: 'throttling', firstCalls: 1 }],
});

const caller = fixture.clients(0, { maxAttempts: 3 });
const member = caller.forCredentials(() => Promise.resolve(MEMBER_KEYS));

const accountOf = async (clients: AwsClients) => {
  const sts = await clients.client('sts', 'us-east-1');
  return (await sts.send(new GetCallerIdentityCommand({}))).Account;
};

describe('clients shared by the accounts of a scan', () => {
  it('are one per service and Region, whichever account asks', async () => {
    // Another account's client is its view of the caller's: the same configuration, sockets and stack.
    expect(Object.getPrototypeOf(await member.client('sts', 'eu-west-1'))).toBe(
      await caller.client('sts', 'eu-west-1'),
    );
    expect(await caller.client('sts', 'eu-west-1')).toBe(await caller.client('sts', 'eu-west-1'));
    expect(await caller.client('sts', 'us-east-1')).not.toBe(await caller.client('sts', 'eu-west-1'));
  });

  it('sign each request as the account that sends it, with both accounts in flight at once', async () => {
    const senders = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? caller : member));
    const accounts = await Promise.all(senders.map(accountOf));
    expect(accounts).toEqual(senders.map((s) => (s === caller ? CALLER : MEMBER)));
  });

  it("sign as the caller what is sent through the caller's client, even as the member sends", async () => {
    const [memberSts, callerSts] = await Promise.all([
      member.client('sts', 'us-east-1'),
      caller.client('sts', 'us-east-1'),
    ]);
    const [fromMember, fromCaller] = await Promise.all([
      memberSts.send(new GetCallerIdentityCommand({})),
      callerSts.send(new GetCallerIdentityCommand({})),
    ]);
    expect([fromMember.Account, fromCaller.Account]).toEqual([MEMBER, CALLER]);
  });

  it("sign as the account that sends it with every service's signer (S3 has its own)", async () => {
    const bucketsOf = async (clients: AwsClients) => {
      const s3 = await clients.client('s3', 'eu-west-1');
      return (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name);
    };
    expect(await Promise.all([bucketsOf(member), bucketsOf(caller)])).toEqual([
      [`member-bucket-${MEMBER}`],
      [`caller-bucket-${CALLER}`],
    ]);
  });

  it("refuse the answer to another account's request the SDK signed as the caller", async () => {
    const shared = (await caller.client('sts', 'eu-west-1')) as unknown as { config: { signerConstructor: unknown } };
    const senderAware = shared.config.signerConstructor;
    // As an SDK that no longer asked the client's configuration for its signer would sign.
    shared.config.signerConstructor = SignatureV4;
    try {
      const sts = await member.client('sts', 'eu-west-1');
      await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow('not signed as the account it is for');
    } finally {
      shared.config.signerConstructor = senderAware;
    }
  });

  it('retry a throttled request for its own account only', async () => {
    const describeTrails = async (clients: AwsClients) => {
      const cloudtrail = await clients.client('cloudtrail', 'eu-west-1');
      return (await cloudtrail.send(new DescribeTrailsCommand({}))).$metadata.attempts;
    };
    const [memberAttempts, callerAttempts] = await Promise.all([describeTrails(member), describeTrails(caller)]);
    expect(memberAttempts).toBe(2);
    expect(callerAttempts).toBe(1);
  });
});
