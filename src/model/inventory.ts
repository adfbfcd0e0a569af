/**
 * The Inventory: everything a scan collected, as plain JSON-serialisable data.
 *
 * It is the seam between collection (AWS I/O) and evaluation (pure checks). Every collected slice is an
 * envelope — either the value or the error that prevented reading it — so a failed call can never be
 * mistaken for a default value. Saved with `--save-inventory`, re-evaluated with `trailscan evaluate`.
 */
import { z } from 'zod';
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
  'eventSelectors',
  'insightSelectors',
  'trailTags',
  'bucketPublicAccess',
  'bucketLogging',
  'digests',
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
  latestDeliveryError: z.string().optional(),
  latestCloudWatchLogsDeliveryTime: z.string().optional(),
  latestCloudWatchLogsDeliveryError: z.string().optional(),
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
  status: envelopeSchema(trailStatusSchema).optional().describe('GetTrailStatus, in the home Region, by ARN'),
  selectors: envelopeSchema(trailSelectorsSchema).optional().describe('GetEventSelectors, in the home Region, by ARN'),
  insightSelectors: envelopeSchema(z.array(z.string()))
    .optional()
    .describe('GetInsightSelectors: the Insights types enabled (none when Insights is off); own trails only'),
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
  acl: envelopeSchema(z.object({ grants: z.array(aclGrantSchema) })).optional(),
  policy: envelopeSchema(z.string().nullable())
    .optional()
    .describe('The policy document; null when the bucket has none'),
  policyStatus: envelopeSchema(z.object({ isPublic: z.boolean().optional() }).nullable())
    .optional()
    .describe('GetBucketPolicyStatus; null when the bucket has no policy'),
  publicAccessBlock: envelopeSchema(publicAccessBlockSchema.nullable()).optional(),
  objectOwnership: envelopeSchema(z.string().nullable())
    .optional()
    .describe('Object Ownership; null when not configured'),
  logging: envelopeSchema(z.object({ targetBucket: z.string(), targetPrefix: z.string() }).nullable()).optional(),
});
export type Bucket = z.infer<typeof bucketSchema>;

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
