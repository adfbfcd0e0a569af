/**
 * The Inventory: everything a scan collected, as plain JSON-serialisable data.
 *
 * It is the seam between collection (AWS I/O) and evaluation (pure checks). Every collected slice is an
 * envelope — either the value or the error that prevented reading it — so a failed call can never be
 * mistaken for a default value. Saved with `--save-inventory`, re-evaluated with `trailscan evaluate`.
 */
import * as z from 'zod';
import { collectionErrorSchema, envelopeSchema } from './envelope.js';
import { integritySchema } from './integrity.js';

export const INVENTORY_SCHEMA_VERSION = 1;

export { collectionErrorSchema, type CollectionError, type Envelope } from './envelope.js';

/**
 * The inventory slices a check can ask for. Each is fed by reads declared in `src/aws/kinds/`, which say
 * which API calls it takes; a test keeps this list equal to what the declarations feed.
 */
export const SLICES = [
  'trails',
  'trailStatus',
  'loggingCoverage',
  'eventSelectors',
  'multiRegionEventSelectors',
  'insightSelectors',
  'trailTags',
  'bucketPublicAccess',
  'bucketPolicy',
  'bucketLogging',
  'digests',
  'bucketDeletionProtection',
  'kmsKeyState',
  'kmsKeyPolicy',
  'kmsKeyRotation',
  'logGroupMetricFilters',
  'metricAlarms',
  'topicSubscriptions',
  'eventRules',
  'eventRuleTargets',
  'eventDataStores',
  'eventDataStoreEncryption',
  'eventHistory',
] as const;
const sliceSchema = z.enum(SLICES);
export type Slice = z.infer<typeof sliceSchema>;

const operatorValues = z.array(z.string()).min(1).optional();
const fieldSelectorSchema = z.object({
  field: z.string(),
  equals: operatorValues,
  notEquals: operatorValues,
  startsWith: operatorValues,
  notStartsWith: operatorValues,
  endsWith: operatorValues,
  notEndsWith: operatorValues,
});
export type FieldSelector = z.infer<typeof fieldSelectorSchema>;

const advancedEventSelectorSchema = z.object({
  name: z.string().optional().describe('Free text: never used to decide a verdict'),
  fieldSelectors: z.array(fieldSelectorSchema),
});
export type AdvancedEventSelector = z.infer<typeof advancedEventSelectorSchema>;

const basicEventSelectorSchema = z.object({
  readWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']),
  includeManagementEvents: z.boolean(),
  excludeManagementEventSources: z.array(z.string()),
  dataResources: z.array(z.object({ type: z.string(), values: z.array(z.string()) })),
});
export type BasicEventSelector = z.infer<typeof basicEventSelectorSchema>;

const trailSelectorsSchema = z.object({
  eventSelectors: z.array(basicEventSelectorSchema),
  advancedEventSelectors: z.array(advancedEventSelectorSchema),
});
export type TrailSelectors = z.infer<typeof trailSelectorsSchema>;

const trailStatusSchema = z.object({
  isLogging: z.boolean(),
  latestDeliveryTime: z.string().optional().describe('The last delivery of log files to S3'),
  latestDeliveryError: z.string().optional(),
  latestDigestDeliveryError: z.string().optional(),
  latestCloudWatchLogsDeliveryTime: z.string().optional(),
  latestCloudWatchLogsDeliveryError: z.string().optional(),
  latestNotificationError: z.string().optional(),
});
export type TrailStatus = z.infer<typeof trailStatusSchema>;

