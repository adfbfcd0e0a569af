/**
 * The catalogue: every AWS service and operation trailscan may call, as plain data. One table serves the
 * collectors (what they call and how fast), the IAM policy (which action authorises each call), the SDK
 * client loader (which clients exist) and the sandbox (which protocol each service speaks and which
 * operations it must serve). It imports nothing, so every one of them can use it.
 */

/** How a service's requests are told apart on the wire; the sandbox routes by it. */
export type WireProtocol =
  | { kind: 'query'; version: string }
  | { kind: 'json'; targetPrefix: string }
  | { kind: 'rest-xml'; pathPrefix?: string };

interface OperationSpec {
  /** The IAM action that authorises it (S3's differ from the API names). */
  iamAction: string;
  /**
   * Obtains the access a scan of several accounts needs (the account list, another account's role) rather
   * than reading an account's configuration: the one kind of call that is not a read by name.
   */
  accountAccess?: true;
  /** Requests per second per account and Region, when the operation has a limit of its own. */
  ratePerSecond?: number;
}

interface ServiceSpec {
  /** The SigV4 signing name (S3 Control signs as `s3`). */
  signingName: string;
  protocol: WireProtocol;
  /** Requests per second per account and Region, AWS's documented limit or a conservative one. */
  ratePerSecond: number;
  /** Operation name (as the SDK command is named, without `Command`) → what it needs. */
  operations: Record<string, OperationSpec>;
}

const SERVICE_SPECS = {
  sts: {
    signingName: 'sts',
    protocol: { kind: 'query', version: '2011-06-15' },
    ratePerSecond: 10,
    operations: {
      GetCallerIdentity: { iamAction: 'sts:GetCallerIdentity' },
      // STS allows 600 requests per second per account and Region; a scan (or a few shards) stays well below.
      AssumeRole: { iamAction: 'sts:AssumeRole', ratePerSecond: 100, accountAccess: true },
    },
  },
  // A global service served from us-east-1; ListAccounts pages are sequential, so the rate hardly matters.
  organizations: {
    signingName: 'organizations',
    protocol: { kind: 'json', targetPrefix: 'AWSOrganizationsV20161128' },
    ratePerSecond: 10,
    operations: { ListAccounts: { iamAction: 'organizations:ListAccounts', accountAccess: true } },
  },
  ec2: {
    signingName: 'ec2',
    protocol: { kind: 'query', version: '2016-11-15' },
    ratePerSecond: 20,
    operations: { DescribeRegions: { iamAction: 'ec2:DescribeRegions' } },
  },
  // CloudTrail documents 10 TPS for Describe/Get/List per account and Region.
  cloudtrail: {
    signingName: 'cloudtrail',
    protocol: { kind: 'json', targetPrefix: 'CloudTrail_20131101' },
    ratePerSecond: 10,
    operations: {
      DescribeTrails: { iamAction: 'cloudtrail:DescribeTrails' },
      GetTrailStatus: { iamAction: 'cloudtrail:GetTrailStatus' },
      GetEventSelectors: { iamAction: 'cloudtrail:GetEventSelectors' },
      GetInsightSelectors: { iamAction: 'cloudtrail:GetInsightSelectors' },
      ListTags: { iamAction: 'cloudtrail:ListTags' },
      ListPublicKeys: { iamAction: 'cloudtrail:ListPublicKeys' },
      ListEventDataStores: { iamAction: 'cloudtrail:ListEventDataStores' },
      GetEventDataStore: { iamAction: 'cloudtrail:GetEventDataStore' },
      // Event history has its own, lower limit: 2 requests per second per account and Region.
      LookupEvents: { iamAction: 'cloudtrail:LookupEvents', ratePerSecond: 2 },
    },
  },
  // S3 bucket-configuration reads have no published limit; this keeps well below S3's request rates.
  s3: {
    signingName: 's3',
    protocol: { kind: 'rest-xml' },
    ratePerSecond: 50,
    operations: {
      ListBuckets: { iamAction: 's3:ListAllMyBuckets' },
      GetBucketLocation: { iamAction: 's3:GetBucketLocation' },
      GetBucketAcl: { iamAction: 's3:GetBucketAcl' },
      GetBucketPolicy: { iamAction: 's3:GetBucketPolicy' },
      GetBucketPolicyStatus: { iamAction: 's3:GetBucketPolicyStatus' },
      GetPublicAccessBlock: { iamAction: 's3:GetBucketPublicAccessBlock' },
      GetBucketOwnershipControls: { iamAction: 's3:GetBucketOwnershipControls' },
      GetBucketLogging: { iamAction: 's3:GetBucketLogging' },
      // Object reads: S3 supports 5,500 GET per second per prefix; a fifth of that leaves room for others.
      ListObjectsV2: { iamAction: 's3:ListBucket', ratePerSecond: 1000 },
      GetObject: { iamAction: 's3:GetObject', ratePerSecond: 1000 },
      GetBucketVersioning: { iamAction: 's3:GetBucketVersioning' },
      GetObjectLockConfiguration: { iamAction: 's3:GetBucketObjectLockConfiguration' },
    },
  },
  s3control: {
    signingName: 's3',
    protocol: { kind: 'rest-xml', pathPrefix: '/v20180820/' },
    ratePerSecond: 10,
    operations: { GetPublicAccessBlock: { iamAction: 's3:GetAccountPublicAccessBlock' } },
  },
  // KMS shares a request quota of thousands per second among read operations; stay far below it.
  kms: {
    signingName: 'kms',
    protocol: { kind: 'json', targetPrefix: 'TrentService' },
    ratePerSecond: 50,
    operations: {
      DescribeKey: { iamAction: 'kms:DescribeKey' },
      GetKeyPolicy: { iamAction: 'kms:GetKeyPolicy' },
      GetKeyRotationStatus: { iamAction: 'kms:GetKeyRotationStatus' },
    },
  },
  // CloudWatch Logs documents 5 transactions per second for DescribeMetricFilters.
  logs: {
    signingName: 'logs',
    protocol: { kind: 'json', targetPrefix: 'Logs_20140328' },
    ratePerSecond: 5,
    operations: { DescribeMetricFilters: { iamAction: 'logs:DescribeMetricFilters' } },
  },
  // CloudWatch documents 9 transactions per second for DescribeAlarmsForMetric.
  cloudwatch: {
    signingName: 'monitoring',
    protocol: { kind: 'json', targetPrefix: 'GraniteServiceVersion20100801' },
    ratePerSecond: 9,
    operations: { DescribeAlarmsForMetric: { iamAction: 'cloudwatch:DescribeAlarmsForMetric' } },
  },
  // SNS documents 30 transactions per second for ListSubscriptionsByTopic.
  sns: {
    signingName: 'sns',
    protocol: { kind: 'query', version: '2010-03-31' },
    ratePerSecond: 30,
    operations: { ListSubscriptionsByTopic: { iamAction: 'sns:ListSubscriptionsByTopic' } },
  },
  // EventBridge documents 50 transactions per second for ListRules and ListTargetsByRule.
  events: {
    signingName: 'events',
    protocol: { kind: 'json', targetPrefix: 'AWSEvents' },
    ratePerSecond: 50,
    operations: {
      ListRules: { iamAction: 'events:ListRules' },
      ListTargetsByRule: { iamAction: 'events:ListTargetsByRule' },
    },
  },
} as const satisfies Record<string, ServiceSpec>;

