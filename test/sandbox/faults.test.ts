import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetBucketAclCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { beforeEach, describe, expect, it } from 'vitest';
import { failure, useSandbox } from './helpers.js';

const ACCOUNT = '555566667777';
const DENIED = '888899990000';
const TRAILS = Array.from({ length: 24 }, (_, i) => `trail-${i}`);

const fixture = await useSandbox({
  regions: [{ name: 'us-east-1' }, { name: 'us-west-2' }, { name: 'eu-west-1' }, { name: 'eu-central-1' }],
  accounts: [
    {
      accessKeyId: 'TSFAULTS00000001',
      secretAccessKey: 'secret',
      accountId: ACCOUNT,
      trails: [
        ...TRAILS.map((name) => ({ name, homeRegion: 'us-west-2', s3BucketName: 'logs' })),
        { name: 'broken-trail', homeRegion: 'eu-west-1', s3BucketName: 'logs' },
      ],
    },
    { accessKeyId: 'TSDENIED00000001', secretAccessKey: 'secret', accountId: DENIED },
  ],
  buckets: [{ name: 'logs', region: 'eu-west-1', ownerAccountId: ACCOUNT }],
  faults: [
    { operation: 'sts:GetCallerIdentity', region: 'eu-central-1', latencyMs: 400 },
    {
      operation: 'cloudtrail:DescribeTrails',
      region: 'us-east-1',
      accountId: ACCOUNT,
      error: 'throttling',
      firstCalls: 2,
    },
    { operation: 'cloudtrail:GetTrailStatus', region: 'us-west-2', error: 'throttling', fraction: 0.5, seed: 7 },
    { operation: 'ec2:DescribeRegions', region: 'us-west-2', error: 'throttling', firstCalls: 1 },
    { accountId: DENIED, error: 'access-denied' },
    { operation: 'cloudtrail:DescribeTrails', region: 'eu-central-1', error: 'internal-error' },
    { operation: 's3:ListBuckets', region: 'eu-central-1', error: 'service-unavailable' },
    { operation: 'ec2:DescribeRegions', region: 'eu-central-1', error: 'hang' },
    { operation: 'cloudtrail:GetTrailStatus', resource: 'broken-trail', error: 'malformed-body' },
    { operation: 's3:GetBucketAcl', error: 'malformed-body' },
  ],
});
const clients = fixture.clients();

beforeEach(() => {
  fixture.sandbox.resetCounts();
});

describe('latency', () => {
  it('delays matching calls without holding up others', async () => {
    const sts = await clients.client('sts', 'eu-central-1');
    const ec2 = await clients.client('ec2', 'us-east-1');
    const start = Date.now();
    const slow = sts.send(new GetCallerIdentityCommand({})).then(() => Date.now() - start);
    const fast = await ec2.send(new DescribeRegionsCommand({})).then(() => Date.now() - start);
    expect(fast).toBeLessThan(300);
    expect(await slow).toBeGreaterThanOrEqual(380);
  });
});