const trailSchema = z.object({
  arn: z.string(),
  name: z.string(),
  homeRegion: z.string(),
  ownerAccountId: z
    .string()
    .describe(
      'The account in the trail ARN; differs from the scanned account for organization trails of member accounts',
    ),
  isMultiRegion: z.boolean(),
  isOrganizationTrail: z.boolean(),
  includeGlobalServiceEvents: z.boolean(),
  logFileValidationEnabled: z.boolean(),
  hasCustomEventSelectors: z.boolean(),
  hasInsightSelectors: z.boolean(),
  s3BucketName: z.string().optional(),
  s3KeyPrefix: z.string().optional(),
  snsTopicArn: z.string().optional(),
  kmsKeyId: z.string().optional(),
  cloudWatchLogsLogGroupArn: z.string().optional(),
  cloudWatchLogsRoleArn: z.string().optional(),
  status: envelopeSchema(trailStatusSchema)
    .optional()
    .describe(
      'GetTrailStatus, in the home Region, by ARN: every trail (slice trailStatus), or for whether Regions are recorded (slice loggingCoverage) every multi-Region and organization trail, and another single-Region trail only when none of the account’s own multi-Region trails listed in its Region says it is logging',
    ),
  selectors: envelopeSchema(trailSelectorsSchema)
    .optional()
    .describe(
      'GetEventSelectors, in the home Region, by ARN: own trails (slice eventSelectors), or own multi-Region trails only (slice multiRegionEventSelectors)',
    ),
  insightSelectors: envelopeSchema(z.array(z.string()))
    .optional()
    .describe(
      'GetInsightSelectors: the Insights types enabled (none when Insights is off); own multi-Region trails only',
    ),
  tags: envelopeSchema(z.record(z.string(), z.string()))
    .optional()
    .describe('ListTags, in the home Region, by ARN: key → value; own trails only'),
});
export type Trail = z.infer<typeof trailSchema>;

const publicAccessBlockSchema = z.object({
  blockPublicAcls: z.boolean(),
  ignorePublicAcls: z.boolean(),
  blockPublicPolicy: z.boolean(),
  restrictPublicBuckets: z.boolean(),
});
export type PublicAccessBlock = z.infer<typeof publicAccessBlockSchema>;

const aclGrantSchema = z.object({
  granteeType: z.enum(['CanonicalUser', 'AmazonCustomerByEmail', 'Group']),
  granteeId: z.string().optional().describe('Canonical user id, e-mail address or group URI'),
  permission: z.string(),
});
export type AclGrant = z.infer<typeof aclGrantSchema>;

/**
 * Who owns a resource a trail references (its bucket, its KMS key), decided before any read of it: `owned`
 * ones are evaluated, `foreign` ones (another account, e.g. a central log archive) cannot be, `missing`
 * ones no longer exist.
 */
const presenceSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('owned'), region: z.string() }),
  z.object({ state: z.literal('foreign') }),
  z.object({ state: z.literal('missing'), observed: collectionErrorSchema.describe('The NoSuchBucket answer') }),
]);
export type Presence = z.infer<typeof presenceSchema>;

const bucketSchema = z.object({
  name: z.string(),
  presence: envelopeSchema(presenceSchema),
  acl: envelopeSchema(z.object({ grants: z.array(aclGrantSchema) }))
    .optional()
    .describe('GetBucketAcl; not read when ACLs are disabled (BucketOwnerEnforced) or ignored account-wide'),
  policy: envelopeSchema(z.string().nullable())
    .optional()
    .describe(
      'The policy document; null when the bucket has none. Read for public access (slice bucketPublicAccess) ' +
        'only when GetBucketPolicyStatus did not say the policy is not public',
    ),
  policyStatus: envelopeSchema(z.object({ isPublic: z.boolean().optional() }).nullable())
    .optional()
    .describe(
      'GetBucketPolicyStatus; null when the bucket has no policy; not read when RestrictPublicBuckets is on account-wide',
    ),
  publicAccessBlock: envelopeSchema(publicAccessBlockSchema.nullable())
    .optional()
    .describe(
      "The bucket's Block Public Access; not read when the account-wide one has IgnorePublicAcls and " +
        'RestrictPublicBuckets, nor when ACLs are disabled or ignored and the policy is not public',
    ),
  objectOwnership: envelopeSchema(z.string().nullable())
    .optional()
    .describe('Object Ownership; null when not configured'),
  logging: envelopeSchema(z.object({ targetBucket: z.string(), targetPrefix: z.string() }).nullable()).optional(),
  versioning: envelopeSchema(
    z.object({
      status: z.enum(['Enabled', 'Suspended']).nullable().describe('null: versioning was never enabled'),
      mfaDelete: z.boolean(),
    }),
  )
    .optional()
    .describe('GetBucketVersioning'),
  objectLock: envelopeSchema(
    z
      .object({
        enabled: z.boolean(),
        defaultRetention: z
          .object({ mode: z.string(), days: z.number().optional(), years: z.number().optional() })
          .nullable(),
      })
      .nullable(),
  )
    .optional()
    .describe(
      'GetObjectLockConfiguration; null when the bucket has no Object Lock configuration; not read when versioning is off (Object Lock needs it on)',
    ),
});
export type Bucket = z.infer<typeof bucketSchema>;

