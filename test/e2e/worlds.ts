/** Small sandbox worlds for end-to-end scans: one account, three enabled Regions and a disabled one. */
import { compliantAccountResources, compliantTrail, type ScenarioInput } from '../../src/sandbox/index.js';

type Account = ScenarioInput['accounts'][number];
type Trail = NonNullable<Account['trails']>[number];
type Bucket = NonNullable<ScenarioInput['buckets']>[number];

export const ACCOUNT_ID = '210987654321';
export const ORG_MANAGEMENT_ID = '300000000001';
export const LOG_BUCKET = `trail-logs-${ACCOUNT_ID}`;

const REGIONS: ScenarioInput['regions'] = [
  { name: 'us-east-1' },
  { name: 'us-west-2' },
  { name: 'eu-west-1' },
  { name: 'af-south-1', optIn: true },
];

/** A trail every control passes, named main, delivering to the account's log bucket. */
export function trail(overrides: Partial<Trail> = {}): Trail {
  return compliantTrail(ACCOUNT_ID, { name: 'main', s3BucketName: LOG_BUCKET, ...overrides });
}

/** A private bucket with access logging, owned by the account. */
export function bucket(overrides: Partial<Bucket> = {}): Bucket {
  return {
    name: LOG_BUCKET,
    region: 'us-east-1',
    ownerAccountId: ACCOUNT_ID,
    logging: { targetBucket: `access-logs-${ACCOUNT_ID}`, targetPrefix: 'trail-logs/' },
    ...overrides,
  };
}

export interface WorldInput {
  trails?: Trail[];
  buckets?: Bucket[];
  accountBlock?: Account['publicAccessBlock'];
  faults?: ScenarioInput['faults'];
  /** The account's KMS keys, log groups, alarms, topics …; by default what its compliant trails rely on. */
  resources?: Partial<Account>;
}

export function world(input: WorldInput = {}): ScenarioInput {
  const trails = input.trails ?? [trail()];
  return {
    name: 'e2e',
    regions: REGIONS,
    accounts: [
      {
        accessKeyId: 'TSE2ETEST0000001',
        secretAccessKey: 'e2e-secret',
        accountId: ACCOUNT_ID,
        trails,
        ...compliantAccountResources(ACCOUNT_ID, trails),
        ...input.resources,
        ...(input.accountBlock === undefined ? {} : { publicAccessBlock: input.accountBlock }),
      },
    ],
    buckets: input.buckets ?? [bucket()],
    faults: input.faults ?? [],
  };
}

/** A member account that sees its organization's trail; the trail and its bucket live in the management account. */
export function organizationWorld(): ScenarioInput {
  const orgBucket = `org-trail-logs-${ORG_MANAGEMENT_ID}`;
  const orgTrails = [
    {
      ...trail({ name: 'org-trail', s3BucketName: orgBucket, organization: true }),
      kmsKeyId: `arn:aws:kms:us-east-1:${ORG_MANAGEMENT_ID}:key/11111111-2222-4333-8444-555555555555`,
    },
  ];
  return {
    name: 'e2e organization',
    regions: REGIONS,
    accounts: [
      {
        name: 'member',
        accessKeyId: 'TSE2EMEMBER00001',
        secretAccessKey: 'e2e-member-secret',
        accountId: ACCOUNT_ID,
        organization: { id: 'o-e2etestorg01' },
      },
      {
        name: 'management',
        accessKeyId: 'TSE2EMANAGEMENT1',
        secretAccessKey: 'e2e-management-secret',
        accountId: ORG_MANAGEMENT_ID,
        organization: { id: 'o-e2etestorg01', management: true },
        trails: orgTrails,
        ...compliantAccountResources(ORG_MANAGEMENT_ID, orgTrails),
      },
    ],
    buckets: [bucket({ name: orgBucket, ownerAccountId: ORG_MANAGEMENT_ID })],
  };
}
