import { defineCheck, judgeTrails, read, shellQuote, z } from './api.js';

/** Keys AWS reserves for itself; Security Hub ignores them. */
const isSystemKey = (key: string) => key.toLowerCase().startsWith('aws:');

export default defineCheck({
  id: 'CloudTrail.9',
  source: 'security-hub',
  title: 'CloudTrail trails should be tagged',
  description:
    'Checks that each trail the account owns has at least one tag key other than the system aws: keys and, ' +
    'with the requiredTagKeys parameter, every one of those keys (case-sensitive), as Security Hub does.',
  severity: 'LOW',
  resourceType: 'AwsCloudTrailTrail',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-9',
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTags.html'],
  tags: ['cloudtrail'],
  standards: ['aws-resource-tagging'],
  compliance: { 'AWS Resource Tagging Standard v1.0.0': ['CloudTrail.9'] },
  reasons: {
    TRAIL_TAGGED: 'Trail {trail} is tagged with {keys}',
    TRAIL_NOT_TAGGED: 'Trail {trail} has no tags other than system tags',
    REQUIRED_TAG_KEYS_MISSING: 'Trail {trail} lacks the required tag keys {missing}',
  },
  parameters: z
    .object({
      requiredTagKeys: z
        .array(z.string().min(1).max(128))
        .max(6)
        .default([])
        .describe('Tag keys every trail must have (case-sensitive), at most 6, as in Security Hub'),
    })
    .strict(),
  needs: () => ['trails', 'trailTags'],
  remediation: (finding) => {
    const missing = (finding.evidence['missingKeys'] ?? []) as string[];
    const keys = missing.length > 0 ? missing : ['<key>'];
    return {
      text: 'Tag the trail (replace each <value>, and <key> with a key your organisation uses).',
      commands: [
        `aws cloudtrail add-tags --resource-id ${shellQuote(finding.resource.id)} --tags-list ${keys.map((k) => `Key=${k === '<key>' ? k : shellQuote(k)},Value=<value>`).join(' ')} --region ${shellQuote(finding.resource.region)}`,
      ],
    };
  },
  evaluate: (inventory, params, verdict) =>
    judgeTrails(inventory, (trail) => {
      const tags = read(trail.tags, `tags of trail ${trail.arn}`);
      const keys = Object.keys(tags).filter((key) => !isSystemKey(key));
      const evidence = { tagKeys: keys };
      const missing = params.requiredTagKeys.filter((key) => !Object.hasOwn(tags, key));
      if (missing.length > 0) {
        return verdict.failed(
          'REQUIRED_TAG_KEYS_MISSING',
          { trail: trail.name, missing: missing.join(', ') },
          { ...evidence, missingKeys: missing },
        );
      }
      if (keys.length === 0) return verdict.failed('TRAIL_NOT_TAGGED', { trail: trail.name }, evidence);
      return verdict.passed('TRAIL_TAGGED', { trail: trail.name, keys: keys.join(', ') }, evidence);
    }),
});