/** Who owns a KMS key, and what DescribeKey says of it; null metadata: the key does not exist. */
const kmsKeySchema = z.object({
  arn: z.string(),
  presence: envelopeSchema(presenceSchema),
  metadata: envelopeSchema(
    z
      .object({
        keyState: z.string(),
        keyManager: z.string().describe('CUSTOMER or AWS'),
        keySpec: z.string(),
        origin: z.string(),
        deletionDate: z.string().optional(),
      })
      .nullable(),
  )
    .optional()
    .describe('DescribeKey, in the key’s Region; null when the key does not exist'),
  policy: envelopeSchema(z.string()).optional().describe('GetKeyPolicy, the policy named default'),
  rotation: envelopeSchema(z.boolean().nullable())
    .optional()
    .describe('GetKeyRotationStatus; null when the key cannot be rotated (asymmetric, HMAC, imported)'),
});
export type KmsKey = z.infer<typeof kmsKeySchema>;

/**
 * The ARN a KMS key is recorded under in `kmsKeys`, from the id, alias or ARN by which a trail or event data
 * store of this Region and account names it.
 */
export function kmsKeyArn(keyId: string, within: { arn: string; region: string }): string {
  if (keyId.startsWith('arn:')) return keyId;
  const [, partition = 'aws', , , accountId = ''] = within.arn.split(':');
  const resource = keyId.startsWith('alias/') ? keyId : `key/${keyId}`;
  return `arn:${partition}:kms:${within.region}:${accountId}:${resource}`;
}

const metricFilterSchema = z.object({
  name: z.string(),
  pattern: z.string(),
  metrics: z.array(z.object({ namespace: z.string(), name: z.string() })),
});
export type MetricFilter = z.infer<typeof metricFilterSchema>;

/** A trail's CloudWatch Logs log group; null filters: the group does not exist. */
const logGroupSchema = z.object({
  arn: z.string(),
  presence: envelopeSchema(presenceSchema),
  metricFilters: envelopeSchema(z.array(metricFilterSchema).nullable()).optional(),
});
export type LogGroup = z.infer<typeof logGroupSchema>;

/** A metric of a metric filter (`<Region>|<namespace>|<name>`), and the alarms on it. */
const metricSchema = z.object({
  key: z.string(),
  region: z.string(),
  namespace: z.string(),
  name: z.string(),
  alarms: envelopeSchema(z.array(z.object({ name: z.string(), actions: z.array(z.string()) }))).optional(),
});
export type Metric = z.infer<typeof metricSchema>;

/** An SNS topic alarms notify; null subscriptions: the topic does not exist. */
const topicSchema = z.object({
  arn: z.string(),
  presence: envelopeSchema(presenceSchema),
  subscriptions: envelopeSchema(
    z.array(z.object({ protocol: z.string(), endpoint: z.string(), confirmed: z.boolean() })).nullable(),
  ).optional(),
});
export type Topic = z.infer<typeof topicSchema>;

const eventBusRuleSchema = z.object({
  name: z.string(),
  arn: z.string(),
  state: z.string(),
  eventPattern: z.string().nullable().describe('The event pattern (JSON); null for a scheduled rule'),
});
export type EventBusRule = z.infer<typeof eventBusRuleSchema>;

/** The default event bus of a Region, and its rules. */
const eventBusSchema = z.object({
  region: z.string(),
  rules: envelopeSchema(z.array(eventBusRuleSchema)).optional(),
});
export type EventBus = z.infer<typeof eventBusSchema>;

const eventRuleSchema = z.object({
  arn: z.string(),
  region: z.string(),
  name: z.string(),
  targets: envelopeSchema(z.array(z.string())).optional().describe('ListTargetsByRule: the target ARNs'),
});
export type EventRule = z.infer<typeof eventRuleSchema>;

