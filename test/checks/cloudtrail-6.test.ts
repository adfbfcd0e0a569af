import { describe, expect, it } from 'vitest';
import { describeTrailBucketScope } from './per-bucket.js';
import type { Bucket, Inventory } from '../../src/model/inventory.js';
import {
  ALL_USERS,
  AUTHENTICATED_USERS,
  OWNER_GRANT,
  PAB_ALL_OFF,
  bucket,
  err,
  inventory,
  ok,
  run,
  trail,
} from '../fixtures/inventory.js';

const publicAcl = (grantee = ALL_USERS) =>
  ok({ grants: [OWNER_GRANT, { granteeType: 'Group' as const, granteeId: grantee, permission: 'READ' }] });
const policy = (statement: Record<string, unknown>) =>
  ok(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }));
const publicPolicyBucket = (statement: Record<string, unknown>, isPublic?: boolean): Partial<Bucket> => ({
  policy: policy(statement),
  policyStatus: ok(isPublic === undefined ? {} : { isPublic }),
});
const readAll = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::trail-logs/*' };
const cloudTrailWrite = {
  Sid: 'AWSCloudTrailWrite',
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::trail-logs/AWSLogs/111122223333/*',
  Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' } },
};

interface Case {
  name: string;
  bucket: Partial<Bucket>;
  account?: Inventory['accountPublicAccessBlock'];
  status: string;
  reasonCode: string;
}

const cases: Case[] = [
  { name: 'a private bucket', bucket: {}, status: 'PASSED', reasonCode: 'S3_BUCKET_NOT_PUBLIC' },
  { name: 'ACL grant to AllUsers', bucket: { acl: publicAcl() }, status: 'FAILED', reasonCode: 'S3_BUCKET_PUBLIC' },
  {
    name: 'ACL grant to AuthenticatedUsers',
    bucket: { acl: publicAcl(AUTHENTICATED_USERS) },
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'public ACL neutralised by bucket-level IgnorePublicAcls',
    bucket: { acl: publicAcl(), publicAccessBlock: ok({ ...PAB_ALL_OFF, ignorePublicAcls: true }) },
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'public ACL neutralised by account-level IgnorePublicAcls',
    bucket: { acl: publicAcl() },
    account: ok({ ...PAB_ALL_OFF, ignorePublicAcls: true }),
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'public ACL neutralised by BucketOwnerEnforced',
    bucket: { acl: publicAcl(), objectOwnership: ok('BucketOwnerEnforced') },
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'BlockPublicAcls alone does not neutralise an existing public grant',
    bucket: { acl: publicAcl(), publicAccessBlock: ok({ ...PAB_ALL_OFF, blockPublicAcls: true }) },
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'policy Principal "*"',
    bucket: publicPolicyBucket({ ...readAll, Principal: '*' }, true),
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'policy Principal {"AWS": "*"}',
    bucket: publicPolicyBucket({ ...readAll, Principal: { AWS: '*' } }, true),
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'public policy neutralised by bucket-level RestrictPublicBuckets',
    bucket: {
      ...publicPolicyBucket({ ...readAll, Principal: '*' }, true),
      publicAccessBlock: ok({ ...PAB_ALL_OFF, restrictPublicBuckets: true }),
    },
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'public policy neutralised by account-level RestrictPublicBuckets',
    bucket: publicPolicyBucket({ ...readAll, Principal: '*' }, true),
    account: ok({ ...PAB_ALL_OFF, restrictPublicBuckets: true }),
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: '"*" restricted by aws:SourceArn (S3 says not public)',
    bucket: publicPolicyBucket(
      {
        ...readAll,
        Principal: '*',
        Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' } },
      },
      false,
    ),
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: '"*" restricted by aws:PrincipalOrgID (S3 says not public)',
    bucket: publicPolicyBucket(
      { ...readAll, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } },
      false,
    ),
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'the standard CloudTrail service-principal policy',
    bucket: publicPolicyBucket(cloudTrailWrite, false),
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'IsPublic missing, the document is clearly public: our analysis proves it',
    bucket: publicPolicyBucket({ ...readAll, Principal: '*' }),
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'IsPublic missing, the document looks private: unknown, never "not public"',
    bucket: publicPolicyBucket(cloudTrailWrite),
    status: 'WARNING',
    reasonCode: 'S3_PUBLIC_ACCESS_UNDETERMINED',
  },
  {
    name: 'IsPublic missing and "*" restricted only by a wildcard SourceArn: proven public',
    bucket: publicPolicyBucket({
      ...readAll,
      Principal: '*',
      Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*' } },
    }),
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'trap: IsPublic missing and "*" restricted only by a policy variable: proven public',
    bucket: publicPolicyBucket({
      ...readAll,
      Principal: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': '${aws:ResourceOrgID}' } },
    }),
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'IsPublic is authoritative: false on a document that looks public',
    bucket: publicPolicyBucket({ ...readAll, Principal: '*' }, false),
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'IsPublic is authoritative: true on a document that looks private',
    bucket: publicPolicyBucket(cloudTrailWrite, true),
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'a public Deny statement is not public',
    bucket: publicPolicyBucket({ ...readAll, Effect: 'Deny', Principal: '*' }),
    status: 'WARNING',
    reasonCode: 'S3_PUBLIC_ACCESS_UNDETERMINED',
  },
  {
    name: 'GetBucketAcl failed and the verdict depends on it',
    bucket: { acl: err('s3:GetBucketAcl', 'us-east-1') },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'GetBucketAcl failed but ACLs are disabled anyway',
    bucket: { acl: err('s3:GetBucketAcl', 'us-east-1'), objectOwnership: ok('BucketOwnerEnforced') },
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'ACLs disabled, so the scan did not read the ACL',
    bucket: { acl: undefined, objectOwnership: ok('BucketOwnerEnforced') },
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'ACLs disabled and no ACL read, but the policy is public',
    bucket: {
      acl: undefined,
      objectOwnership: ok('BucketOwnerEnforced'),
      ...publicPolicyBucket({ ...readAll, Principal: '*' }, true),
    },
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'Block Public Access on for the whole account, so the scan read no ACL, policy status or bucket setting',
    bucket: { acl: undefined, policyStatus: undefined, publicAccessBlock: undefined },
    account: ok({ ...PAB_ALL_OFF, ignorePublicAcls: true, restrictPublicBuckets: true }),
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'IgnorePublicAcls for the whole account, so no ACL read, but a public policy',
    bucket: { acl: undefined, ...publicPolicyBucket({ ...readAll, Principal: '*' }, true) },
    account: ok({ ...PAB_ALL_OFF, ignorePublicAcls: true }),
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'RestrictPublicBuckets for the whole account, so no policy status read, but a public ACL',
    bucket: { acl: publicAcl(), policyStatus: undefined },
    account: ok({ ...PAB_ALL_OFF, restrictPublicBuckets: true }),
    status: 'FAILED',
    reasonCode: 'S3_BUCKET_PUBLIC',
  },
  {
    name: 'ACLs disabled and S3 says the policy is not public, so the scan read no ACL, policy or bucket setting',
    bucket: {
      acl: undefined,
      policy: undefined,
      publicAccessBlock: undefined,
      objectOwnership: ok('BucketOwnerEnforced'),
      policyStatus: ok({ isPublic: false }),
    },
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'ACLs disabled and no policy, so the scan read no ACL, policy or bucket setting',
    bucket: {
      acl: undefined,
      policy: undefined,
      publicAccessBlock: undefined,
      objectOwnership: ok('BucketOwnerEnforced'),
      policyStatus: ok(null),
    },
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'GetBucketPolicyStatus failed, no proof either way',
    bucket: { policy: policy(cloudTrailWrite), policyStatus: err('s3:GetBucketPolicyStatus', 'us-east-1') },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'GetBucketPolicyStatus failed but RestrictPublicBuckets is on',
    bucket: {
      policyStatus: err('s3:GetBucketPolicyStatus', 'us-east-1'),
      publicAccessBlock: ok({ ...PAB_ALL_OFF, restrictPublicBuckets: true }),
    },
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'GetBucketPolicy failed but S3 says the policy is not public',
    bucket: { policy: err('s3:GetBucketPolicy', 'us-east-1'), policyStatus: ok({ isPublic: false }) },
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
  {
    name: 'account-level GetPublicAccessBlock failed with a public ACL',
    bucket: { acl: publicAcl() },
    account: err('s3control:GetPublicAccessBlock', 'us-east-1'),
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'account-level GetPublicAccessBlock failed, nothing public anyway',
    bucket: {},
    account: err('s3control:GetPublicAccessBlock', 'us-east-1'),
    status: 'PASSED',
    reasonCode: 'S3_BUCKET_NOT_PUBLIC',
  },
];

describe('CloudTrail.6', () => {
  it.each(cases)('$name → $status $reasonCode', ({ bucket: b, account, status, reasonCode }) => {
    const inv = inventory({ buckets: [bucket(b)], accountPublicAccessBlock: account ?? ok(null) });
    expect(run('CloudTrail.6', inv)).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({ type: 'AwsS3Bucket', id: 'arn:aws:s3:::trail-logs' }),
      }),
    ]);
  });

  it('a policy document missing where S3 says the policy is public is a collection bug, not a verdict', () => {
    const b = bucket({
      acl: undefined,
      policy: undefined,
      objectOwnership: ok('BucketOwnerEnforced'),
      policyStatus: ok({ isPublic: true }),
    });
    expect(() => run('CloudTrail.6', inventory({ buckets: [b] }))).toThrow(
      'policy of bucket trail-logs was not collected',
    );
  });

  it('one result per distinct bucket, however many trails share it', () => {
    const inv = inventory({
      trails: [
        trail(),
        trail({ name: 'second', homeRegion: 'eu-west-1', isMultiRegion: false }),
        trail({ name: 'third', s3BucketName: 'other-logs' }),
      ],
      buckets: [bucket(), bucket({ name: 'other-logs', acl: publicAcl() })],
    });
    const findings = run('CloudTrail.6', inv);
    expect(findings.map((f) => [f.resource.name, f.status])).toEqual([
      ['other-logs', 'FAILED'],
      ['trail-logs', 'PASSED'],
    ]);
  });

  it('names the public grant and statement in the evidence', () => {
    const inv = inventory({
      buckets: [bucket({ acl: publicAcl(), ...publicPolicyBucket({ ...readAll, Sid: 'Open', Principal: '*' }, true) })],
    });
    const [finding] = run('CloudTrail.6', inv);
    expect(finding?.evidence).toMatchObject({
      publicAclGrants: [{ grantee: ALL_USERS, permission: 'READ' }],
      publicPolicyStatements: [{ sid: 'Open' }],
      via: { acl: true, policy: true },
    });
  });

  it('a failed read is named on the NOT_AVAILABLE result', () => {
    const inv = inventory({ buckets: [bucket({ acl: err('s3:GetBucketAcl', 'us-east-1', 'SlowDown') })] });
    expect(run('CloudTrail.6', inv)[0]?.errors).toEqual([
      expect.objectContaining({ operation: 's3:GetBucketAcl', code: 'SlowDown' }),
    ]);
  });
});

describeTrailBucketScope('CloudTrail.6');
