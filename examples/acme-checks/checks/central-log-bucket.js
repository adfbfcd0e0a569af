// @ts-check
import { defineCheck, judgeTrails, regionFlag, z } from 'trailscan/check';

export default defineCheck({
  id: 'acme.central-log-bucket',
  source: 'plugin',
  title: 'CloudTrail trails should deliver to the central log archive bucket',
  description:
    'Checks that each trail the account owns delivers its log files to the bucket of the central log archive ' +
    'account (the centralBucket parameter), where the account that is logged cannot delete them.',
  severity: 'HIGH',
  resourceType: 'AwsCloudTrailTrail',
  documentationUrl:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-receive-logs-from-multiple-accounts.html',
  references: [
    'https://docs.aws.amazon.com/prescriptive-guidance/latest/security-reference-architecture/log-archive.html',
  ],
  tags: ['cloudtrail', 's3'],
  compliance: {},
  standards: [],
  reasons: {
    CENTRAL_BUCKET: 'Trail {trail} delivers to the central log archive bucket {bucket}',
    OTHER_BUCKET: 'Trail {trail} delivers to {bucket}, not to the central log archive bucket {central}',
  },
  parameters: z
    .object({
      centralBucket: z.string().min(3).max(63).describe('The central log archive bucket every trail delivers to'),
    })
    .strict(),
  needs: () => ['trails'],
  remediation: (finding) => ({
    text: 'Point the trail at the central log archive bucket (its bucket policy must let CloudTrail write for this account).',
    commands: [
      `aws cloudtrail update-trail --name ${finding.resource.id} --s3-bucket-name ${String(finding.evidence['centralBucket'])}${regionFlag(finding.resource.region)}`,
    ],
  }),
  // judgeTrails gives one finding per trail, and WARNING for a trail another account manages.
  evaluate: (inventory, { centralBucket }, verdict) =>
    judgeTrails(inventory, (trail) => {
      const bucket = trail.s3BucketName ?? 'no bucket';
      const evidence = { bucket, centralBucket };
      return bucket === centralBucket
        ? verdict.passed('CENTRAL_BUCKET', { trail: trail.name, bucket }, evidence)
        : verdict.failed('OTHER_BUCKET', { trail: trail.name, bucket, central: centralBucket }, evidence);
    }),
});
