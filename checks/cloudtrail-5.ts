import { defineCheck, judgeTrails, read, shellQuote, z } from './api.js';

const parameters = z
  .object({
    maxDeliveryAgeHours: z
      .number()
      .positive()
      .optional()
      .describe(
        'CIS v1.x flavour: also require a CloudWatch Logs delivery (LatestCloudWatchLogsDeliveryTime) within ' +
          'this many hours of the scan. Unset, as in Security Hub: only the log group is required.',
      ),
  })
  .strict();

export default defineCheck({
  id: 'CloudTrail.5',
  title: 'CloudTrail trails should be integrated with Amazon CloudWatch Logs',
  description:
    'Checks that each trail sends its events to a CloudWatch Logs log group (CloudWatchLogsLogGroupArn is ' +
    'set). With the maxDeliveryAgeHours parameter, also that the latest delivery is recent (CIS v1.x).',
  severity: 'LOW',
  resourceType: 'AwsCloudTrailTrail',
  source: 'security-hub',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5',
  tags: ['cloudtrail'],
  standards: ['aws-foundational'],
  // CIS v1.x also asks for a delivery to CloudWatch Logs within the last day.
  standardParameters: { 'cis-1.4': { maxDeliveryAgeHours: 24 } },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html',
  ],
  compliance: {
    'AWS Foundational Security Best Practices v1.0.0': ['CloudTrail.5'],
    'CIS AWS Foundations Benchmark v1.2.0': ['2.4'],
    'CIS AWS Foundations Benchmark v1.4.0': ['3.4'],
  },
  reasons: {
    CLOUDWATCH_LOGS_CONFIGURED: 'Trail {trail} sends events to {logGroup}',
    CLOUDWATCH_LOGS_NOT_CONFIGURED: 'Trail {trail} does not send events to CloudWatch Logs',
    CLOUDWATCH_LOGS_DELIVERY_TIME_INVALID: 'Trail {trail} has an unreadable delivery time',
    CLOUDWATCH_LOGS_DELIVERY_STALE: 'Trail {trail} {lastDelivery}',
  },
  parameters,
  needs: (params) => (params.maxDeliveryAgeHours === undefined ? ['trails'] : ['trails', 'trailStatus']),
  remediation: (finding) => ({
    text:
      'Create a log group and an IAM role CloudTrail can assume to write to it (replace <log-group-arn> and ' +
      '<role-arn>), then attach both to the trail.',
    commands: [
      `aws cloudtrail update-trail --name ${shellQuote(finding.resource.id)} --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn> --region ${shellQuote(finding.resource.region)}`,
    ],
  }),
  evaluate: (inventory, params, verdict) =>
    judgeTrails(inventory, (trail) => {
      const logGroup = trail.cloudWatchLogsLogGroupArn;
      if (!logGroup) {
        return verdict.failed('CLOUDWATCH_LOGS_NOT_CONFIGURED', { trail: trail.name });
      }
      const maxAge = params.maxDeliveryAgeHours;
      if (maxAge !== undefined) {
        const status = read(trail.status, `status of trail ${trail.arn}`);
        const delivered = status.latestCloudWatchLogsDeliveryTime;
        const ageHours =
          delivered === undefined ? undefined : (Date.parse(inventory.collectedAt) - Date.parse(delivered)) / 3_600_000;
        if (ageHours !== undefined && Number.isNaN(ageHours)) {
          return verdict.warning(
            'CLOUDWATCH_LOGS_DELIVERY_TIME_INVALID',
            { trail: trail.name },
            { latestCloudWatchLogsDeliveryTime: delivered ?? null },
          );
        }
        if (ageHours === undefined || ageHours > maxAge) {
          const lastDelivery =
            ageHours === undefined
              ? 'has never delivered to CloudWatch Logs'
              : `last delivered to CloudWatch Logs ${Math.floor(ageHours)} h before the scan (limit ${maxAge} h)`;
          return verdict.failed(
            'CLOUDWATCH_LOGS_DELIVERY_STALE',
            { trail: trail.name, lastDelivery },
            { logGroupArn: logGroup, latestCloudWatchLogsDeliveryTime: delivered ?? null },
          );
        }
      }
      return verdict.passed('CLOUDWATCH_LOGS_CONFIGURED', { trail: trail.name, logGroup }, { logGroupArn: logGroup });
    }),
});
