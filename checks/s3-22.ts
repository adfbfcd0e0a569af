import { defineCheck, judgeObjectEvents, objectEventsRemediation, S3_OBJECT_EVENT_REASONS, z } from './api.js';

export default defineCheck({
  id: 'S3.22',
  source: 'security-hub',
  title: 'S3 general purpose buckets should log object-level write events',
  description:
    'Checks that a multi-Region trail that is logging records every S3 object-level write event in all current ' +
    'and future buckets: a basic selector for AWS::S3::Object with arn:<partition>:s3 and ReadWriteType All or ' +
    'WriteOnly, or an advanced selector for Data events of AWS::S3::Object with no condition narrowing it but ' +
    'readOnly = false.',
  severity: 'MEDIUM',
  resourceType: 'AwsAccount',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-22',
  references: [
    'https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-all-write-s3-data-event-check.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
  ],
  tags: ['cloudtrail', 's3'],
  standards: ['aws-foundational'],
  compliance: {
    'CIS AWS Foundations Benchmark v3.0.0': ['3.8'],
    'CIS AWS Foundations Benchmark v5.0.0': ['3.8'],
    'PCI DSS v4.0.1': ['10.2.1'],
  },
  reasons: S3_OBJECT_EVENT_REASONS,
  parameters: z.object({}).strict(),
  needs: () => ['trails', 'loggingCoverage', 'multiRegionEventSelectors'],
  remediation: (finding) => objectEventsRemediation(finding, 'write'),
  evaluate: (inventory, _params, verdict) => judgeObjectEvents(inventory, 'write', verdict),
});
