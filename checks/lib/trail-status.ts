/** Reading per-trail state (status, selectors) where some trails may belong to another account. */
import { common, evaluateElsewhere, notAvailable, type Verdict } from '../../src/model/check.js';
import type { Inventory, Trail } from '../../src/model/inventory.js';
import { isForeignTrail } from './resources.js';
import type { Unknown } from './three-valued.js';

/**
 * The verdict when a trail's state could not be read, or (`managedElsewhere`) is not read because it is
 * another account's. The state of an organization trail seen from a member account lives in the
 * management account: that is WARNING, not an API failure (a failed call still makes the scan incomplete).
 */
export function unreadableTrails(
  inventory: Inventory,
  unknown: Unknown,
  managedElsewhere: readonly Trail[] = [],
): Verdict {
  const foreign = unknown.errors.every((error) => {
    const trail = error.resource === undefined ? undefined : inventory.trails[error.resource];
    return trail !== undefined && isForeignTrail(inventory, trail);
  });
  const arns = [...new Set([...unknown.errors.map((e) => e.resource), ...managedElsewhere.map((t) => t.arn)])];
  if (foreign && arns.length > 0) {
    return common.warning(
      'ORGANIZATION_TRAIL_UNREADABLE',
      { trails: arns.join(', ') },
      { errors: unknown.errors },
      evaluateElsewhere('the organization’s management account'),
    );
  }
  return notAvailable(unknown.errors);
}
