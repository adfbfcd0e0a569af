import { defineCheck, judgeObjectEvents, objectEventsRemediation, S3_OBJECT_EVENT_REASONS, z } from './api.js';

export default defineCheck({
  id: 'S3.23',
  source: 'security-hub',
  title: 'S3 general purpose buckets should log object-level read events',
  description:
    'Checks that a multi-Region trail that is logging records every S3 object-level read event in all current ' +
    'and future buckets: a basic selector for AWS::S3::Object with arn:<partition>:s3 and ReadWriteType All or ' +
    'ReadOnly, or an advanced selector for Data events of AWS::S3::Object with no condition narrowing it but ' +
    'readOnly = true.',
  severity: 'MEDIUM',
  resourceType: 'AwsAccount',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-23',
  references: [
    'https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-all-read-s3-data-event-check.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
  ],
  tags: ['cloudtrail', 's3'],
  standards: ['aws-foundational'],
  compliance: {
    'CIS AWS Foundations Benchmark v3.0.0': ['3.9'],
    'CIS AWS Foundations Benchmark v5.0.0': ['3.9'],
    'PCI DSS v4.0.1': ['10.2.1'],
  },
  reasons: S3_OBJECT_EVENT_REASONS,
  parameters: z.object({}).strict(),
  needs: () => ['trails', 'loggingCoverage', 'multiRegionEventSelectors'],
  remediation: (finding) => objectEventsRemediation(finding, 'read'),
  evaluate: (inventory, _params, verdict) => judgeObjectEvents(inventory, 'read', verdict),
});
