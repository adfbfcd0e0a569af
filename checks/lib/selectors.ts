/**
 * What a trail's event selectors record, for basic and advanced selectors alike.
 *
 * One evaluator for the six advanced operators, shared by every check that reads selectors. Values of
 * the including operators (Equals, StartsWith, EndsWith) are alternatives; every excluding operator
 * (NotEquals, NotStartsWith, NotEndsWith) must hold; the field selectors of one advanced selector must
 * all match. A trail records an event when any of its selectors matches it.
 */
import type { AdvancedEventSelector, FieldSelector, TrailSelectors } from '../../src/model/inventory.js';

/** Does a field selector accept this value of its field? */
export function fieldMatches(selector: FieldSelector, value: string): boolean {
  const including = [
    ...(selector.equals ?? []).map((v) => value === v),
    ...(selector.startsWith ?? []).map((v) => value.startsWith(v)),
    ...(selector.endsWith ?? []).map((v) => value.endsWith(v)),
  ];
  const excluded =
    (selector.notEquals ?? []).some((v) => value === v) ||
    (selector.notStartsWith ?? []).some((v) => value.startsWith(v)) ||
    (selector.notEndsWith ?? []).some((v) => value.endsWith(v));
  return (including.length === 0 || including.includes(true)) && !excluded;
}

function hasConditions(selector: FieldSelector): boolean {
  return [
    selector.equals,
    selector.notEquals,
    selector.startsWith,
    selector.notStartsWith,
    selector.endsWith,
    selector.notEndsWith,
  ].some((values) => values !== undefined && values.length > 0);
}

/**
 * Which management events one selector records. `all` means every read and write management event of
 * every event source; otherwise `reads`/`writes` say which kinds it records for *some* sources, and
 * `narrowedBy` names what narrows it.
 */
export interface ManagementCoverage {
  all: boolean;
  reads: boolean;
  writes: boolean;
  narrowedBy: string[];
}

const NONE: ManagementCoverage = { all: false, reads: false, writes: false, narrowedBy: [] };

function advancedCoverage(selector: AdvancedEventSelector): ManagementCoverage {
  const fields = selector.fieldSelectors;
  const category = fields.filter((f) => f.field === 'eventCategory');
  if (category.length === 0 || !category.every((f) => fieldMatches(f, 'Management'))) return NONE;

  const readOnly = fields.filter((f) => f.field === 'readOnly');
  const reads = readOnly.every((f) => fieldMatches(f, 'true'));
  const writes = readOnly.every((f) => fieldMatches(f, 'false'));
  const narrowedBy: string[] = [];
  // Any readOnly condition narrows, even one that happens to accept both values (CIS: no readOnly field).
  if (readOnly.length > 0) narrowedBy.push('readOnly');
  // Management events come from an open set of sources, so any eventSource condition leaves some out.
  for (const f of fields) {
    if (f.field === 'eventCategory' || f.field === 'readOnly' || !hasConditions(f)) continue;
    narrowedBy.push(f.field);
  }
  return { all: narrowedBy.length === 0 && reads && writes, reads, writes, narrowedBy };
}

/** Which management events a trail's selectors record, combined over all its selectors. */
export interface TrailManagementCoverage {
  /** Some single selector records all read and write management events with no exclusion. */
  all: boolean;
  /** Read and write management events are recorded, but only by separate selectors. */
  readsAndWritesSplit: boolean;
  reads: boolean;
  writes: boolean;
  /** Why no selector records everything, e.g. `ExcludeManagementEventSources: kms.amazonaws.com`. */
  narrowedBy: string[];
}

export function managementCoverage(selectors: TrailSelectors): TrailManagementCoverage {
  return combineCoverage(selectorCoverages(selectors));
}

/** The management coverage of each selector of a trail. */
export function selectorCoverages(selectors: TrailSelectors): ManagementCoverage[] {
  return [
    ...selectors.eventSelectors.map((s): ManagementCoverage => {
      if (!s.includeManagementEvents) return NONE;
      const narrowedBy = s.excludeManagementEventSources.map((src) => `ExcludeManagementEventSources: ${src}`);
      if (s.readWriteType !== 'All') narrowedBy.push(`ReadWriteType: ${s.readWriteType}`);
      const reads = s.readWriteType !== 'WriteOnly';
      const writes = s.readWriteType !== 'ReadOnly';
      return { all: narrowedBy.length === 0, reads, writes, narrowedBy };
    }),
    ...selectors.advancedEventSelectors.map(advancedCoverage),
  ];
}

/** Combines the coverage of several selectors (of one trail, or of several trails). */
export function combineCoverage(coverages: readonly ManagementCoverage[]): TrailManagementCoverage {
  const all = coverages.some((c) => c.all);
  // A split only counts when each half leaves out nothing but the other half.
  const unexcluded = coverages.filter((c) => c.narrowedBy.every((n) => isReadWriteNarrowing(n)));
  const reads = coverages.some((c) => c.reads);
  const writes = coverages.some((c) => c.writes);
  const readsAndWritesSplit = !all && unexcluded.some((c) => c.reads) && unexcluded.some((c) => c.writes);
  return {
    all,
    readsAndWritesSplit,
    reads,
    writes,
    narrowedBy: all ? [] : [...new Set(coverages.flatMap((c) => c.narrowedBy))],
  };
}

function isReadWriteNarrowing(narrowing: string): boolean {
  return narrowing === 'readOnly' || narrowing.startsWith('ReadWriteType: ');
}
