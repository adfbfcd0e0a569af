import { defineCheck, judgeTrailBuckets, read, regionFlag, shellQuote, z } from './api.js';

export default defineCheck({
  id: 'CloudTrail.7',
  title: 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket',
  description:
    'Checks that server access logging is enabled on the S3 bucket receiving CloudTrail logs ' +
    '(GetBucketLogging returns LoggingEnabled). CloudTrail S3 data events do not count. Buckets of ' +
    'other accounts get WARNING.',
  severity: 'LOW',
  resourceType: 'AwsS3Bucket',
  source: 'security-hub',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7',
  tags: ['cloudtrail'],
  standards: ['aws-foundational'],
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html'],
  compliance: {
    'CIS AWS Foundations Benchmark v1.2.0': ['2.6'],
    'CIS AWS Foundations Benchmark v1.4.0': ['3.6'],
    'CIS AWS Foundations Benchmark v3.0.0': ['3.4'],
    'CIS AWS Foundations Benchmark v5.0.0': ['3.4'],
  },
  reasons: {
    S3_ACCESS_LOGGING_ENABLED: 'Bucket {bucket} logs access to {target}',
    S3_ACCESS_LOGGING_DISABLED: 'Bucket {bucket} has server access logging disabled',
  },
  parameters: z.object({}),
  needs: () => ['trails', 'bucketLogging'],
  remediation: (finding) => {
    const bucket = finding.resource.name;
    const status = JSON.stringify({ LoggingEnabled: { TargetBucket: '<log-bucket>', TargetPrefix: `${bucket}/` } });
    return {
      text:
        'Enable server access logging on the bucket, delivering to another bucket in the same Region ' +
        '(replace <log-bucket> with it).',
      commands: [
        `aws s3api put-bucket-logging --bucket ${shellQuote(bucket)} --bucket-logging-status ${shellQuote(status)}${regionFlag(finding.resource.region)}`,
      ],
    };
  },
  evaluate: (inventory, _params, verdict) =>
    judgeTrailBuckets(inventory, ({ bucket }) => {
      const logging = read(bucket.logging, `logging of bucket ${bucket.name}`);
      return logging === null
        ? verdict.failed('S3_ACCESS_LOGGING_DISABLED', { bucket: bucket.name })
        : verdict.passed(
            'S3_ACCESS_LOGGING_ENABLED',
            { bucket: bucket.name, target: logging.targetBucket },
            { targetBucket: logging.targetBucket, targetPrefix: logging.targetPrefix },
          );
    }),
});
