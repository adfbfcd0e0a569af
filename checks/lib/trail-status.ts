/** Reading per-trail state (status, selectors) where some trails may belong to another account. */
import { common, evaluateElsewhere, notAvailable, type Verdict } from '../../src/model/check.js';
import type { Inventory } from '../../src/model/inventory.js';
import { isForeignTrail } from './resources.js';
import type { Unknown } from './three-valued.js';

/**
 * The verdict when a trail's state could not be read. The state of an organization trail seen from a
 * member account usually lives in the management account: that is WARNING, not an API failure.
 */
export function unreadableTrails(inventory: Inventory, unknown: Unknown): Verdict {
  const foreign = unknown.errors.every((error) => {
    const trail = error.resource === undefined ? undefined : inventory.trails[error.resource];
    return trail !== undefined && isForeignTrail(inventory, trail);
  });
  if (foreign && unknown.errors.length > 0) {
    const arns = [...new Set(unknown.errors.map((e) => e.resource))];
    return common.warning(
      'ORGANIZATION_TRAIL_UNREADABLE',
      { trails: arns.join(', ') },
      { errors: unknown.errors },
      evaluateElsewhere('the organization’s management account'),
    );
  }
  return notAvailable(unknown.errors);
}
