/**
 * Trail delivering: a trail can be logging (CloudTrail.1 and .3 pass) while nothing reaches its bucket,
 * because the bucket policy, the KMS key or the CloudWatch Logs role no longer lets CloudTrail write.
 * GetTrailStatus says so in its Latest…Error fields and its last delivery time.
 */
import { defineCheck, judgeTrails, read, shellQuote, type Finding, type Trail, type TrailStatus, z } from './api.js';

const reasons = {
  TRAIL_DELIVERING: 'Trail {trail} last delivered log files {age} before the scan, and reports no delivery error',
  DELIVERY_ERRORS: 'Trail {trail} reports delivery errors: {errors}',
  DELIVERY_STALE: 'Trail {trail} last delivered log files {age} before the scan (limit {limit} h)',
  NEVER_DELIVERED: 'Trail {trail} is logging but has never delivered log files',
  DELIVERY_TIME_INVALID: 'Trail {trail} has an unreadable delivery time: {time}',
} as const;

/** The error fields of GetTrailStatus, each counted only when the trail uses what it is about. */
const ERROR_FIELDS: { field: keyof TrailStatus; label: string; applies: (trail: Trail) => boolean }[] = [
  { field: 'latestDeliveryError', label: 'S3 delivery', applies: () => true },
  { field: 'latestDigestDeliveryError', label: 'digest delivery', applies: (t) => t.logFileValidationEnabled },
  {
    field: 'latestCloudWatchLogsDeliveryError',
    label: 'CloudWatch Logs delivery',
    applies: (t) => t.cloudWatchLogsLogGroupArn !== undefined,
  },
  { field: 'latestNotificationError', label: 'SNS notification', applies: () => true },
];

const HOUR = 3_600_000;
const describeAge = (hours: number) => (hours < 48 ? `${Math.floor(hours)} h` : `${Math.floor(hours / 24)} days`);

/** Trails in scope: logging ones, and those whose status is unknown (they may be logging). */
const mayBeLogging = (trail: Trail) => trail.status?.ok !== true || trail.status.value.isLogging;

const parameters = z
  .object({
    maxDeliveryAgeHours: z
      .number()
      .positive()
      .default(24)
      .describe('The most hours since the last delivery of log files to S3 (LatestDeliveryTime) that passes'),
  })
  .strict();

function remediation(finding: Finding) {
  const trail = shellQuote(finding.resource.id);
  const region = shellQuote(finding.resource.region);
  return {
    text:
      'Read the error CloudTrail reports, then fix what refuses delivery: the bucket policy (CloudTrail’s ' +
      'statements, see trailscan.log-bucket-policy), a deleted bucket, the KMS key or its policy (see ' +
      'trailscan.kms-key-usable), the CloudWatch Logs role, or the SNS topic policy. A trail with no recent ' +
      'delivery and no error may be recording nothing: check its event selectors.',
    commands: [
      `aws cloudtrail get-trail-status --name ${trail} --region ${region}`,
      `aws cloudtrail get-event-selectors --trail-name ${trail} --region ${region}`,
    ],
  };
}

export default defineCheck({
  id: 'trailscan.trail-delivering',
  source: 'trailscan',
  title: 'Each logging trail should be delivering its logs without errors',
  description:
    'For each logging trail of the account, from GetTrailStatus: no LatestDeliveryError, no ' +
    'LatestDigestDeliveryError (when log file validation is on), no LatestCloudWatchLogsDeliveryError (when a ' +
    'log group is set) and no LatestNotificationError, and a LatestDeliveryTime within maxDeliveryAgeHours of ' +
    'the scan (24 by default). A trail that is not logging is left to CloudTrail.1 and CloudTrail.3. As the ' +
    'CloudTrail API reference documents GetTrailStatus and the user guide’s troubleshooting section reads these ' +
    'errors: a delivery error means log files are not reaching the bucket (often its policy or the KMS key).',
  severity: 'HIGH',
  resourceType: 'AwsCloudTrailTrail',
  documentationUrl: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html',
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-troubleshooting.html',
  ],
  tags: ['cloudtrail'],
  standards: [],
  compliance: { 'NIST SP 800-53 Rev. 5': ['AU-5', 'AU-6', 'AU-12'] },
  reasons,
  parameters,
  needs: () => ['trails', 'trailStatus'],
  remediation,
  evaluate: (inventory, params, verdict) =>
    judgeTrails(
      inventory,
      (trail) => {
        const status = read(trail.status, `status of trail ${trail.arn}`);
        const names = { trail: trail.name };
        const errors = ERROR_FIELDS.filter(({ field, applies }) => applies(trail) && status[field] !== undefined);
        const evidence = {
          latestDeliveryTime: status.latestDeliveryTime ?? null,
          ...Object.fromEntries(errors.map(({ field }) => [field, status[field]])),
        };
        if (errors.length > 0) {
          const described = errors.map(({ field, label }) => `${label}: ${String(status[field])}`).join('; ');
          return verdict.failed('DELIVERY_ERRORS', { ...names, errors: described }, evidence);
        }
        const delivered = status.latestDeliveryTime;
        if (delivered === undefined) return verdict.failed('NEVER_DELIVERED', names, evidence);
        const hours = (Date.parse(inventory.collectedAt) - Date.parse(delivered)) / HOUR;
        if (Number.isNaN(hours))
          return verdict.warning('DELIVERY_TIME_INVALID', { ...names, time: delivered }, evidence);
        const age = describeAge(Math.max(0, hours));
        if (hours > params.maxDeliveryAgeHours) {
          return verdict.failed('DELIVERY_STALE', { ...names, age, limit: params.maxDeliveryAgeHours }, evidence);
        }
        return verdict.passed('TRAIL_DELIVERING', { ...names, age }, evidence);
      },
      mayBeLogging,
    ),
});
