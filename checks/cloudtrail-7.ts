import { z } from 'zod';
import { defineCheck, failed, passed, read } from '../src/model/check.js';
import { judgeTrailBuckets } from './lib/bucket-scope.js';
import { regionFlag } from './lib/resources.js';

export const cloudTrail7 = defineCheck({
  id: 'CloudTrail.7',
  title: 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket',
  description:
    'Checks that server access logging is enabled on the S3 bucket receiving CloudTrail logs ' +
    '(GetBucketLogging returns LoggingEnabled). CloudTrail S3 data events do not count. Buckets of ' +
    'other accounts get WARNING.',
  severity: 'LOW',
  resourceType: 'AwsS3Bucket',
  references: [
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html',
  ],
  compliance: {
    'CIS AWS Foundations Benchmark v1.2.0': ['2.6'],
    'CIS AWS Foundations Benchmark v1.4.0': ['3.6'],
    'CIS AWS Foundations Benchmark v3.0.0': ['3.4'],
    'CIS AWS Foundations Benchmark v5.0.0': ['3.4'],
  },
  parameters: z.object({}),
  needs: () => ['trails', 'bucketLogging'],
  remediation: (finding) => {
    const bucket = finding.resource.name;
    return {
      text:
        'Enable server access logging on the bucket, delivering to another bucket in the same Region ' +
        '(replace <log-bucket> with it).',
      commands: [
        `aws s3api put-bucket-logging --bucket ${bucket} --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"${bucket}/"}}'${regionFlag(finding.resource.region)}`,
      ],
    };
  },
  evaluate: (inventory) =>
    judgeTrailBuckets(inventory, ({ bucket }) => {
      const logging = read(bucket.logging, `logging of bucket ${bucket.name}`);
      return logging === null
        ? failed('S3_ACCESS_LOGGING_DISABLED', `Bucket ${bucket.name} has server access logging disabled`)
        : passed('S3_ACCESS_LOGGING_ENABLED', `Bucket ${bucket.name} logs access to ${logging.targetBucket}`, {
            targetBucket: logging.targetBucket,
            targetPrefix: logging.targetPrefix,
          });
    }),
});
