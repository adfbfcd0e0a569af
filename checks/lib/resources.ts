/** How checks name what they judge: the account, a Region of it, a trail, a trail's bucket. */
import { describeErrors, notAvailable, type Finding } from '../../src/model/check.js';
import type { Bucket, Inventory, Trail } from '../../src/model/inventory.js';
import type { Resource } from '../../src/model/result.js';

/** The pseudo-Region of account-wide results. */
const GLOBAL_REGION = 'global';

// `accountId` is always the scanned account, the account a finding is reported to (as in Security Hub);
// the ARN names the owner when it differs.

/** ` --region <region>` for an AWS CLI command, or nothing when the resource has no Region of its own. */
export function regionFlag(region: string): string {
  return region === GLOBAL_REGION ? '' : ` --region ${region}`;
}

export function accountResource(inventory: Inventory, region = GLOBAL_REGION): Resource {
  const { id, partition } = inventory.account;
  return { type: 'AwsAccount', id: `AWS::::Account:${id}`, name: id, region, accountId: id, partition };
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

/** Every distinct trail, in a stable order (by ARN). */
export function allTrails(inventory: Inventory): Trail[] {
  return Object.values(inventory.trails).sort((a, b) => a.arn.localeCompare(b.arn));
}

/** A trail whose ARN belongs to another account: an organization trail seen from a member account. */
export function isForeignTrail(inventory: Inventory, trail: Trail): boolean {
  return trail.ownerAccountId !== inventory.account.id;
}

/** The distinct trail buckets, with the trails that deliver to each, in a stable order (by name). */
export function trailBuckets(inventory: Inventory): { bucket: Bucket; trails: Trail[] }[] {
  return Object.values(inventory.buckets)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((bucket) => ({
      bucket,
      trails: allTrails(inventory).filter((trail) => trail.s3BucketName === bucket.name),
    }));
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
        ...notAvailable(
          [list.error],
          'TRAILS_NOT_LISTED',
          `The trails of ${region} could not be listed: ${describeErrors([list.error])}`,
        ),
      },
    ];
  });
}
