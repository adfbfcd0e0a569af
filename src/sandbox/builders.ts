/**
 * Worlds built in code, for tests and benchmarks: a number of Regions, trails, buckets and member accounts,
 * with deterministic names and keys.
 */
import { CIS_CLOUDTRAIL_CHANGES_PATTERN } from './posture-scenario.js';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario.js';
import { stableId } from './world.js';

/** The commercial Regions enabled by default, in a fixed order (there are 17). */
export const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'sa-east-1',
] as const;

/** Commercial Regions an account must opt in to (the 17 with CloudTrail, as of 2026). */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
] as const;

/** Block Public Access with every setting on, as new buckets and well-kept accounts have it. */
export const ALL_PUBLIC_ACCESS_BLOCKED = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

type AccountInput = ScenarioInput['accounts'][number];
type TrailInput = NonNullable<AccountInput['trails']>[number];

/** All management events, and every S3 object-level event in every bucket (Security Hub S3.22 and S3.23). */
const MANAGEMENT_AND_S3_OBJECT_EVENTS: TrailInput['advancedEventSelectors'] = [
  { name: 'All management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
  {
    name: 'S3 object-level events',
    fieldSelectors: [
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
    ],
  },
];

/**
 * A trail every control passes: multi-Region, encrypted with a KMS key, log file validation on, delivering
 * to CloudWatch Logs, tagged, recording all management events and S3 object-level events (unless the trail
 * given has selectors of its own). The one definition of "compliant" for built-in scenarios, worlds and
 * tests; `compliantAccountResources` gives the account what such a trail relies on.
 */
export function compliantTrail(
  accountId: string,
  trail: Partial<TrailInput> & Pick<TrailInput, 'name' | 's3BucketName'>,
): TrailInput {
  const homeRegion = trail.homeRegion ?? 'us-east-1';
  const ownSelectors = trail.eventSelectors !== undefined || trail.advancedEventSelectors !== undefined;
  return {
    homeRegion,
    multiRegion: true,
    kmsKeyId: `arn:aws:kms:${homeRegion}:${accountId}:key/${stableUuid(`kms:${accountId}:${trail.name}`)}`,
    logFileValidation: true,
    cloudWatchLogs: {
      logGroupArn: `arn:aws:logs:${homeRegion}:${accountId}:log-group:cloudtrail:*`,
      roleArn: `arn:aws:iam::${accountId}:role/CloudTrailToCloudWatchLogs`,
    },
    tags: { owner: 'security' },
    ...(ownSelectors ? {} : { advancedEventSelectors: MANAGEMENT_AND_S3_OBJECT_EVENTS }),
    ...trail,
  };
}

/** A member account's own compliant trail, with what it relies on to pass the posture checks. */
function memberAccountTrails(
  accountId: string,
  bucket: string,
): Pick<AccountInput, 'trails'> & ReturnType<typeof compliantAccountResources> {
  const trails = [compliantTrail(accountId, { name: 'member-trail', s3BucketName: bucket })];
  return { trails, ...compliantAccountResources(accountId, trails) };
}

/** The metric the CIS filter for CloudTrail configuration changes counts into. */
const CHANGES_METRIC = 'CloudTrailChangeCount';

/**
 * What the account's trails rely on to pass the posture checks: each KMS key of the account they name,
 * enabled and rotating with CloudTrail's key policy; on each log group of the account they deliver to, the
 * CIS metric filter for CloudTrail configuration changes; in each such Region an alarm on its metric that
 * notifies a topic with a confirmed subscription (CloudWatch.5).
 */
export function compliantAccountResources(
  accountId: string,
  trails: readonly TrailInput[],
): Required<Pick<AccountInput, 'kmsKeys' | 'logGroups' | 'alarms' | 'topics'>> {
  const own = (arn: string | undefined) => (arn?.split(':')[4] === accountId ? arn : undefined);
  const unique = <T>(values: readonly (T | undefined)[]) => [...new Set(values)].filter((v): v is T => v !== undefined);
  const keys = unique(trails.map((t) => own(t.kmsKeyId)));
  const groups = unique(trails.map((t) => own(t.cloudWatchLogs?.logGroupArn)));
  const regionOf = (arn: string) => arn.split(':')[3] ?? 'us-east-1';
  const regions = unique(groups.map(regionOf));
  return {
    kmsKeys: keys.map((arn) => ({ id: arn.split('key/')[1] ?? '', region: regionOf(arn) })),
    logGroups: groups.map((arn) => ({
      name: /:log-group:(.+?)(?::\*)?$/.exec(arn)?.[1] ?? arn,
      region: regionOf(arn),
      metricFilters: [
        { name: 'cloudtrail-changes', pattern: CIS_CLOUDTRAIL_CHANGES_PATTERN, metricName: CHANGES_METRIC },
      ],
    })),
    alarms: regions.map((region) => ({
      name: 'cloudtrail-changes',
      region,
      metricName: CHANGES_METRIC,
      actions: [`arn:aws:sns:${region}:${accountId}:security-alerts`],
    })),
    topics: regions.map((region) => ({
      name: 'security-alerts',
      region,
      subscriptions: [{ protocol: 'email' as const, endpoint: 'security@example.com' }],
    })),
  };
}

/** A UUID-shaped identifier derived from a seed. */
function stableUuid(seed: string): string {
  const hex = stableId(seed, 32, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface WorldSpec {
  name?: string;
  /** Default-enabled Regions, the first N of DEFAULT_REGIONS (1–17; 17 by default). */
  regions?: number;
  /** Opt-in Regions, the first N of OPT_IN_REGIONS; every other one is opted in (0 by default). */
  optInRegions?: number;
  /**
   * Trails of the (first) account (1 by default): the first is a compliant multi-Region trail homed in the
   * first Region; the others are plain single-Region trails spread over the Regions.
   */
  trails?: number;
  /** Log buckets the trails write to, in turn, spread over the Regions (1 by default). */
  buckets?: number;
  /** Member accounts: with any, the first account manages an organization and its first trail is an organization trail. */
  members?: number;
  /** Each member has a compliant trail and a log bucket of its own, besides the organization trail. */
  memberTrails?: boolean;
  /** The last N members are suspended (listed, not scanned). */
  suspendedMembers?: number;
  /** The N members before those have no role the management account may assume. */
  unassumableMembers?: number;
  faults?: ScenarioInput['faults'];
}

const MANAGEMENT_ACCOUNT_ID = 100000000000;

function accessKeyFor(index: number): string {
  return `TSWORLD${String(index).padStart(9, '0')}`;
}

export function buildWorld(spec: WorldSpec = {}): Scenario {
  const { regions: regionCount = 17, optInRegions = 0, trails = 1, buckets = 1, members = 0 } = spec;
  const { memberTrails = false, suspendedMembers = 0, unassumableMembers = 0 } = spec;
  const enabled = DEFAULT_REGIONS.slice(0, regionCount);
  const optIn = OPT_IN_REGIONS.slice(0, optInRegions);
  const optedIn = optIn.filter((_, i) => i % 2 === 0);
  const regionAt = (i: number) => enabled[i % enabled.length] ?? 'us-east-1';
  const ownerId = String(MANAGEMENT_ACCOUNT_ID);
  const organization = members > 0 ? { id: 'o-sandboxworld', management: true } : undefined;

  const bucketNames = Array.from({ length: buckets }, (_, i) => `trail-logs-${i}-${ownerId}`);
  const trailList = Array.from({ length: trails }, (_, i) => {
    const homeRegion = regionAt(i);
    const s3BucketName = bucketNames[i % bucketNames.length] ?? 'trail-logs';
    if (i > 0) return { name: `trail-${i}`, homeRegion, s3BucketName };
    return compliantTrail(ownerId, {
      name: 'trail-0',
      homeRegion,
      s3BucketName,
      organization: organization !== undefined,
    });
  });

  const memberBucket = (index: number) => `member-logs-${MANAGEMENT_ACCOUNT_ID + index}`;
  const suspendedFrom = members + 1 - suspendedMembers;
  const unassumableFrom = suspendedFrom - unassumableMembers;
  const account = (index: number) => {
    const accountId = String(MANAGEMENT_ACCOUNT_ID + index);
    const state = index >= suspendedFrom ? ('SUSPENDED' as const) : ('ACTIVE' as const);
    return {
      name: index === 0 ? 'owner' : `member-${index}`,
      accessKeyId: accessKeyFor(index),
      secretAccessKey: `tsworld-secret-${index}`,
      accountId,
      optedInRegions: optedIn,
      ...(organization === undefined ? {} : { organization: { id: organization.id, management: index === 0, state } }),
      ...(index > 0 && index >= unassumableFrom && index < suspendedFrom ? { roles: [] } : {}),
      ...(index > 0 && memberTrails ? memberAccountTrails(accountId, memberBucket(index)) : {}),
    };
  };
  const logBucket = (name: string, region: string, ownerAccountId: string) => ({
    name,
    region,
    ownerAccountId,
    objectOwnership: 'BucketOwnerEnforced' as const,
    publicAccessBlock: ALL_PUBLIC_ACCESS_BLOCKED,
  });

  return parseScenario(
    {
      name: spec.name ?? 'built world',
      regions: [...enabled.map((name) => ({ name })), ...optIn.map((name) => ({ name, optIn: true }))],
      accounts: [
        { ...account(0), trails: trailList, ...compliantAccountResources(ownerId, trailList) },
        ...Array.from({ length: members }, (_, i) => account(i + 1)),
      ],
      buckets: [
        ...bucketNames.map((name, i) => logBucket(name, regionAt(i), ownerId)),
        ...(memberTrails
          ? Array.from({ length: members }, (_, i) =>
              logBucket(memberBucket(i + 1), 'us-east-1', String(MANAGEMENT_ACCOUNT_ID + i + 1)),
            )
          : []),
      ],
      faults: spec.faults ?? [],
    },
    spec.name ?? 'built world',
  );
}