describe('throttling', () => {
  // Adaptive retry mode slows a whole client down after a throttle, so each call here gets a fresh one.
  const describeTrails = async () =>
    (await fixture.clients().client('cloudtrail', 'us-east-1')).send(new DescribeTrailsCommand({}));

  it('throttles the first N matching calls', async () => {
    for (let i = 0; i < 2; i++) {
      const error = await failure(describeTrails());
      expect(error.name).toBe('ThrottlingException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    }
    await expect(describeTrails()).resolves.toBeDefined();
  });

  it('lets the SDK retry through', async () => {
    const retrying = fixture.clients(0, { maxAttempts: 2 });
    const result = await (await retrying.client('ec2', 'us-west-2')).send(new DescribeRegionsCommand({}));
    expect(result.$metadata.attempts).toBe(2);
    expect(fixture.sandbox.counts()).toEqual({ 'ec2:DescribeRegions': { 'us-west-2': 2 } });
  });

  it('throttles a seeded fraction of distinct requests, each on its first call only', async () => {
    const status = async (Name: string) =>
      (await fixture.clients().client('cloudtrail', 'us-west-2')).send(new GetTrailStatusCommand({ Name }));
    const throttled = async () => {
      const outcomes = await Promise.all(
        TRAILS.map((name) =>
          status(name).then(
            () => false,
            () => true,
          ),
        ),
      );
      return TRAILS.filter((_, i) => outcomes[i]);
    };
    const first = await throttled();
    expect(first.length).toBeGreaterThan(3);
    expect(first.length).toBeLessThan(21);
    expect(await throttled()).toEqual([]);
    fixture.sandbox.resetCounts();
    expect(await throttled()).toEqual(first);
  });
});

describe('errors in each service shape', () => {
  const denied = fixture.clients(1);
  it.each([
    [
      'STS',
      async () => (await denied.client('sts', 'us-east-1')).send(new GetCallerIdentityCommand({})),
      'AccessDenied',
      403,
    ],
    [
      'EC2',
      async () => (await denied.client('ec2', 'us-east-1')).send(new DescribeRegionsCommand({})),
      'UnauthorizedOperation',
      403,
    ],
    [
      'CloudTrail',
      async () => (await denied.client('cloudtrail', 'us-east-1')).send(new DescribeTrailsCommand({})),
      'AccessDeniedException',
      400,
    ],
    ['S3', async () => (await denied.client('s3', 'us-east-1')).send(new ListBucketsCommand({})), 'AccessDenied', 403],
    [
      'S3 Control',
      async () =>
        (await denied.client('s3control', 'us-east-1')).send(new GetPublicAccessBlockCommand({ AccountId: DENIED })),
      'AccessDenied',
      403,
    ],
  ])('%s says AccessDenied its own way', async (_, call, code, status) => {
    const error = await failure(call());
    expect(error.name).toBe(code);
    expect(error.$metadata?.httpStatusCode).toBe(status);
  });

  it('answers 500 and 503', async () => {
    const internal = await failure(
      (await clients.client('cloudtrail', 'eu-central-1')).send(new DescribeTrailsCommand({})),
    );
    expect([internal.name, internal.$metadata?.httpStatusCode]).toEqual(['InternalFailure', 500]);
    const unavailable = await failure((await clients.client('s3', 'eu-central-1')).send(new ListBucketsCommand({})));
    expect([unavailable.name, unavailable.$metadata?.httpStatusCode]).toEqual(['ServiceUnavailable', 503]);
  });
});

describe('broken answers', () => {
  it('never answers a hung request; the client gives up and the sandbox carries on', async () => {
    const ec2 = await clients.client('ec2', 'eu-central-1');
    const start = Date.now();
    const error = await failure(ec2.send(new DescribeRegionsCommand({}), { abortSignal: AbortSignal.timeout(300) }));
    expect(error.name).toBe('AbortError');
    expect(Date.now() - start).toBeLessThan(3_000);
    await expect(
      (await clients.client('ec2', 'us-east-1')).send(new DescribeRegionsCommand({})),
    ).resolves.toBeDefined();
  });

  it('ends a hung request with a TimeoutError when the handler throws on its request timeout', async () => {
    // The SDK's requestTimeout only logs a warning unless throwOnRequestTimeout is set.
    const ec2 = new EC2Client({
      region: 'eu-central-1',
      endpoint: fixture.sandbox.url,
      credentials: { accessKeyId: 'TSFAULTS00000001', secretAccessKey: 'secret' },
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true }),
    });
    try {
      const error = await failure(ec2.send(new DescribeRegionsCommand({})));
      expect(error.name).toBe('TimeoutError');
    } finally {
      ec2.destroy();
    }
  });

  it('truncates a malformed body so the SDK fails to parse it, and keeps serving', async () => {
    const cloudtrail = await clients.client('cloudtrail', 'eu-west-1');
    const json = await failure(cloudtrail.send(new GetTrailStatusCommand({ Name: 'broken-trail' })));
    expect(json.name).toBe('SyntaxError');
    const xml = await failure(
      (await clients.client('s3', 'eu-west-1')).send(new GetBucketAclCommand({ Bucket: 'logs' })),
    );
    expect(xml.message).toMatch(/XML|Unexpected|closing|end/i);
    await expect(cloudtrail.send(new DescribeTrailsCommand({}))).resolves.toBeDefined();
  });
});

describe('request counts', () => {
  it('counts requests per operation and Region, in process and over HTTP, until reset', async () => {
    const cloudtrail = await clients.client('cloudtrail', 'eu-west-1');
    await cloudtrail.send(new DescribeTrailsCommand({}));
    await cloudtrail.send(new DescribeTrailsCommand({}));
    await (
      await clients.client('cloudtrail', 'us-west-2')
    )
      .send(new GetTrailStatusCommand({ Name: 'trail-0' }))
      .catch(() => undefined);
    await (await clients.client('s3', 'eu-west-1')).send(new ListBucketsCommand({}));
    const expected = {
      'cloudtrail:DescribeTrails': { 'eu-west-1': 2 },
      'cloudtrail:GetTrailStatus': { 'us-west-2': 1 },
      's3:ListBuckets': { 'eu-west-1': 1 },
    };
    expect(fixture.sandbox.counts()).toEqual(expected);
    const overHttp = await fetch(`${fixture.sandbox.url}/_sandbox/counts`);
    expect(await overHttp.json()).toEqual(expected);
    expect((await fetch(`${fixture.sandbox.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect(fixture.sandbox.counts()).toEqual({});
  });
});
