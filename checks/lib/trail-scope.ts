/**
 * The scope shared by the per-trail controls: one result per distinct trail, in its home Region. A
 * trail owned by another account (an organization trail seen from a member account) is configured in
 * that account, so it gets WARNING rather than a verdict the scanned account cannot act on.
 */
import { common, evaluateElsewhere, judge, type Finding, type Verdict } from '../../src/model/check.js';
import type { Inventory, Trail } from '../../src/model/inventory.js';
import { allTrails, isForeignTrail, trailResource, unlistedRegionFindings } from './resources.js';

/** `inScope` narrows the trails judged (those with a KMS key, the multi-Region ones …); all by default. */
export function judgeTrails(
  inventory: Inventory,
  decide: (trail: Trail) => Verdict,
  inScope: (trail: Trail) => boolean = () => true,
): Finding[] {
  const judged = allTrails(inventory)
    .filter(inScope)
    .map((trail) =>
      judge(trailResource(inventory, trail), () =>
        isForeignTrail(inventory, trail)
          ? common.warning(
              'TRAIL_MANAGED_BY_ANOTHER_ACCOUNT',
              { trail: trail.name, owner: trail.ownerAccountId },
              { ownerAccountId: trail.ownerAccountId, isOrganizationTrail: trail.isOrganizationTrail },
              evaluateElsewhere(`account ${trail.ownerAccountId}`),
            )
          : decide(trail),
      ),
    );
  return [...judged, ...unlistedRegionFindings(inventory)];
}
