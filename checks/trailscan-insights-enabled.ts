/**
 * Insights enabled: CloudTrail Insights notices unusual API call or error rates (a burst of deletions, a
 * script failing on permissions), on a trail that records management events across Regions.
 */
import { defineCheck, judgeTrails, read, shellQuote, z } from './api.js';

const INSIGHT_TYPES = ['ApiCallRateInsight', 'ApiErrorRateInsight'];

export default defineCheck({
  id: 'trailscan.insights-enabled',
  source: 'trailscan',
  title: 'Multi-Region trails should have CloudTrail Insights enabled',
  description:
    'For each multi-Region trail of the account: GetInsightSelectors lists ApiCallRateInsight or ' +
    'ApiErrorRateInsight, so CloudTrail Insights reports unusual management API activity. Insights events ' +
    'are charged per event analysed; this check is informational. As the CloudTrail user guide describes ' +
    'Insights events and how to turn them on.',
  severity: 'INFORMATIONAL',
  resourceType: 'AwsCloudTrailTrail',
  documentationUrl:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html',
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetInsightSelectors.html'],
  tags: ['cloudtrail'],
  standards: [],
  compliance: { 'NIST SP 800-53 Rev. 5': ['AU-6', 'SI-4'] },
  reasons: {
    INSIGHTS_ENABLED: 'Trail {trail} has CloudTrail Insights on: {types}',
    INSIGHTS_NOT_ENABLED: 'Trail {trail} has CloudTrail Insights off',
  },
  parameters: z.object({}).strict(),
  needs: () => ['trails', 'insightSelectors'],
  remediation: (finding) => ({
    text: 'Turn on both Insights types for the trail (it must record write management events).',
    commands: [
      `aws cloudtrail put-insight-selectors --trail-name ${shellQuote(finding.resource.id)} --insight-selectors '[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]' --region ${shellQuote(finding.resource.region)}`,
    ],
  }),
  evaluate: (inventory, _params, verdict) =>
    judgeTrails(
      inventory,
      (trail) => {
        const types = read(trail.insightSelectors, `Insights selectors of trail ${trail.arn}`).filter((t) =>
          INSIGHT_TYPES.includes(t),
        );
        return types.length > 0
          ? verdict.passed('INSIGHTS_ENABLED', { trail: trail.name, types: types.join(', ') }, { insightTypes: types })
          : verdict.failed('INSIGHTS_NOT_ENABLED', { trail: trail.name }, { insightTypes: [] });
      },
      (trail) => trail.isMultiRegion,
    ),
});
