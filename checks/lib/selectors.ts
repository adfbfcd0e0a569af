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

/** Whether a field selector has any condition at all. */
export function hasConditions(selector: FieldSelector): boolean {
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
 * `eventCategory` takes only Equals (AWS rejects other operators on it). A selector for management
 * events says `Equals ["Management"]`; anything else — other operators, an empty list — is not one.
 */
function selectsManagementEvents(selector: FieldSelector): boolean {
  const { field: _field, equals, ...otherOperators } = selector;
  return (
    equals?.includes('Management') === true &&
    Object.values<unknown>(otherOperators).every((values) => values === undefined)
  );
}

/**
 * Which management events one selector records. `all` means every read and write management event of
 * every event source; otherwise `reads`/`writes` say which kinds it records (for some sources at least),
 * and `narrowedBy` names what narrows it.
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
  if (category.length === 0 || !category.every(selectsManagementEvents)) return NONE;

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

/** What a set of selectors (one trail's, or several trails') records of management events. */
export interface CombinedCoverage {
  /** Some single selector records all read and write management events with no exclusion. */
  all: boolean;
  /**
   * Reads and writes are recorded, but only by different selectors: one that records reads only and
   * one that records writes only, neither narrowed otherwise. AWS does not say whether that complies.
   */
  readsAndWritesSplit: boolean;
  /** Why no selector records everything, e.g. `ExcludeManagementEventSources: kms.amazonaws.com`. */
  narrowedBy: string[];
}

const isReadWriteNarrowing = (narrowing: string): boolean =>
  narrowing === 'readOnly' || narrowing.startsWith('ReadWriteType: ');

export function combineCoverage(coverages: readonly ManagementCoverage[]): CombinedCoverage {
  const all = coverages.some((c) => c.all);
  const onlyReadWriteNarrowed = coverages.filter((c) => c.narrowedBy.every(isReadWriteNarrowing));
  const readsOnly = onlyReadWriteNarrowed.some((c) => c.reads && !c.writes);
  const writesOnly = onlyReadWriteNarrowed.some((c) => c.writes && !c.reads);
  return {
    all,
    readsAndWritesSplit: !all && readsOnly && writesOnly,
    narrowedBy: all ? [] : [...new Set(coverages.flatMap((c) => c.narrowedBy))],
  };
}
