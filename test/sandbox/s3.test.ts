import {
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { describe, expect, it } from 'vitest';
import { ALL_PUBLIC_ACCESS_BLOCKED } from '../../src/sandbox/index.js';
import { failure, useSandbox } from './helpers.js';

const OWNER = '111122223333';
const OTHER = '444455556666';
const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::logs-east/*',
    },
  ],
};

const fixture = await useSandbox({
  regions: [{ name: 'us-east-1' }, { name: 'us-west-2' }, { name: 'eu-west-1' }],
  accounts: [
    {
      accessKeyId: 'TSS3OWNER0000001',
      secretAccessKey: 'secret',
      accountId: OWNER,
      publicAccessBlock: { ...ALL_PUBLIC_ACCESS_BLOCKED, blockPublicPolicy: false },
    },
    { accessKeyId: 'TSS3OTHER0000001', secretAccessKey: 'secret', accountId: OTHER },
  ],
  buckets: [
    {
      name: 'logs-east',
      region: 'us-east-1',
      ownerAccountId: OWNER,
      publicAccessBlock: ALL_PUBLIC_ACCESS_BLOCKED,
      objectOwnership: 'BucketOwnerEnforced',
      // Set before ACLs were disabled: S3 no longer shows or applies it.
      grants: [{ group: 'AuthenticatedUsers', permission: 'READ' }],
      policy: POLICY,
      policyIsPublic: false,
      logging: { targetBucket: 'access-logs', targetPrefix: 'logs-east/' },
    },
    {
      name: 'logs-legacy-eu',
      region: 'eu-west-1',
      ownerAccountId: OWNER,
      legacyEuLocation: true,
      policy: POLICY,
      policyIsPublic: null,
      grants: [{ group: 'AllUsers', permission: 'READ' }],
    },
    { name: 'logs-west', region: 'us-west-2', ownerAccountId: OWNER },
    { name: 'foreign-logs', region: 'us-east-1', ownerAccountId: OTHER },
  ],
});

const s3 = (region: string, account = 0): Promise<S3Client> => fixture.clients(account).client('s3', region);

describe('ListBuckets', () => {
  it("lists the caller's buckets, with their Regions only when the request has a parameter", async () => {
    const bare = await (await s3('eu-west-1')).send(new ListBucketsCommand({}));
    expect(bare.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual([
      ['logs-east', undefined],
      ['logs-legacy-eu', undefined],
      ['logs-west', undefined],
    ]);
    const listed = await (await s3('eu-west-1')).send(new ListBucketsCommand({ MaxBuckets: 1000 }));
    expect(listed.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual([
      ['logs-east', 'us-east-1'],
      ['logs-legacy-eu', 'eu-west-1'],
      ['logs-west', 'us-west-2'],
    ]);
    expect(listed.ContinuationToken).toBeUndefined();
  });

  it('pages with MaxBuckets and ContinuationToken', async () => {
    const client = await s3('us-east-1');
    const first = await client.send(new ListBucketsCommand({ MaxBuckets: 2 }));
    expect(first.Buckets?.map((b) => b.Name)).toEqual(['logs-east', 'logs-legacy-eu']);
    const second = await client.send(
      new ListBucketsCommand({ MaxBuckets: 2, ContinuationToken: first.ContinuationToken! }),
    );
    expect(second.Buckets?.map((b) => b.Name)).toEqual(['logs-west']);
    expect(second.ContinuationToken).toBeUndefined();
  });
});

describe('GetBucketLocation', () => {
  it('answers from any Region: empty for us-east-1, EU for a legacy eu-west-1 bucket', async () => {
    const client = await s3('us-west-2');
    const location = async (Bucket: string) =>
      (await client.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint;
    expect(await location('logs-east')).toBeFalsy();
    expect(await location('logs-legacy-eu')).toBe('EU');
    expect(await location('logs-west')).toBe('us-west-2');
  });
});

describe('bucket configuration reads', () => {
  it('returns the ACL with its grants', async () => {
    const acl = await (await s3('eu-west-1')).send(new GetBucketAclCommand({ Bucket: 'logs-legacy-eu' }));
    expect(acl.Grants).toContainEqual({
      Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
      Permission: 'READ',
    });
    expect(acl.Grants?.[0]).toMatchObject({
      Grantee: { Type: 'CanonicalUser', ID: acl.Owner?.ID },
      Permission: 'FULL_CONTROL',
    });
  });

  it('shows only the owner’s grant once ACLs are disabled (BucketOwnerEnforced)', async () => {
    const acl = await (await s3('us-east-1')).send(new GetBucketAclCommand({ Bucket: 'logs-east' }));
    expect(acl.Grants).toEqual([{ Grantee: { Type: 'CanonicalUser', ID: acl.Owner?.ID }, Permission: 'FULL_CONTROL' }]);
  });

  it('returns the policy as the raw JSON document, and its status', async () => {
    const client = await s3('us-east-1');
    const policy = await client.send(new GetBucketPolicyCommand({ Bucket: 'logs-east' }));
    expect(JSON.parse(policy.Policy!)).toEqual(POLICY);
    expect((await client.send(new GetBucketPolicyStatusCommand({ Bucket: 'logs-east' }))).PolicyStatus).toEqual({
      IsPublic: false,
    });
    const incomplete = await (
      await s3('eu-west-1')
    ).send(new GetBucketPolicyStatusCommand({ Bucket: 'logs-legacy-eu' }));
    expect(incomplete.PolicyStatus?.IsPublic).toBeUndefined();
  });

  it('returns Block Public Access, Object Ownership and access logging', async () => {
    const client = await s3('us-east-1');
    const pab = await client.send(new GetPublicAccessBlockCommand({ Bucket: 'logs-east' }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const ownership = await client.send(new GetBucketOwnershipControlsCommand({ Bucket: 'logs-east' }));
    expect(ownership.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const logging = await client.send(new GetBucketLoggingCommand({ Bucket: 'logs-east' }));
    expect(logging.LoggingEnabled).toEqual({ TargetBucket: 'access-logs', TargetPrefix: 'logs-east/' });
    const notLogging = await (await s3('us-west-2')).send(new GetBucketLoggingCommand({ Bucket: 'logs-west' }));
    expect(notLogging.LoggingEnabled).toBeUndefined();
  });

  it.each([
    [
      'GetBucketPolicy',
      (c: S3Client) => c.send(new GetBucketPolicyCommand({ Bucket: 'logs-west' })),
      'NoSuchBucketPolicy',
    ],
    [
      'GetBucketPolicyStatus',
      (c: S3Client) => c.send(new GetBucketPolicyStatusCommand({ Bucket: 'logs-west' })),
      'NoSuchBucketPolicy',
    ],
    [
      'GetPublicAccessBlock',
      (c: S3Client) => c.send(new GetPublicAccessBlockCommand({ Bucket: 'logs-west' })),
      'NoSuchPublicAccessBlockConfiguration',
    ],
    [
      'GetBucketOwnershipControls',
      (c: S3Client) => c.send(new GetBucketOwnershipControlsCommand({ Bucket: 'logs-west' })),
      'OwnershipControlsNotFoundError',
    ],
    [
      'GetBucketAcl of a missing bucket',
      (c: S3Client) => c.send(new GetBucketAclCommand({ Bucket: 'no-such-bucket' })),
      'NoSuchBucket',
    ],
  ])('%s fails with 404 %s when there is nothing to return', async (_, call, code) => {
    const error = await failure(call(await s3('us-west-2')));
    expect(error.name).toBe(code);
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });
});

describe('Regions and ownership', () => {
  it('redirects a call in the wrong Region with PermanentRedirect and the bucket Region', async () => {
    const error = await failure((await s3('eu-west-1')).send(new GetBucketAclCommand({ Bucket: 'logs-east' })));
    expect(error.name).toBe('PermanentRedirect');
    expect(error.$metadata?.httpStatusCode).toBe(301);
    expect(error.$response?.headers['x-amz-bucket-region']).toBe('us-east-1');
    expect(error).toMatchObject({ Endpoint: 'logs-east.s3.amazonaws.com', Bucket: 'logs-east' });
  });

  it('answers HeadBucket with the bucket Region, or a bare 301, 403 or 404', async () => {
    const home = await (await s3('us-east-1')).send(new HeadBucketCommand({ Bucket: 'logs-east' }));
    expect(home.BucketRegion).toBe('us-east-1');
    const cases: [string, string, number][] = [
      ['eu-west-1', 'logs-east', 301],
      ['us-east-1', 'foreign-logs', 403],
      ['us-east-1', 'no-such-bucket', 404],
    ];
    for (const [region, Bucket, status] of cases) {
      const error = await failure((await s3(region)).send(new HeadBucketCommand({ Bucket })));
      expect(error.$metadata?.httpStatusCode).toBe(status);
    }
  });

  it("denies another account's bucket", async () => {
    const error = await failure((await s3('us-east-1')).send(new GetBucketAclCommand({ Bucket: 'foreign-logs' })));
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('honours x-amz-expected-bucket-owner', async () => {
    const client = await s3('us-east-1');
    await expect(
      client.send(new GetBucketLoggingCommand({ Bucket: 'logs-east', ExpectedBucketOwner: OWNER })),
    ).resolves.toBeDefined();
    const error = await failure(
      client.send(new GetBucketLoggingCommand({ Bucket: 'logs-east', ExpectedBucketOwner: OTHER })),
    );
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('rejects an unknown access key with InvalidAccessKeyId', async () => {
    const stranger = fixture.clients({ accessKeyId: 'TSUNKNOWN0000001', secretAccessKey: 'x' });
    const error = await failure((await stranger.client('s3', 'us-east-1')).send(new ListBucketsCommand({})));
    expect(error.name).toBe('InvalidAccessKeyId');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });
});

describe('S3 Control GetPublicAccessBlock', () => {
  const accountPab = async (account: number, AccountId: string) =>
    (await fixture.clients(account).client('s3control', 'us-east-1')).send(
      new GetAccountPublicAccessBlockCommand({ AccountId }),
    );

  it('returns the account-level configuration', async () => {
    const { PublicAccessBlockConfiguration } = await accountPab(0, OWNER);
    expect(PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: true,
    });
  });

  it('fails with NoSuchPublicAccessBlockConfiguration when unset, AccessDenied for another account', async () => {
    const unset = await failure(accountPab(1, OTHER));
    expect(unset.name).toBe('NoSuchPublicAccessBlockConfiguration');
    expect(unset.$metadata?.httpStatusCode).toBe(404);
    expect((await failure(accountPab(0, OTHER))).name).toBe('AccessDenied');
  });
});
