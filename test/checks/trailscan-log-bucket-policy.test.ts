import { describe, expect, it } from 'vitest';
import { describeTrailBucketScope } from './per-bucket.js';
import {
  ACCOUNT_ID,
  OTHER_ACCOUNT_ID,
  bucket,
  bucketPolicyStatements,
  checkById,
  err,
  inventory,
  ok,
  policyDocument,
  run,
  trail,
} from '../fixtures/inventory.js';

const CHECK = 'trailscan.log-bucket-policy';
const { aclCheck, write, denyInsecureTransport } = bucketPolicyStatements();
const withPolicy = (...statements: Record<string, unknown>[]) => bucket({ policy: ok(policyDocument(...statements)) });
const unconditioned = (statement: Record<string, unknown>) => ({ ...statement, Condition: undefined });

const cases: {
  name: string;
  policy: ReturnType<typeof bucket>;
  params?: object;
  status: string;
  reasonCode: string;
}[] = [
  {
    name: 'the user guide’s policy and a TLS Deny',
    policy: bucket(),
    status: 'PASSED',
    reasonCode: 'BUCKET_POLICY_AS_GUIDED',
  },
  {
    name: 'aws:SourceAccount instead of aws:SourceArn',
    policy: withPolicy(
      { ...aclCheck, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } } },
      { ...write, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } } },
      denyInsecureTransport,
    ),
    status: 'PASSED',
    reasonCode: 'BUCKET_POLICY_AS_GUIDED',
  },
  {
    name: 'a pattern limited to the account’s trails',
    policy: withPolicy(
      { ...write, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${ACCOUNT_ID}:trail/*` } } },
      denyInsecureTransport,
    ),
    status: 'PASSED',
    reasonCode: 'BUCKET_POLICY_AS_GUIDED',
  },
  {
    name: 'BoolIfExists: aws:SecureTransport is always present',
    policy: withPolicy(aclCheck, write, {
      ...denyInsecureTransport,
      Condition: { BoolIfExists: { 'aws:SecureTransport': false } },
    }),
    status: 'PASSED',
    reasonCode: 'BUCKET_POLICY_AS_GUIDED',
  },
  {
    name: 'no bucket policy',
    policy: bucket({ policy: ok(null) }),
    status: 'FAILED',
    reasonCode: 'BUCKET_POLICY_MISSING',
  },
  {
    name: 'the old user guide policy, without conditions: the confused deputy',
    policy: withPolicy(unconditioned(aclCheck), unconditioned(write), denyInsecureTransport),
    status: 'FAILED',
    reasonCode: 'CLOUDTRAIL_GRANT_UNRESTRICTED',
  },
  {
    name: 'trap: the x-amz-acl condition alone does not restrict who delivers',
    policy: withPolicy(
      aclCheck,
      { ...write, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
      denyInsecureTransport,
    ),
    status: 'FAILED',
    reasonCode: 'CLOUDTRAIL_GRANT_UNRESTRICTED',
  },
  {
    name: 'trap: a SourceArn of another account, whose trails do not deliver here',
    policy: withPolicy(
      aclCheck,
      {
        ...write,
        Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${OTHER_ACCOUNT_ID}:trail/x` } },
      },
      denyInsecureTransport,
    ),
    status: 'FAILED',
    reasonCode: 'CLOUDTRAIL_GRANT_UNRESTRICTED',
  },
  {
    name: 'trap: a wildcard account in aws:SourceArn',
    policy: withPolicy(
      aclCheck,
      { ...write, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } } },
      denyInsecureTransport,
    ),
    status: 'FAILED',
    reasonCode: 'CLOUDTRAIL_GRANT_UNRESTRICTED',
  },
  {
    name: 'no TLS Deny',
    policy: withPolicy(aclCheck, write),
    status: 'FAILED',
    reasonCode: 'INSECURE_TRANSPORT_ALLOWED',
  },
  {
    name: 'trap: a TLS Deny of some actions only',
    policy: withPolicy(aclCheck, write, { ...denyInsecureTransport, Action: 's3:GetObject' }),
    status: 'FAILED',
    reasonCode: 'INSECURE_TRANSPORT_ALLOWED',
  },
  {
    name: 'trap: a TLS Deny on the bucket but not its objects',
    policy: withPolicy(aclCheck, write, { ...denyInsecureTransport, Resource: 'arn:aws:s3:::trail-logs' }),
    status: 'FAILED',
    reasonCode: 'INSECURE_TRANSPORT_ALLOWED',
  },
  {
    name: 'trap: an Allow on aws:SecureTransport true denies nothing',
    policy: withPolicy(aclCheck, write, {
      ...denyInsecureTransport,
      Effect: 'Allow',
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    }),
    status: 'FAILED',
    reasonCode: 'INSECURE_TRANSPORT_ALLOWED',
  },
  {
    name: 'CIS asks only for the TLS Deny',
    policy: withPolicy(unconditioned(aclCheck), unconditioned(write), denyInsecureTransport),
    params: { requireSourceConditions: false },
    status: 'PASSED',
    reasonCode: 'BUCKET_POLICY_TLS_DENIED',
  },
  {
    name: 'a policy that is not JSON',
    policy: bucket({ policy: ok('{') }),
    status: 'WARNING',
    reasonCode: 'BUCKET_POLICY_UNPARSEABLE',
  },
  {
    name: 'GetBucketPolicy denied',
    policy: bucket({ policy: err('s3:GetBucketPolicy', 'us-east-1') }),
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
];

describe(CHECK, () => {
  it.each(cases)('$name → $status $reasonCode', ({ policy, params, status, reasonCode }) => {
    expect(run(CHECK, inventory({ buckets: [policy] }), { ...params })).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({ type: 'AwsS3Bucket', id: 'arn:aws:s3:::trail-logs' }),
      }),
    ]);
  });

  it('looks for the TLS Deny where each trail writes: under its S3 key prefix', () => {
    const prefixed = trail({ s3KeyPrefix: 'audit' });
    const denyUnder = (resource: string) =>
      withPolicy(aclCheck, write, { ...denyInsecureTransport, Resource: `arn:aws:s3:::trail-logs/${resource}` });
    const verdictOf = (trails: ReturnType<typeof trail>[], policy: ReturnType<typeof bucket>) =>
      run(CHECK, inventory({ trails, buckets: [policy] })).map((f) => `${f.status} ${f.reasonCode}`);
    expect(verdictOf([prefixed], denyUnder('audit/*'))).toEqual(['PASSED BUCKET_POLICY_AS_GUIDED']);
    expect(verdictOf([trail()], denyUnder('audit/*'))).toEqual(['FAILED INSECURE_TRANSPORT_ALLOWED']);
    // Two trails, one prefixed: a Deny under the prefix leaves the other's logs without it.
    expect(verdictOf([prefixed, trail({ name: 'second' })], denyUnder('audit/*'))).toEqual([
      'FAILED INSECURE_TRANSPORT_ALLOWED',
    ]);
  });

  it('accepts the accounts whose trails deliver to the bucket (a central log archive)', () => {
    const central = trail({ name: 'org', ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    const orgArn = `arn:aws:cloudtrail:us-east-1:${OTHER_ACCOUNT_ID}:trail/org`;
    const policy = withPolicy(...Object.values(bucketPolicyStatements('trail-logs', orgArn)));
    const [finding] = run(CHECK, inventory({ trails: [central], buckets: [policy] }));
    expect(finding).toMatchObject({ status: 'PASSED', reasonCode: 'BUCKET_POLICY_AS_GUIDED' });
  });

  it('names each unrestricted statement, by Sid or position, and says when TLS is not denied either', () => {
    const [finding] = run(
      CHECK,
      inventory({ buckets: [withPolicy(unconditioned(aclCheck), { ...unconditioned(write), Sid: undefined })] }),
    );
    expect(finding?.reason).toBe(
      'Bucket trail-logs: statements AWSCloudTrailAclCheck20150319, #2 lets cloudtrail.amazonaws.com in without a ' +
        'condition on aws:SourceArn or aws:SourceAccount naming the account; and requests without TLS are not denied',
    );
    expect(finding?.evidence).toEqual({
      unrestrictedCloudTrailStatements: ['AWSCloudTrailAclCheck20150319', '#2'],
      insecureTransportDenied: false,
    });
  });

  it('CIS profiles take only the TLS Deny', () => {
    expect(checkById(CHECK).standardParameters?.['cis-3.0']).toEqual({ requireSourceConditions: false });
  });

  it('the fix reads the policy and puts it back, in the bucket’s Region', () => {
    const [finding] = run(CHECK, inventory({ buckets: [withPolicy(aclCheck, write)] }));
    expect(finding === undefined ? [] : checkById(CHECK).remediation(finding).commands).toEqual([
      'aws s3api get-bucket-policy --bucket trail-logs --query Policy --output text --region us-east-1',
      'aws s3api put-bucket-policy --bucket trail-logs --policy file://bucket-policy.json --region us-east-1',
    ]);
  });
});

describeTrailBucketScope(CHECK);
