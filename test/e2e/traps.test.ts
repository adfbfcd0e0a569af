/**
 * One end-to-end scan per trap of CONTROLS.md: the built CLI, the real SDK, real HTTP to the sandbox.
 * Each case asserts the verdicts the trap is about; every report is validated against its schema.
 */
import { describe, expect, it } from 'vitest';
import { ALL_PUBLIC_ACCESS_BLOCKED, type ScenarioInput } from '../../src/sandbox/index.js';
import { scanWorld, verdicts } from './scan-world.js';
import { ACCOUNT_ID, LOG_BUCKET, ORG_MANAGEMENT_ID, bucket, organizationWorld, trail, world } from './worlds.js';

const CT1 = `CloudTrail.1 ${ACCOUNT_ID}@global`;
const ct3 = (region: string) => `CloudTrail.3 ${ACCOUNT_ID}@${region}`;
const bucketKey = (check: string, name = LOG_BUCKET, region = 'us-east-1') => `${check} ${name}@${region}`;
const mgmt = { field: 'eventCategory', equals: ['Management'] };
const publicPolicy = (principal: unknown, condition?: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Read',
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${LOG_BUCKET}/*`,
      ...(condition === undefined ? {} : { Condition: condition }),
    },
  ],
});

/** A bucket public through its ACL and its policy, in an account that blocks public access. */
const publicBucketInBlockedAccount = world({
  accountBlock: ALL_PUBLIC_ACCESS_BLOCKED,
  buckets: [
    bucket({ grants: [{ group: 'AllUsers', permission: 'READ' }], policy: publicPolicy('*'), policyIsPublic: true }),
  ],
});

interface Trap {
  name: string;
  world: ScenarioInput;
  account?: number;
  expected: Record<string, string>;
  /** The failed calls the scan must report (none by default). */
  errors?: string[];
}

const advancedTrail = (...fieldSelectors: Record<string, unknown>[]) =>
  world({
    trails: [
      trail({
        advancedEventSelectors: [{ name: 'Management events selector', fieldSelectors: fieldSelectors as never }],
      }),
    ],
  });

const traps: Trap[] = [
  {
    name: 'a compliant account: every control passes',
    world: world(),
    expected: {
      [CT1]: 'PASSED MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
      'CloudTrail.2 main@us-east-1': 'PASSED TRAIL_ENCRYPTED',
      [ct3('us-east-1')]: 'PASSED TRAIL_LOGGING',
      [ct3('us-west-2')]: 'PASSED TRAIL_LOGGING',
      [ct3('eu-west-1')]: 'PASSED TRAIL_LOGGING',
      'CloudTrail.4 main@us-east-1': 'PASSED LOG_FILE_VALIDATION_ENABLED',
      'CloudTrail.5 main@us-east-1': 'PASSED CLOUDWATCH_LOGS_CONFIGURED',
      [bucketKey('CloudTrail.6')]: 'PASSED S3_BUCKET_NOT_PUBLIC',
      [bucketKey('CloudTrail.7')]: 'PASSED S3_ACCESS_LOGGING_ENABLED',
    },
  },
  {
    name: 'per-trail reads of a trail homed in eu-west-1 go there, by ARN',
    world: world({ trails: [trail({ homeRegion: 'eu-west-1' })] }),
    expected: {
      [CT1]: 'PASSED MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
      [ct3('us-west-2')]: 'PASSED TRAIL_LOGGING',
    },
  },
  {
    name: 'a stopped multi-Region trail',
    world: world({ trails: [trail({ logging: false })] }),
    expected: {
      [CT1]: 'FAILED MULTI_REGION_TRAIL_NOT_LOGGING',
      [ct3('us-east-1')]: 'FAILED TRAIL_NOT_LOGGING',
      [ct3('eu-west-1')]: 'FAILED TRAIL_NOT_LOGGING',
    },
  },
  {
    name: 'a write-only basic selector',
    world: world({ trails: [trail({ eventSelectors: [{ readWriteType: 'WriteOnly' }] })] }),
    expected: { [CT1]: 'FAILED MANAGEMENT_EVENTS_NOT_FULLY_RECORDED' },
  },
  {
    name: 'a read-only basic selector',
    world: world({ trails: [trail({ eventSelectors: [{ readWriteType: 'ReadOnly' }] })] }),
    expected: { [CT1]: 'FAILED MANAGEMENT_EVENTS_NOT_FULLY_RECORDED' },
  },
  {
    name: 'read-only and write-only basic selectors together',
    world: world({
      trails: [trail({ eventSelectors: [{ readWriteType: 'ReadOnly' }, { readWriteType: 'WriteOnly' }] })],
    }),
    expected: { [CT1]: 'WARNING SPLIT_READ_WRITE_SELECTORS' },
  },
  {
    name: 'reads recorded by one multi-Region trail and writes by another',
    world: world({
      trails: [
        trail({ name: 'reads', eventSelectors: [{ readWriteType: 'ReadOnly' }] }),
        trail({ name: 'writes', eventSelectors: [{ readWriteType: 'WriteOnly' }] }),
      ],
    }),
    expected: { [CT1]: 'FAILED MANAGEMENT_EVENTS_NOT_FULLY_RECORDED' },
  },
  {
    name: 'ExcludeManagementEventSources kms.amazonaws.com',
    world: world({ trails: [trail({ eventSelectors: [{ excludeManagementEventSources: ['kms.amazonaws.com'] }] })] }),
    expected: { [CT1]: 'FAILED MANAGEMENT_EVENTS_NOT_FULLY_RECORDED' },
  },
  {
    name: 'an advanced management selector without readOnly',
    world: advancedTrail(mgmt),
    expected: { [CT1]: 'PASSED MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS' },
  },
  {
    name: 'an advanced management selector with readOnly = false',
    world: advancedTrail(mgmt, { field: 'readOnly', equals: ['false'] }),
    expected: { [CT1]: 'FAILED MANAGEMENT_EVENTS_NOT_FULLY_RECORDED' },
  },
  {
    name: 'advanced data-event selectors only',
    world: advancedTrail(
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
    ),
    expected: { [CT1]: 'FAILED MANAGEMENT_EVENTS_NOT_FULLY_RECORDED' },
  },
  ...(['notEquals', 'notStartsWith', 'notEndsWith', 'equals', 'startsWith', 'endsWith'] as const).map(
    (operator): Trap => ({
      name: `an advanced management selector with an eventSource ${operator} condition`,
      world: advancedTrail(mgmt, { field: 'eventSource', [operator]: ['kms.amazonaws.com'] }),
      expected: { [CT1]: 'FAILED MANAGEMENT_EVENTS_NOT_FULLY_RECORDED' },
    }),
  ),
  {
    name: 'criteria split across two trails: multi-Region but stopped, logging but single-Region',
    world: world({ trails: [trail({ logging: false }), trail({ name: 'regional', multiRegion: false })] }),
    expected: {
      [CT1]: 'FAILED MULTI_REGION_TRAIL_NOT_LOGGING',
      [ct3('us-east-1')]: 'PASSED TRAIL_LOGGING',
      [ct3('us-west-2')]: 'FAILED TRAIL_NOT_LOGGING',
    },
  },
  {
    name: 'an organization trail seen from a member account',
    world: organizationWorld(),
    expected: {
      [CT1]: 'WARNING ORGANIZATION_TRAIL_UNREADABLE',
      [ct3('us-east-1')]: 'PASSED TRAIL_LOGGING',
      [ct3('eu-west-1')]: 'PASSED TRAIL_LOGGING',
      'CloudTrail.2 org-trail@us-east-1': 'WARNING TRAIL_MANAGED_BY_ANOTHER_ACCOUNT',
      'CloudTrail.4 org-trail@us-east-1': 'WARNING TRAIL_MANAGED_BY_ANOTHER_ACCOUNT',
      'CloudTrail.5 org-trail@us-east-1': 'WARNING TRAIL_MANAGED_BY_ANOTHER_ACCOUNT',
      [`CloudTrail.6 org-trail-logs-${ORG_MANAGEMENT_ID}@global`]: 'WARNING S3_BUCKET_CROSS_ACCOUNT',
      [`CloudTrail.7 org-trail-logs-${ORG_MANAGEMENT_ID}@global`]: 'WARNING S3_BUCKET_CROSS_ACCOUNT',
    },
  },
  {
    name: 'the organization trail seen from the management account',
    world: organizationWorld(),
    account: 1,
    expected: {
      [`CloudTrail.1 ${ORG_MANAGEMENT_ID}@global`]: 'PASSED MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
      'CloudTrail.2 org-trail@us-east-1': 'PASSED TRAIL_ENCRYPTED',
      [`CloudTrail.7 org-trail-logs-${ORG_MANAGEMENT_ID}@us-east-1`]: 'PASSED S3_ACCESS_LOGGING_ENABLED',
    },
  },
  {
    name: 'CloudTrail.3 per Region: a single-Region trail in us-east-1 only',
    world: world({ trails: [trail({ multiRegion: false })] }),
    expected: {
      [CT1]: 'FAILED NO_MULTI_REGION_TRAIL',
      [ct3('us-east-1')]: 'PASSED TRAIL_LOGGING',
      [ct3('us-west-2')]: 'FAILED NO_TRAIL_IN_REGION',
      [ct3('eu-west-1')]: 'FAILED NO_TRAIL_IN_REGION',
    },
  },
  {
    name: 'a public bucket through an AllUsers ACL grant',
    world: world({ buckets: [bucket({ grants: [{ group: 'AllUsers', permission: 'READ' }] })] }),
    expected: { [bucketKey('CloudTrail.6')]: 'FAILED S3_BUCKET_PUBLIC' },
  },
  {
    name: 'a public bucket through an AuthenticatedUsers ACL grant',
    world: world({ buckets: [bucket({ grants: [{ group: 'AuthenticatedUsers', permission: 'READ_ACP' }] })] }),
    expected: { [bucketKey('CloudTrail.6')]: 'FAILED S3_BUCKET_PUBLIC' },
  },
  {
    name: 'a public bucket through a Principal "*" policy',
    world: world({ buckets: [bucket({ policy: publicPolicy('*'), policyIsPublic: true })] }),
    expected: { [bucketKey('CloudTrail.6')]: 'FAILED S3_BUCKET_PUBLIC' },
  },
  {
    name: 'a public bucket through a {"AWS": "*"} policy',
    world: world({ buckets: [bucket({ policy: publicPolicy({ AWS: '*' }), policyIsPublic: true })] }),
    expected: { [bucketKey('CloudTrail.6')]: 'FAILED S3_BUCKET_PUBLIC' },
  },
  {
    name: 'a public ACL and policy neutralised by account-level Block Public Access',
    world: publicBucketInBlockedAccount,
    expected: { [bucketKey('CloudTrail.6')]: 'PASSED S3_BUCKET_NOT_PUBLIC' },
  },
  {
    name: 'a public ACL and policy neutralised by bucket-level Block Public Access',
    world: world({
      buckets: [
        bucket({
          grants: [{ group: 'AllUsers', permission: 'READ' }],
          policy: publicPolicy('*'),
          policyIsPublic: true,
          publicAccessBlock: ALL_PUBLIC_ACCESS_BLOCKED,
        }),
      ],
    }),
    expected: { [bucketKey('CloudTrail.6')]: 'PASSED S3_BUCKET_NOT_PUBLIC' },
  },
  {
    name: 'a public ACL neutralised by BucketOwnerEnforced',
    world: world({
      buckets: [
        bucket({ grants: [{ group: 'AllUsers', permission: 'READ' }], objectOwnership: 'BucketOwnerEnforced' }),
      ],
    }),
    expected: { [bucketKey('CloudTrail.6')]: 'PASSED S3_BUCKET_NOT_PUBLIC' },
  },
  {
    name: '"*" restricted by aws:SourceArn',
    world: world({
      buckets: [
        bucket({
          policy: publicPolicy('*', {
            ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/main` },
          }),
          policyIsPublic: false,
        }),
      ],
    }),
    expected: { [bucketKey('CloudTrail.6')]: 'PASSED S3_BUCKET_NOT_PUBLIC' },
  },
  {
    name: '"*" restricted by aws:PrincipalOrgID',
    world: world({
      buckets: [
        bucket({
          policy: publicPolicy('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } }),
          policyIsPublic: false,
        }),
      ],
    }),
    expected: { [bucketKey('CloudTrail.6')]: 'PASSED S3_BUCKET_NOT_PUBLIC' },
  },
  {
    name: 'IsPublic missing from GetBucketPolicyStatus, and the policy is public',
    world: world({ buckets: [bucket({ policy: publicPolicy('*'), policyIsPublic: null })] }),
    expected: { [bucketKey('CloudTrail.6')]: 'FAILED S3_BUCKET_PUBLIC' },
    errors: ['s3:GetBucketPolicyStatus us-east-1 IncompleteAnswer'],
  },
  {
    name: 'IsPublic missing from GetBucketPolicyStatus, and nothing proves the policy public',
    world: world({
      buckets: [
        bucket({
          policy: publicPolicy('*', { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } }),
          policyIsPublic: null,
        }),
      ],
    }),
    expected: { [bucketKey('CloudTrail.6')]: 'NOT_AVAILABLE API_ERROR' },
    errors: ['s3:GetBucketPolicyStatus us-east-1 IncompleteAnswer'],
  },
  {
    name: 'a bucket owned by another account (a central log archive)',
    world: world({ buckets: [bucket({ ownerAccountId: '444455556666' })] }),
    expected: {
      [bucketKey('CloudTrail.6', LOG_BUCKET, 'global')]: 'WARNING S3_BUCKET_CROSS_ACCOUNT',
      [bucketKey('CloudTrail.7', LOG_BUCKET, 'global')]: 'WARNING S3_BUCKET_CROSS_ACCOUNT',
    },
  },
  {
    name: 'a deleted bucket',
    world: world({ buckets: [] }),
    expected: {
      [bucketKey('CloudTrail.6', LOG_BUCKET, 'global')]: 'NOT_AVAILABLE S3_BUCKET_MISSING',
      [bucketKey('CloudTrail.7', LOG_BUCKET, 'global')]: 'NOT_AVAILABLE S3_BUCKET_MISSING',
    },
  },
  {
    name: 'a bucket in another Region, with the legacy EU location',
    world: world({ buckets: [bucket({ region: 'eu-west-1', legacyEuLocation: true })] }),
    expected: { [bucketKey('CloudTrail.7', LOG_BUCKET, 'eu-west-1')]: 'PASSED S3_ACCESS_LOGGING_ENABLED' },
  },
  {
    name: 'bucket access logging off',
    world: world({ buckets: [bucket({ logging: undefined })] }),
    expected: { [bucketKey('CloudTrail.7')]: 'FAILED S3_ACCESS_LOGGING_DISABLED' },
  },
];

describe.concurrent('end-to-end traps', () => {
  it.each(traps)('$name', async ({ world: input, account, expected, errors }) => {
    const { report } = await scanWorld(input, [], { account });
    expect(verdicts(report)).toMatchObject(expected);
    expect(report.errors.map((e) => `${e.operation} ${e.region} ${e.code}`)).toEqual(errors ?? []);
  });

  it('reads no bucket ACL, policy or bucket Block Public Access when the account blocks public access', async () => {
    const { report, counts } = await scanWorld(publicBucketInBlockedAccount);
    expect(verdicts(report)).toMatchObject({ [bucketKey('CloudTrail.6')]: 'PASSED S3_BUCKET_NOT_PUBLIC' });
    for (const operation of ['GetBucketAcl', 'GetBucketPolicy', 'GetBucketPolicyStatus', 'GetPublicAccessBlock'])
      expect(counts).not.toHaveProperty(`s3:${operation}`);
  });

  it.each([
    ['not public', [], false, 'PASSED S3_BUCKET_NOT_PUBLIC', []],
    ['not public', ['--standard', 'all'], false, 'PASSED S3_BUCKET_NOT_PUBLIC', ['GetBucketPolicy']],
    ['public', [], true, 'FAILED S3_BUCKET_PUBLIC', ['GetBucketPolicy', 'GetPublicAccessBlock']],
  ] as const)(
    'reads the policy document and the bucket Block Public Access only when they can matter (policy %s, flags %j)',
    async (_, flags, isPublic, verdict, read) => {
      const input = world({
        buckets: [
          bucket({ objectOwnership: 'BucketOwnerEnforced', policy: publicPolicy('*'), policyIsPublic: isPublic }),
        ],
      });
      const { report, counts } = await scanWorld(input, [...flags]);
      expect(verdicts(report)).toMatchObject({ [bucketKey('CloudTrail.6')]: verdict });
      const spared = ['s3:GetBucketPolicy', 's3:GetPublicAccessBlock'];
      expect(spared.filter((operation) => counts[operation] !== undefined)).toEqual(read.map((op) => `s3:${op}`));
    },
  );

  it('reads a shadowed multi-Region trail once, a regional trail only for its configuration, and each bucket once', async () => {
    const { report, counts } = await scanWorld(
      world({ trails: [trail(), trail({ name: 'eu-trail', homeRegion: 'eu-west-1', multiRegion: false })] }),
    );
    expect(
      report.results
        .filter((r) => r.checkId === 'CloudTrail.4')
        .map((r) => r.resource.name)
        .sort(),
    ).toEqual(['eu-trail', 'main']);
    // The multi-Region trail logs, so eu-west-1 is recorded whatever its own trail does; and no default check
    // judges the selectors of a Region's own trail.
    expect(counts['cloudtrail:GetTrailStatus']).toEqual({ 'us-east-1': 1 });
    expect(counts['cloudtrail:GetEventSelectors']).toEqual({ 'us-east-1': 1 });
    expect(Object.values(counts['s3:GetBucketAcl'] ?? {}).reduce((a, b) => a + b, 0)).toBe(1);
    expect(report.scan.regions.skipped).toEqual([{ region: 'af-south-1', reason: 'not enabled (opt-in Region)' }]);
    expect(counts['cloudtrail:DescribeTrails']).not.toHaveProperty('af-south-1');
  });

  describe('a Region’s own trail is asked whether it logs only when no multi-Region trail there says it does', () => {
    const regional = trail({ name: 'eu-trail', homeRegion: 'eu-west-1', multiRegion: false });

    it('a stopped multi-Region trail: the Region’s own trail is read, and records its Region', async () => {
      const { report, counts } = await scanWorld(world({ trails: [trail({ logging: false }), regional] }));
      expect(counts['cloudtrail:GetTrailStatus']).toEqual({ 'us-east-1': 1, 'eu-west-1': 1 });
      expect(verdicts(report)).toMatchObject({
        [ct3('eu-west-1')]: 'PASSED TRAIL_LOGGING',
        [ct3('us-west-2')]: 'FAILED TRAIL_NOT_LOGGING',
      });
    });

    it('a multi-Region trail whose status is refused: the Region’s own trail still decides its Region', async () => {
      const { report, counts } = await scanWorld(
        world({
          trails: [trail(), regional],
          faults: [{ operation: 'cloudtrail:GetTrailStatus', resource: 'main', error: 'access-denied' }],
        }),
      );
      expect(counts['cloudtrail:GetTrailStatus']).toEqual({ 'us-east-1': 1, 'eu-west-1': 1 });
      expect(verdicts(report)).toMatchObject({
        [ct3('eu-west-1')]: 'PASSED TRAIL_LOGGING',
        [ct3('us-west-2')]: 'NOT_AVAILABLE API_ERROR',
      });
    });

    it('a check that judges every trail’s status reads them all', async () => {
      const { counts } = await scanWorld(world({ trails: [trail(), regional] }), ['--standard', 'all']);
      expect(counts['cloudtrail:GetTrailStatus']).toEqual({ 'us-east-1': 1, 'eu-west-1': 1 });
    });
  });
});
