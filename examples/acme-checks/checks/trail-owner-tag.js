// @ts-check
import { defineCheck, judgeTrails, read, regionFlag, z } from 'trailscan/check';

export default defineCheck({
  id: 'acme.trail-owner-tag',
  source: 'plugin',
  title: 'CloudTrail trails should carry an owner tag naming an approved owner',
  description:
    'Checks that each trail the account owns has the owner tag (the tagKey parameter, owner by default) and that ' +
    'its value is one of the approved owners (the owners parameter), so every trail has a team that answers for it.',
  severity: 'LOW',
  resourceType: 'AwsCloudTrailTrail',
  documentationUrl: 'https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html',
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AddTags.html'],
  tags: ['cloudtrail'],
  compliance: {},
  standards: [],
  reasons: {
    OWNER_APPROVED: 'Trail {trail} is owned by {owner}',
    OWNER_TAG_MISSING: 'Trail {trail} has no {key} tag',
    OWNER_NOT_APPROVED: 'Trail {trail} is tagged {key}={owner}, which is not an approved owner',
  },
  parameters: z
    .object({
      tagKey: z.string().min(1).max(128).default('owner').describe('The tag that names the owner'),
      owners: z.array(z.string().min(1)).min(1).describe('The approved owners'),
    })
    .strict(),
  needs: () => ['trails', 'trailTags'],
  remediation: (finding) => ({
    text: 'Tag the trail with the team that owns it, one of the approved owners (replace <owner>).',
    commands: [
      `aws cloudtrail add-tags --resource-id ${finding.resource.id} --tags-list Key=${String(finding.evidence['tagKey'])},Value=<owner>${regionFlag(finding.resource.region)}`,
    ],
  }),
  evaluate: (inventory, { tagKey, owners }, verdict) =>
    judgeTrails(inventory, (trail) => {
      // A failed ListTags makes this trail NOT_AVAILABLE, with the failed call: never a guess.
      const tags = read(trail.tags, `tags of trail ${trail.arn}`);
      const owner = tags[tagKey];
      const evidence = { tagKey, owner: owner ?? null, approvedOwners: owners };
      if (owner === undefined) return verdict.failed('OWNER_TAG_MISSING', { trail: trail.name, key: tagKey }, evidence);
      if (!owners.includes(owner)) {
        return verdict.failed('OWNER_NOT_APPROVED', { trail: trail.name, key: tagKey, owner }, evidence);
      }
      return verdict.passed('OWNER_APPROVED', { trail: trail.name, owner }, evidence);
    }),
});
