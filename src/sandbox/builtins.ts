/** Scenarios shipped with trailscan, loadable by name (`trailscan demo`, `--scenario organization`). */
import { ALL_PUBLIC_ACCESS_BLOCKED, buildWorld, compliantAccountResources, compliantTrail } from './builders.js';
import type { ScenarioInput } from './scenario.js';

const DEMO_ACCOUNT = '123456789012';

const demoManagementTrail = compliantTrail(DEMO_ACCOUNT, {
  name: 'management-events',
  s3BucketName: `demo-cloudtrail-${DEMO_ACCOUNT}`,
  s3KeyPrefix: 'management',
  tags: { owner: 'security', environment: 'production' },
});
const demoResources = compliantAccountResources(DEMO_ACCOUNT, [demoManagementTrail]);

/**
 * One account, five enabled Regions and one it has not opted in to. A compliant multi-Region trail writes
 * to a private bucket that has access logging, with intact digest chains; a compliant single-Region trail
 * in us-east-2 writes there too, but one of its log files and one of its digests were deleted; a
 * single-Region trail in eu-west-1 has no KMS key, no log file validation and no CloudWatch Logs, and
 * writes to a bucket made public by an AllUsers ACL grant.
 */
const demo: ScenarioInput = {
  name: 'demo',
  description: 'A sample account: one well-configured trail, one with problems and a public log bucket',
  regions: [
    { name: 'us-east-1' },
    { name: 'us-east-2' },
    { name: 'us-west-2' },
    { name: 'eu-west-1' },
    { name: 'ap-southeast-2' },
    { name: 'af-south-1', optIn: true },
  ],
  accounts: [
    {
      name: 'demo',
      accessKeyId: 'TSDEMO0000000001',
      secretAccessKey: 'tsdemo-secret-not-a-real-key',
      accountId: DEMO_ACCOUNT,
      identityArn: `arn:aws:iam::${DEMO_ACCOUNT}:user/auditor`,
      trails: [
        demoManagementTrail,
        {
          // Someone covered their tracks: a log file deleted three hours ago, a digest seven hours ago.
          name: 'payments-audit',
          homeRegion: 'us-east-2',
          s3BucketName: `demo-cloudtrail-${DEMO_ACCOUNT}`,
          s3KeyPrefix: 'payments',
          kmsKeyId: `arn:aws:kms:us-east-2:${DEMO_ACCOUNT}:key/3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d`,
          logFileValidation: true,
          digests: {
            hours: 26,
            logFilesPerHour: 2,
            tampering: [
              { action: 'delete-log', hoursAgo: 3, logFile: 1 },
              { action: 'delete-digest', hoursAgo: 7 },
            ],
          },
          cloudWatchLogs: {
            logGroupArn: `arn:aws:logs:us-east-2:${DEMO_ACCOUNT}:log-group:payments-audit:*`,
            roleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/CloudTrailRoleForCloudWatchLogs`,
          },
          tags: { owner: 'payments' },
        },
        {
          name: 'eu-app-trail',
          homeRegion: 'eu-west-1',
          s3BucketName: `demo-eu-trail-${DEMO_ACCOUNT}`,
          includeGlobalServiceEvents: false,
        },
      ],
      ...demoResources,
      // The payments trail's key was created without automatic rotation.
      kmsKeys: [
        ...demoResources.kmsKeys,
        { id: '3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d', region: 'us-east-2', rotation: false },
      ],
      // A CloudTrail Lake store left with the key AWS owns.
      eventDataStores: [{ name: 'audit-lake', region: 'us-east-1' }],
    },
  ],
  buckets: [
    {
      name: `demo-cloudtrail-${DEMO_ACCOUNT}`,
      region: 'us-east-1',
      ownerAccountId: DEMO_ACCOUNT,
      objectOwnership: 'BucketOwnerEnforced',
      publicAccessBlock: ALL_PUBLIC_ACCESS_BLOCKED,
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AWSCloudTrailWrite',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `arn:aws:s3:::demo-cloudtrail-${DEMO_ACCOUNT}/management/AWSLogs/${DEMO_ACCOUNT}/*`,
            Condition: {
              StringEquals: {
                's3:x-amz-acl': 'bucket-owner-full-control',
                'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${DEMO_ACCOUNT}:trail/management-events`,
              },
            },
          },
        ],
      },
      policyIsPublic: false,
      logging: { targetBucket: `demo-access-logs-${DEMO_ACCOUNT}`, targetPrefix: 'cloudtrail/' },
    },
    {
      name: `demo-eu-trail-${DEMO_ACCOUNT}`,
      region: 'eu-west-1',
      ownerAccountId: DEMO_ACCOUNT,
      objectOwnership: 'ObjectWriter',
      grants: [{ group: 'AllUsers', permission: 'READ' }],
    },
    {
      name: `demo-access-logs-${DEMO_ACCOUNT}`,
      region: 'us-east-1',
      ownerAccountId: DEMO_ACCOUNT,
      objectOwnership: 'BucketOwnerEnforced',
      publicAccessBlock: ALL_PUBLIC_ACCESS_BLOCKED,
    },
  ],
};

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const WORKLOADS = '333333333333';
const LOCKED = '444444444444';
const RETIRED = '555555555555';

const organizationTrail = {
  name: 'organization-trail',
  homeRegion: 'us-east-1',
  multiRegion: true,
  organization: true,
  s3BucketName: `org-cloudtrail-${MANAGEMENT}`,
  kmsKeyId: `arn:aws:kms:us-east-1:${MANAGEMENT}:key/0b7a6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d`,
  logFileValidation: true,
  cloudWatchLogs: {
    logGroupArn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:organization-trail:*`,
    roleArn: `arn:aws:iam::${MANAGEMENT}:role/CloudTrailRoleForCloudWatchLogs`,
  },
  tags: { owner: 'platform' },
};

/**
 * An organization of five accounts: the management account owns a multi-Region organization trail and its
 * bucket; the member account sees that trail as a shadow trail it can read the status of but not
 * configure, and has a local trail of its own; a workloads account has nothing but the organization trail;
 * one account has no role the management account may assume, and one is suspended.
 */
const organization: ScenarioInput = {
  name: 'organization',
  description:
    'An organization: a management account with an organization trail, two members it covers, one member ' +
    'whose role cannot be assumed, and a suspended account',
  regions: [{ name: 'us-east-1' }, { name: 'us-west-2' }, { name: 'eu-west-1' }, { name: 'eu-central-1' }],
  accounts: [
    {
      name: 'management',
      accessKeyId: 'TSORGMANAGEMENT1',
      secretAccessKey: 'tsorg-management-secret',
      accountId: MANAGEMENT,
      organization: { id: 'o-a1b2c3d4e5', management: true },
      publicAccessBlock: ALL_PUBLIC_ACCESS_BLOCKED,
      trails: [organizationTrail],
      ...compliantAccountResources(MANAGEMENT, [organizationTrail]),
    },
    {
      name: 'member',
      accessKeyId: 'TSORGMEMBER00001',
      secretAccessKey: 'tsorg-member-secret',
      accountId: MEMBER,
      organization: { id: 'o-a1b2c3d4e5' },
      trails: [
        {
          name: 'member-data-events',
          homeRegion: 'us-west-2',
          s3BucketName: `member-trail-${MEMBER}`,
          logging: false,
          eventSelectors: [
            {
              readWriteType: 'WriteOnly',
              includeManagementEvents: false,
              dataResources: [{ type: 'AWS::S3::Object', values: [`arn:aws:s3:::member-data-${MEMBER}/`] }],
            },
          ],
        },
      ],
    },
    {
      name: 'workloads',
      accessKeyId: 'TSORGWORKLOADS01',
      secretAccessKey: 'tsorg-workloads-secret',
      accountId: WORKLOADS,
      organization: { id: 'o-a1b2c3d4e5' },
    },
    {
      name: 'locked',
      accessKeyId: 'TSORGLOCKED00001',
      secretAccessKey: 'tsorg-locked-secret',
      accountId: LOCKED,
      organization: { id: 'o-a1b2c3d4e5' },
      // Invited rather than created: nobody made the role the management account would assume.
      roles: [],
    },
    {
      name: 'retired',
      accessKeyId: 'TSORGRETIRED0001',
      secretAccessKey: 'tsorg-retired-secret',
      accountId: RETIRED,
      organization: { id: 'o-a1b2c3d4e5', state: 'SUSPENDED' },
    },
  ],
  buckets: [
    {
      name: `org-cloudtrail-${MANAGEMENT}`,
      region: 'us-east-1',
      ownerAccountId: MANAGEMENT,
      objectOwnership: 'BucketOwnerEnforced',
      logging: { targetBucket: `org-access-logs-${MANAGEMENT}`, targetPrefix: '' },
    },
    {
      name: `member-trail-${MEMBER}`,
      region: 'us-west-2',
      ownerAccountId: MEMBER,
      objectOwnership: 'BucketOwnerEnforced',
    },
  ],
};

/** A large account: every default Region, some opt-in ones, 40 trails over 8 buckets. */
const large = (): ScenarioInput => buildWorld({ name: 'large', regions: 17, optInRegions: 4, trails: 40, buckets: 8 });

export const BUILTIN_SCENARIOS: Record<string, () => ScenarioInput> = {
  demo: () => demo,
  organization: () => organization,
  large,
};
