import { defineCheck, judgeTrails, shellQuote, z } from './api.js';

export default defineCheck({
  id: 'CloudTrail.2',
  title: 'CloudTrail should have encryption at-rest enabled',
  description: 'Checks that each trail encrypts its log files with an AWS KMS key (SSE-KMS): the trail has a KmsKeyId.',
  severity: 'MEDIUM',
  resourceType: 'AwsCloudTrailTrail',
  source: 'security-hub',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2',
  tags: ['cloudtrail'],
  standards: ['aws-foundational'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html',
  ],
  compliance: {
    'AWS Foundational Security Best Practices v1.0.0': ['CloudTrail.2'],
    'CIS AWS Foundations Benchmark v1.2.0': ['2.7'],
    'CIS AWS Foundations Benchmark v1.4.0': ['3.7'],
    'CIS AWS Foundations Benchmark v3.0.0': ['3.5'],
    'CIS AWS Foundations Benchmark v5.0.0': ['3.5'],
  },
  reasons: {
    TRAIL_ENCRYPTED: 'Trail {trail} encrypts its logs with KMS key {key}',
    TRAIL_NOT_ENCRYPTED: 'Trail {trail} does not encrypt its logs with a KMS key',
  },
  parameters: z.object({}),
  needs: () => ['trails'],
  remediation: (finding) => ({
    text: 'Create a KMS key whose key policy lets CloudTrail encrypt (replace <kms-key-arn>), then point the trail at it.',
    commands: [
      `aws cloudtrail update-trail --name ${shellQuote(finding.resource.id)} --kms-key-id <kms-key-arn> --region ${shellQuote(finding.resource.region)}`,
    ],
  }),
  evaluate: (inventory, _params, verdict) =>
    judgeTrails(inventory, (trail) =>
      trail.kmsKeyId
        ? verdict.passed('TRAIL_ENCRYPTED', { trail: trail.name, key: trail.kmsKeyId }, { kmsKeyId: trail.kmsKeyId })
        : verdict.failed('TRAIL_NOT_ENCRYPTED', { trail: trail.name }),
    ),
});
