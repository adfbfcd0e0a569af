import { defineCheck, judgeTrails, shellQuote, z } from './api.js';

export default defineCheck({
  id: 'CloudTrail.4',
  title: 'CloudTrail log file validation should be enabled',
  description:
    'Checks that each trail has log file integrity validation enabled, so CloudTrail writes signed digest files.',
  severity: 'LOW',
  resourceType: 'AwsCloudTrailTrail',
  source: 'security-hub',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4',
  tags: ['cloudtrail'],
  standards: ['aws-foundational'],
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html'],
  compliance: {
    'AWS Foundational Security Best Practices v1.0.0': ['CloudTrail.4'],
    'CIS AWS Foundations Benchmark v1.2.0': ['2.2'],
    'CIS AWS Foundations Benchmark v1.4.0': ['3.2'],
    'CIS AWS Foundations Benchmark v3.0.0': ['3.2'],
    'CIS AWS Foundations Benchmark v5.0.0': ['3.2'],
  },
  reasons: {
    LOG_FILE_VALIDATION_ENABLED: 'Trail {trail} has log file validation enabled',
    LOG_FILE_VALIDATION_DISABLED: 'Trail {trail} has log file validation disabled',
  },
  parameters: z.object({}),
  needs: () => ['trails'],
  remediation: (finding) => ({
    text: 'Enable log file validation on the trail.',
    commands: [
      `aws cloudtrail update-trail --name ${shellQuote(finding.resource.id)} --enable-log-file-validation --region ${shellQuote(finding.resource.region)}`,
    ],
  }),
  evaluate: (inventory, _params, verdict) =>
    judgeTrails(inventory, (trail) =>
      trail.logFileValidationEnabled
        ? verdict.passed('LOG_FILE_VALIDATION_ENABLED', { trail: trail.name })
        : verdict.failed('LOG_FILE_VALIDATION_DISABLED', { trail: trail.name }),
    ),
});
