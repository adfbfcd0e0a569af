/**
 * Digest verification as collection sees it: not a kind of record but a phase run after the others, for
 * the `digests` slice, over the trails found. It locates each trail's bucket as the bucket kind does (the
 * one ListBuckets of the scan), then lists and reads objects and the Regions' public keys.
 */
import { OPERATIONS, type Operation } from '../catalogue.js';
import { daysBetween } from '../../integrity/format.js';
import type { Inventory, Slice } from '../../model/inventory.js';
import { bucketKind } from './bucket.js';

const HOUR_MS = 3_600_000;

export const DIGESTS_PHASE: { slice: Slice; operations: readonly Operation[] } = {
  slice: 'digests',
  operations: [
    ...(bucketKind.source === 'reference' ? bucketKind.locate.operations : []),
    OPERATIONS.cloudtrail.ListPublicKeys,
    OPERATIONS.s3.ListObjectsV2,
    OPERATIONS.s3.GetObject,
  ],
};

/**
 * The calls an ideal verification makes for what the inventory holds: per Region one ListPublicKeys (two
 * when backfill digests were signed later); per chain one listing per day of the window (twice with log
 * files: digests and logs), one more per bucket of an organization trail; one GetObject per digest and
 * log file read; and the one ListBuckets that locates the buckets, unless the bucket kind made it already.
 */
export function plannedDigestCalls(
  inventory: Inventory,
  bucketsLocated: boolean,
  add: (operation: Operation, region: string, count?: number) => void,
  accountWide: string,
): void {
  const integrity = inventory.integrity;
  if (integrity === undefined) return;
  const start = new Date(Date.parse(integrity.window.start) - HOUR_MS);
  const end = new Date(Date.parse(integrity.window.end) + HOUR_MS);
  const days = daysBetween(start, end).length;
  const keyRegions = new Map<string, number>();
  const organizationBuckets = new Set<string>();
  if (!bucketsLocated && Object.keys(integrity.trails).length > 0) add(OPERATIONS.s3.ListBuckets, accountWide);
  for (const [arn, trail] of Object.entries(integrity.trails)) {
    for (const chain of Object.values(trail.regions)) {
      const region = chain.location.sourceRegion;
      const bucketRegion = trail.bucketRegion ?? inventory.trails[arn]?.homeRegion ?? region;
      const backfill = chain.digests.some(
        (d) => d.read.state === 'read' && d.read.metadata['backfill-generation-timestamp'] !== undefined,
      );
      // The keys were asked for unless the chain failed before any call (bucket gone, no organization folder).
      const asked = chain.publicKeys.ok || chain.publicKeys.error.operation === OPERATIONS.cloudtrail.ListPublicKeys.id;
      if (asked) keyRegions.set(region, Math.max(keyRegions.get(region) ?? 0, backfill ? 2 : 1));
      if (chain.location.organizationId !== undefined)
        organizationBuckets.add(`${bucketRegion}|${chain.location.bucket}`);
      if (!chain.listing.ok) continue;
      add(OPERATIONS.s3.ListObjectsV2, bucketRegion, days * (chain.logListing === undefined ? 1 : 2));
      add(OPERATIONS.s3.GetObject, bucketRegion, chain.digests.length + (chain.logFiles?.length ?? 0));
    }
  }
  for (const [region, count] of keyRegions) add(OPERATIONS.cloudtrail.ListPublicKeys, region, count);
  for (const id of organizationBuckets) add(OPERATIONS.s3.ListObjectsV2, id.split('|')[0] ?? '');
}
