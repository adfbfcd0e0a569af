/** How checks name what they judge: the account, a Region of it, a trail, a trail's bucket. */
import { collected, common, describeErrors, SliceUnavailable, type Finding } from '../../src/model/check.js';
import type { Bucket, Envelope, Inventory, Trail, TrailSelectors } from '../../src/model/inventory.js';
import { accountResourceOf, GLOBAL_REGION, type Resource } from '../../src/model/result.js';
import { shellQuote } from './shell.js';
import { test, undetermined, type Tri, type Unknown } from './three-valued.js';

export function accountResource(inventory: Inventory, region = GLOBAL_REGION): Resource {
  return accountResourceOf(inventory.account, region);
}

// `accountId` is always the scanned account, the account a finding is reported to (as in Security Hub);
// the ARN names the owner when it differs.

/** ` --region <region>` for an AWS CLI command, or nothing when the resource has no Region of its own. */
export function regionFlag(region: string): string {
  return region === GLOBAL_REGION ? '' : ` --region ${shellQuote(region)}`;
}

export function trailResource(inventory: Inventory, trail: Trail): Resource {
  return {
    type: 'AwsCloudTrailTrail',
    id: trail.arn,
    name: trail.name,
    region: trail.homeRegion,
    accountId: inventory.account.id,
    partition: inventory.account.partition,
  };
}

export function bucketResource(inventory: Inventory, bucket: Bucket): Resource {
  const { partition, id } = inventory.account;
  const presence = bucket.presence.ok ? bucket.presence.value : undefined;
  return {
    type: 'AwsS3Bucket',
    id: `arn:${partition}:s3:::${bucket.name}`,
    name: bucket.name,
    region: presence?.state === 'owned' ? presence.region : GLOBAL_REGION,
    accountId: id,
    partition,
  };
}

const sortedTrails = new WeakMap<Inventory, Trail[]>();

/** Every distinct trail, in a stable order (by ARN); sorted once per inventory, as every check asks. */
export function allTrails(inventory: Inventory): Trail[] {
  let trails = sortedTrails.get(inventory);
  if (trails === undefined) {
    trails = Object.values(inventory.trails).sort((a, b) => a.arn.localeCompare(b.arn));
    sortedTrails.set(inventory, trails);
  }
  return trails;
}

/**
 * Whether the account's multi-Region trails can be seen: each shows in every enabled Region, so one Region's
 * DescribeTrails is enough. False when no Region was scanned; SliceUnavailable when no listing could be read.
 */
export function multiRegionTrailsVisible(inventory: Inventory): boolean {
  const lists = inventory.regions.scanned.map((region) =>
    collected(inventory.trailLists[region], `DescribeTrails in ${region}`),
  );
  if (lists.length === 0) return false;
  const listFailures = lists.flatMap((l) => (l.ok ? [] : [l.error]));
  if (listFailures.length === lists.length) throw new SliceUnavailable(listFailures);
  return true;
}

/** A trail whose ARN belongs to another account: an organization trail seen from a member account. */
export function isForeignTrail(inventory: Inventory, trail: Trail): boolean {
  return trail.ownerAccountId !== inventory.account.id;
}

/**
 * A trail's status and event selectors as its owner reads them: the owner's own reading of an organization
 * trail when a scan of several accounts covers the owner too, the trail's as collected otherwise (for
 * another account's trail, its selectors are then unknown).
 */
export function ownerView(inventory: Inventory, trail: Trail): Pick<Trail, 'status' | 'selectors'> {
  const view = inventory.ownerViews?.[trail.arn];
  if (view !== undefined) return { status: view.status ?? trail.status, selectors: view.selectors };
  return { status: trail.status, selectors: isForeignTrail(inventory, trail) ? undefined : trail.selectors };
}

/** Whether a trail is logging, by its status as its owner read it (an organization trail's, from its owner). */
export const ownerLogging = (inventory: Inventory, trail: Trail): Tri =>
  test(collected(ownerView(inventory, trail).status, `status of ${trail.arn}`), (status) => status.isLogging);

/**
 * A trail's event selectors as its owner read them, or `undefined` for another account's trail (an
 * organization trail seen from a member) whose selectors no account of the scan read: AWS answers
 * GetEventSelectors only to the trail's own account.
 */
export function ownerSelectors(inventory: Inventory, trail: Trail): Envelope<TrailSelectors> | undefined {
  const { selectors } = ownerView(inventory, trail);
  if (isForeignTrail(inventory, trail) && selectors === undefined) return undefined;
  return collected(selectors, `event selectors of ${trail.arn}`);
}

/** What a check cannot know of a trail whose selectors `ownerSelectors` could not give. */
export const selectorsReadByOwner = (trail: Trail): Unknown =>
  undetermined(`the event selectors of ${trail.arn} can only be read by the account that owns it`);

/** The trails by what they name (their bucket, their key …), in one pass so evaluation stays linear. */
export function trailsBy(inventory: Inventory, named: (trail: Trail) => string | undefined): Map<string, Trail[]> {
  const byKey = new Map<string, Trail[]>();
  for (const trail of allTrails(inventory)) {
    const key = named(trail);
    if (key === undefined) continue;
    const trails = byKey.get(key);
    if (trails === undefined) byKey.set(key, [trail]);
    else trails.push(trail);
  }
  return byKey;
}

/**
 * One NOT_AVAILABLE finding per scanned Region whose trails could not be listed: trails homed only there
 * (and their buckets) are unknown, so a per-trail or per-bucket control cannot claim to have seen them all.
 */
export function unlistedRegionFindings(inventory: Inventory): Finding[] {
  return inventory.regions.scanned.flatMap((region) => {
    const list = inventory.trailLists[region];
    if (list === undefined || list.ok) return [];
    return [
      {
        resource: accountResource(inventory, region),
        ...common.notAvailable([list.error], 'TRAILS_NOT_LISTED', { region, calls: describeErrors([list.error]) }),
      },
    ];
  });
}