const eventDataStoreSchema = z.object({
  arn: z.string(),
  name: z.string(),
  region: z.string(),
  details: envelopeSchema(
    z.object({
      kmsKeyId: z.string().nullable().describe('The KMS key; null when the store is encrypted with a key AWS owns'),
      multiRegion: z.boolean(),
      organization: z.boolean(),
      status: z.string(),
    }),
  )
    .optional()
    .describe('GetEventDataStore (ListEventDataStores no longer says any of it)'),
});
export type EventDataStore = z.infer<typeof eventDataStoreSchema>;

/** A CloudTrail event history entry about trails (LookupEvents). */
const historyEventSchema = z.object({
  eventName: z.string(),
  time: z.string(),
  resourceNames: z.array(z.string()),
  user: z.string().nullable(),
  sourceIpAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type HistoryEvent = z.infer<typeof historyEventSchema>;

/** A Region's event history for the trail-tampering events, over the window asked for. */
const regionHistorySchema = z.object({
  region: z.string(),
  since: z.string(),
  events: envelopeSchema(z.array(historyEventSchema)).optional(),
  /** LookupEvents calls the history took (one per event name and page). */
  calls: z.number().int().optional(),
});
export type RegionHistory = z.infer<typeof regionHistorySchema>;

export const skippedRegionSchema = z.object({ region: z.string(), reason: z.string() });
export type SkippedRegion = z.infer<typeof skippedRegionSchema>;

export const accountSchema = z.object({
  id: z.string(),
  partition: z.string(),
  identityArn: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

export const inventorySchema = z.object({
  schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
  collectedAt: z.iso.datetime({ offset: true }).describe('When the scan collected it (ISO 8601)'),
  account: accountSchema,
  regions: z.object({ scanned: z.array(z.string()), skipped: z.array(skippedRegionSchema) }),
  slices: z
    .array(sliceSchema)
    .describe('What was collected; a check needing anything else cannot be evaluated from this inventory'),
  trailLists: z
    .record(z.string(), envelopeSchema(z.array(z.string())))
    .describe('Per scanned Region, the ARNs DescribeTrails returned there (shadow trails included)'),
  trails: z.record(z.string(), trailSchema).describe('Every distinct trail, keyed by ARN'),
  accountPublicAccessBlock: envelopeSchema(publicAccessBlockSchema.nullable()).optional(),
  buckets: z.record(z.string(), bucketSchema).describe('Every distinct trail bucket, keyed by name'),
  integrity: integritySchema
    .optional()
    .describe('What trailscan verify-logs read: digest chains and log files per trail and Region'),
  kmsKeys: z.record(z.string(), kmsKeySchema).optional().describe('KMS keys of trails and event data stores, by ARN'),
  logGroups: z.record(z.string(), logGroupSchema).optional().describe('Trails’ CloudWatch Logs log groups, by ARN'),
  metrics: z.record(z.string(), metricSchema).optional().describe('Metrics of CloudTrail metric filters'),
  topics: z.record(z.string(), topicSchema).optional().describe('SNS topics alarms notify, by ARN'),
  eventBuses: z.record(z.string(), eventBusSchema).optional().describe('Default event buses, by Region'),
  eventRules: z.record(z.string(), eventRuleSchema).optional().describe('EventBridge rules on CloudTrail events'),
  eventDataStoreLists: z
    .record(z.string(), envelopeSchema(z.array(z.string())))
    .optional()
    .describe('Per scanned Region, the event data stores ListEventDataStores returned'),
  eventDataStores: z.record(z.string(), eventDataStoreSchema).optional().describe('CloudTrail Lake event data stores'),
  histories: z.record(z.string(), regionHistorySchema).optional().describe('Event history per Region (--history)'),
  ownerViews: z
    .record(
      z.string(),
      z.object({
        status: envelopeSchema(trailStatusSchema).optional(),
        selectors: envelopeSchema(trailSelectorsSchema).optional(),
      }),
    )
    .optional()
    .describe(
      'Organization trails of another account, keyed by ARN, as their owner read them (GetTrailStatus, GetEventSelectors): set when a scan of several accounts covers the owner too',
    ),
  recoveredErrors: z
    .array(collectionErrorSchema)
    .describe('Failed calls the scan worked around, e.g. ListBuckets denied, then each bucket asked directly'),
});
export type Inventory = z.infer<typeof inventorySchema>;
