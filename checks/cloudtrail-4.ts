import { z } from 'zod';
import { defineCheck, failed, passed } from '../src/model/check.js';
import { judgeTrails } from './lib/trail-scope.js';

export const cloudTrail4 = defineCheck({
  id: 'CloudTrail.4',
  title: 'CloudTrail log file validation should be enabled',
  description:
    'Checks that each trail has log file integrity validation enabled, so CloudTrail writes signed digest files.',
  severity: 'LOW',
  resourceType: 'AwsCloudTrailTrail',
  references: [
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
  ],
  compliance: {
    'CIS AWS Foundations Benchmark v1.2.0': ['2.2'],
    'CIS AWS Foundations Benchmark v1.4.0': ['3.2'],
    'CIS AWS Foundations Benchmark v3.0.0': ['3.2'],
    'CIS AWS Foundations Benchmark v5.0.0': ['3.2'],
  },
  parameters: z.object({}),
  needs: () => ['trails'],
  remediation: (finding) => ({
    text: 'Enable log file validation on the trail.',
    commands: [
      `aws cloudtrail update-trail --name ${finding.resource.id} --enable-log-file-validation --region ${finding.resource.region}`,
    ],
  }),
  evaluate: (inventory) =>
    judgeTrails(inventory, (trail) =>
      trail.logFileValidationEnabled
        ? passed('LOG_FILE_VALIDATION_ENABLED', `Trail ${trail.name} has log file validation enabled`)
        : failed('LOG_FILE_VALIDATION_DISABLED', `Trail ${trail.name} has log file validation disabled`),
    ),
});