export type ServiceName = keyof typeof SERVICE_SPECS;
type OperationName<S extends ServiceName> = keyof (typeof SERVICE_SPECS)[S]['operations'] & string;

/** One operation of one service, as collectors call it and errors and counts name it. */
export interface Operation<S extends string = string> {
  service: S;
  name: string;
  /** `service:Name`, the name used in collection errors, call counts and sandbox faults. */
  id: string;
  iamAction: string;
  /** Requests per second per account and Region for this operation. */
  ratePerSecond: number;
  /** Whether it has a rate limit of its own, apart from its service's. */
  ownRateLimit: boolean;
  /** Whether it obtains access to accounts (ListAccounts, AssumeRole) rather than reading one. */
  accountAccess: boolean;
}

export interface Service<S extends string = string> {
  name: S;
  signingName: string;
  protocol: WireProtocol;
  ratePerSecond: number;
  operations: readonly Operation<S>[];
}

function operationsOf<S extends string>(name: S, spec: ServiceSpec): Operation<S>[] {
  return Object.entries(spec.operations).map(([operation, { iamAction, ratePerSecond, accountAccess }]) => ({
    service: name,
    name: operation,
    id: `${name}:${operation}`,
    iamAction,
    ratePerSecond: ratePerSecond ?? spec.ratePerSecond,
    ownRateLimit: ratePerSecond !== undefined,
    accountAccess: accountAccess === true,
  }));
}

/** Builds a service of the catalogue's shape; also how a test declares a service of its own. */
export function defineService<S extends string>(name: S, spec: ServiceSpec): Service<S> {
  const { signingName, protocol, ratePerSecond } = spec;
  return { name, signingName, protocol, ratePerSecond, operations: operationsOf(name, spec) };
}

export const SERVICES: { readonly [S in ServiceName]: Service<S> } = Object.fromEntries(
  Object.entries(SERVICE_SPECS).map(([name, spec]) => [name, defineService(name, spec)]),
) as { [S in ServiceName]: Service<S> };

/** `OPERATIONS.cloudtrail.GetTrailStatus`: every operation of the catalogue, by service and name. */
export const OPERATIONS = Object.fromEntries(
  Object.values(SERVICES).map((service) => [
    service.name,
    Object.fromEntries(service.operations.map((o) => [o.name, o])),
  ]),
) as { readonly [S in ServiceName]: { readonly [O in OperationName<S>]: Operation<S> } };

/** Every operation of the catalogue. */
export const ALL_OPERATIONS: readonly Operation[] = Object.values<Service>(SERVICES).flatMap((s) => s.operations);

/** The operations that read an account's configuration, as every collector of one account does. */
export const READ_OPERATIONS: readonly Operation[] = ALL_OPERATIONS.filter((o) => !o.accountAccess);

/** Read-only by name: Describe*, Get*, List*, Lookup*, Head*. */
export const isReadOnly = (name: string): boolean => /^(Describe|Get|List|Lookup|Head)[A-Z]/.test(name);
