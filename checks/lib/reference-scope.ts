/**
 * The scope of controls about what trails reference (their bucket, their KMS key …): one result per
 * distinct referenced resource; only one the scanned account owns is evaluated. Like Security Hub, a
 * resource in another account (a central log archive) gets WARNING, never a verdict, and one that no
 * longer exists is NOT_AVAILABLE, never judged by defaults.
 */
import { common, evaluateElsewhere, judge, read, type Finding, type Verdict } from '../../src/model/check.js';
import type { Envelope, Inventory, Presence, Trail } from '../../src/model/inventory.js';
import type { Resource } from '../../src/model/result.js';
import { allTrails, trailResource, trailsBy, unlistedRegionFindings } from './resources.js';

/** A kind of resource trails reference, as the scope needs to know it. */
export interface TrailReference<R extends { presence: Envelope<Presence> }> {
  /** What to call it in messages, e.g. `bucket`. */
  noun: string;
  /** The key a trail names it by, if it names one. */
  named: (trail: Trail) => string | undefined;
  /** The located records, by key. */
  records: (inventory: Inventory) => Readonly<Record<string, R>>;
  resource: (inventory: Inventory, record: R) => Resource;
  /** The common reasons of the three cases the scope decides. */
  reasons: {
    missing: 'S3_BUCKET_MISSING';
    foreign: 'S3_BUCKET_CROSS_ACCOUNT';
    /** A trail that names none (as some organization trails show in member accounts). */
    unnamed: 'S3_BUCKET_UNKNOWN';
  };
}

export interface OwnedReference<R> {
  record: R;
  /** Where the owned resource lives. */
  region: string;
  /** The trails that reference it. */
  trails: Trail[];
}

export function judgeReferences<R extends { presence: Envelope<Presence> }>(
  inventory: Inventory,
  reference: TrailReference<R>,
  decide: (owned: OwnedReference<R>) => Verdict,
): Finding[] {
  const referencing = trailsBy(inventory, reference.named);
  const records = reference.records(inventory);
  const judged = Object.entries(records)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, record]) => {
      const trails = referencing.get(key) ?? [];
      return judge(reference.resource(inventory, record), () => {
        const trailArns = trails.map((t) => t.arn);
        const presence = read(record.presence, `presence of ${reference.noun} ${key}`);
        switch (presence.state) {
          case 'missing':
            return common.notAvailable(
              [presence.observed],
              reference.reasons.missing,
              { name: key },
              { trails: trailArns },
            );
          case 'foreign':
            return common.warning(
              reference.reasons.foreign,
              { name: key },
              { trails: trailArns },
              evaluateElsewhere(`the account that owns the ${reference.noun}`),
            );
          case 'owned':
            return decide({ record, region: presence.region, trails });
        }
      });
    });
  const unnamed = allTrails(inventory)
    .filter((trail) => reference.named(trail) === undefined)
    .map((trail) =>
      judge(trailResource(inventory, trail), () =>
        common.warning(
          reference.reasons.unnamed,
          { trail: trail.name },
          { ownerAccountId: trail.ownerAccountId },
          evaluateElsewhere(`account ${trail.ownerAccountId}`),
        ),
      ),
    );
  return [...judged, ...unnamed, ...unlistedRegionFindings(inventory)];
}
