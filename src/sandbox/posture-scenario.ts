/**
 * The parts of a scenario beyond trails and buckets that the posture checks read: KMS keys, CloudWatch
 * Logs metric filters, CloudWatch alarms, SNS topics, EventBridge rules, CloudTrail Lake event data stores
 * and CloudTrail event history. Each is an account's resource, as in AWS; the builders in `builders.ts`
 * give compliant trails the resources that make them compliant.
 */
import * as z from 'zod';
import { TAMPERING_EVENTS } from '../model/monitoring.js';
import { instant, regionName } from './scenario-values.js';

export const kmsKey = z.strictObject({
  id: z.string().regex(/^[0-9a-f-]{36}$/, 'must be a key id (a UUID)'),
  region: regionName,
  state: z
    .enum([
      'Enabled',
      'Disabled',
      'PendingDeletion',
      'PendingImport',
      'PendingReplicaDeletion',
      'Unavailable',
      'Updating',
    ])
    .default('Enabled'),
  manager: z.enum(['CUSTOMER', 'AWS']).default('CUSTOMER'),
  spec: z.enum(['SYMMETRIC_DEFAULT', 'RSA_2048', 'ECC_NIST_P256', 'HMAC_256']).default('SYMMETRIC_DEFAULT'),
  origin: z.enum(['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']).default('AWS_KMS'),
  rotation: z.boolean().default(true).describe('Automatic rotation (GetKeyRotationStatus)'),
  deletionDate: instant.optional().describe('For PendingDeletion: when the key is deleted'),
  policy: z.record(z.string(), z.unknown()).optional().describe('The key policy; a default one when omitted'),
});

export const logGroup = z.strictObject({
  name: z.string().min(1),
  region: regionName,
  metricFilters: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        pattern: z.string(),
        metricNamespace: z.string().default('CloudTrailMetrics'),
        metricName: z.string().min(1),
      }),
    )
    .default([]),
});

export const alarm = z.strictObject({
  name: z.string().min(1),
  region: regionName,
  metricNamespace: z.string().default('CloudTrailMetrics'),
  metricName: z.string().min(1),
  actions: z.array(z.string()).default([]).describe('Alarm actions: SNS topic ARNs'),
});

export const topic = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be a topic name'),
  region: regionName,
  subscriptions: z
    .array(
      z.strictObject({
        protocol: z.enum(['email', 'sms', 'https', 'http', 'sqs', 'lambda']).default('email'),
        endpoint: z.string().min(1),
        confirmed: z.boolean().default(true),
      }),
    )
    .default([]),
});

export const eventRule = z.strictObject({
  name: z.string().regex(/^[.\-_A-Za-z0-9]{1,64}$/, 'must be a rule name'),
  region: regionName,
  eventPattern: z.record(z.string(), z.unknown()),
  state: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
  targets: z.array(z.string()).default([]).describe('Target ARNs'),
});

export const eventDataStore = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]{3,128}$/, 'must be an event data store name'),
  region: regionName,
  kmsKeyId: z.string().optional().describe('A KMS key ARN; unset means encrypted with a key AWS owns'),
  multiRegion: z.boolean().default(true),
  organization: z.boolean().default(false),
});

export const historyEvent = z.strictObject({
  region: regionName,
  eventName: z.enum(TAMPERING_EVENTS),
  time: instant,
  resourceName: z.string().describe('The trail (or event data store) the call was about'),
  userName: z.string().default('admin'),
  sourceIpAddress: z.string().default('203.0.113.10'),
  userAgent: z.string().default('aws-cli/2.15.0'),
});

export const bucketVersioning = z.strictObject({
  status: z.enum(['Enabled', 'Suspended']),
  mfaDelete: z.boolean().default(false),
});

export const objectLock = z.strictObject({
  retention: z
    .strictObject({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']), days: z.number().int().positive() })
    .optional()
    .describe('The default retention; Object Lock without one protects only objects given one explicitly'),
});

/** The account-level resources, spread into the account schema. */
export const postureResources = {
  kmsKeys: z.array(kmsKey).default([]),
  logGroups: z.array(logGroup).default([]),
  alarms: z.array(alarm).default([]),
  topics: z.array(topic).default([]),
  eventRules: z.array(eventRule).default([]).describe('Rules on the default event bus'),
  eventDataStores: z.array(eventDataStore).default([]),
  history: z.array(historyEvent).default([]).describe('CloudTrail event history (LookupEvents)'),
};

/** The CIS recipe for monitoring CloudTrail configuration changes (CloudWatch.5), exactly. */
export const CIS_CLOUDTRAIL_CHANGES_PATTERN =
  '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }';
