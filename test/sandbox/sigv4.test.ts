/**
 * The sandbox checks SigV4 signatures as AWS does, from the specification rather than the SDK's signer:
 * a request signed with a key's wrong secret, or changed after signing, is refused in each protocol's own
 * words; one signed right is served whatever its path and query hold. Through the real SDK.
 */
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import type { AwsClients, ServiceClients } from '../../src/aws/clients.js';
import { useSandbox } from './helpers.js';

const ACCOUNT = '111122223333';
const KEYS = { accessKeyId: 'TSSIGV4CALLER001', secretAccessKey: 'the-right-secret' };
const BUCKET = `signed-${ACCOUNT}`;

const fixture = await useSandbox({
  regions: [{ name: 'us-east-1' }],
  accounts: [{ ...KEYS, accountId: ACCOUNT }],
  buckets: [{ name: BUCKET, region: 'us-east-1', ownerAccountId: ACCOUNT }],
});
const rightSecret = fixture.clients(0);
const wrongSecret = fixture.clients({ ...KEYS, secretAccessKey: 'another-secret' });

/** What each protocol's read answers: its error code, or "served". */
async function outcome(clients: AwsClients, read: (client: ServiceClients) => Promise<unknown>): Promise<string> {
  const client = {
    cloudtrail: await clients.client('cloudtrail', 'us-east-1'),
    ec2: await clients.client('ec2', 'us-east-1'),
    s3: await clients.client('s3', 'us-east-1'),
    sts: await clients.client('sts', 'us-east-1'),
  } as ServiceClients;
  try {
    await read(client);
    return 'served';
  } catch (error) {
    return (error as Error).name;
  }
}

const READS: [string, (client: ServiceClients) => Promise<unknown>, string][] = [
  ['a JSON (CloudTrail)', (c) => c.cloudtrail.send(new DescribeTrailsCommand({})), 'InvalidSignatureException'],
  ['a query (STS)', (c) => c.sts.send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch'],
  ['an EC2 query', (c) => c.ec2.send(new DescribeRegionsCommand({})), 'AuthFailure'],
  ['a REST-XML (S3)', (c) => c.s3.send(new ListObjectsV2Command({ Bucket: BUCKET })), 'SignatureDoesNotMatch'],
];

describe('SigV4 in the sandbox', () => {
  it.each(READS)(
    'refuses %s request signed with the wrong secret, and serves it signed right',
    async (_, read, code) => {
      expect([await outcome(wrongSecret, read), await outcome(rightSecret, read)]).toEqual([code, 'served']);
    },
  );

  it('refuses a request whose signed header changed after signing', async () => {
    const cloudtrail = await fixture.clients(0).client('cloudtrail', 'us-east-1');
    type Args = { request: { headers: Record<string, string> } };
    const tamper = (next: (args: Args) => Promise<unknown>) => (args: Args) => {
      args.request.headers['x-amz-target'] = 'CloudTrail_20131101.GetTrailStatus';
      return next(args);
    };
    (cloudtrail.middlewareStack as unknown as { addRelativeTo(mw: unknown, options: object): void }).addRelativeTo(
      tamper,
      { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamperAfterSigning' },
    );
    await expect(cloudtrail.send(new DescribeTrailsCommand({}))).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidSignatureException' }),
    );
  });

  it('serves a signed request whatever its path and query hold', async () => {
    const s3 = await rightSecret.client('s3', 'us-east-1');
    const odd = "a b/=&+~*'()!$,;:@ü%20[]";
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: odd, StartAfter: `${odd}z` }));
    expect(listed.KeyCount).toBe(0);
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `AWSLogs/${odd}.json.gz` }))).rejects.toThrow(
      expect.objectContaining({ name: 'NoSuchKey' }),
    );
  });
});
