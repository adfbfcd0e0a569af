/** Shared tests of the per-trail controls (CloudTrail.2, .4, .5): one result per distinct trail. */
import { describe, expect, it } from 'vitest';
import type { Trail } from '../../src/model/inventory.js';
import { OTHER_ACCOUNT_ID, err, inventory, run, trail } from '../fixtures/inventory.js';

export interface PerTrailCase {
  name: string;
  trail: Trail;
  params?: Record<string, unknown>;
  status: string;
  reasonCode: string;
}

/** `inScope`: the trails the check judges, when not all of them (those with a KMS key, multi-Region ones …). */
export function describePerTrailCheck(
  check: string,
  cases: PerTrailCase[],
  inScope: (trail: Trail) => boolean = () => true,
): void {
  describe(check, () => {
    const all: PerTrailCase[] = [
      ...cases,
      {
        name: 'an organization trail owned by the management account',
        trail: trail({
          ownerAccountId: OTHER_ACCOUNT_ID,
          isOrganizationTrail: true,
          kmsKeyId: undefined,
          logFileValidationEnabled: false,
          cloudWatchLogsLogGroupArn: undefined,
        }),
        status: 'WARNING',
        reasonCode: 'TRAIL_MANAGED_BY_ANOTHER_ACCOUNT',
      },
    ];

    it.each(all)('$name → $status $reasonCode', ({ trail: t, params, status, reasonCode }) => {
      expect(run(check, inventory({ trails: [t] }), params)).toEqual([
        expect.objectContaining({
          status,
          reasonCode,
          resource: expect.objectContaining({ type: 'AwsCloudTrailTrail', id: t.arn, region: t.homeRegion }),
        }),
      ]);
    });

    it('judges a multi-Region trail once, not once per Region where it shows', () => {
      const inv = inventory({
        trails: [trail(), trail({ name: 'regional', homeRegion: 'eu-west-1', isMultiRegion: false })],
      });
      expect(Object.values(inv.trailLists).flatMap((l) => (l.ok ? l.value : []))).toHaveLength(4);
      expect(
        run(check, inv)
          .map((f) => f.resource.id)
          .sort(),
      ).toEqual(
        Object.values(inv.trails)
          .filter(inScope)
          .map((t) => t.arn)
          .sort(),
      );
    });

    it('says which Regions it could not list trails in, besides judging the trails it saw', () => {
      const inv = inventory();
      inv.trailLists['us-west-2'] = err('cloudtrail:DescribeTrails', 'us-west-2');
      expect(run(check, inv).map((f) => [f.status, f.reasonCode, f.resource.region])).toEqual([
        ['PASSED', expect.any(String), 'us-east-1'],
        ['NOT_AVAILABLE', 'TRAILS_NOT_LISTED', 'us-west-2'],
      ]);
    });

    it('has no result without trails', () => {
      expect(run(check, inventory({ trails: [] }))).toEqual([]);
    });
  });
}
