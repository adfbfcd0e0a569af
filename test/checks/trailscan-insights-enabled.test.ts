import { describe, expect, it } from 'vitest';
import { checkById, err, inventory, ok, run, trail } from '../fixtures/inventory.js';
import { describePerTrailCheck } from './per-trail.js';

const CHECK = 'trailscan.insights-enabled';

describePerTrailCheck(
  CHECK,
  [
    { name: 'both Insights types', trail: trail(), status: 'PASSED', reasonCode: 'INSIGHTS_ENABLED' },
    {
      name: 'API error rate only',
      trail: trail({ insightSelectors: ok(['ApiErrorRateInsight']) }),
      status: 'PASSED',
      reasonCode: 'INSIGHTS_ENABLED',
    },
    {
      name: 'Insights off (InsightNotEnabledException)',
      trail: trail({ insightSelectors: ok([]) }),
      status: 'FAILED',
      reasonCode: 'INSIGHTS_NOT_ENABLED',
    },
    {
      name: 'trap: an Insights type this check does not know is not Insights on',
      trail: trail({ insightSelectors: ok(['SomeFutureInsight']) }),
      status: 'FAILED',
      reasonCode: 'INSIGHTS_NOT_ENABLED',
    },
    {
      name: 'GetInsightSelectors denied',
      trail: trail({ insightSelectors: err('cloudtrail:GetInsightSelectors', 'us-east-1') }),
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
    },
  ],
  (t) => t.isMultiRegion,
);

describe(`${CHECK}: scope`, () => {
  it('judges multi-Region trails only, and is informational', () => {
    const regional = trail({ name: 'regional', isMultiRegion: false, insightSelectors: ok([]) });
    expect(run(CHECK, inventory({ trails: [trail(), regional] })).map((f) => f.resource.name)).toEqual(['main']);
    expect(checkById(CHECK).severity).toBe('INFORMATIONAL');
  });

  it('the fix turns on both types on the trail, in its home Region', () => {
    const [finding] = run(CHECK, inventory({ trails: [trail({ insightSelectors: ok([]) })] }));
    expect(finding === undefined ? [] : checkById(CHECK).remediation(finding).commands).toEqual([
      `aws cloudtrail put-insight-selectors --trail-name ${finding?.resource.id} --insight-selectors '[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]' --region us-east-1`,
    ]);
  });
});
