/** What the results list shows for a filter, a search and a grouping. Pure. */
import type { ScanReport } from '../model/report.js';
import { SEVERITIES, type Result, type Severity } from '../model/result.js';

/** `attention`: warnings and results that could not be evaluated. */
export const FILTERS = ['failed', 'all', 'attention'] as const;
export type Filter = (typeof FILTERS)[number];

export const GROUPINGS = ['severity', 'control', 'region', 'account'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const FILTER_LABELS: Record<Filter, string> = {
  failed: 'failed only',
  all: 'all results',
  attention: 'warnings and not available',
};

export function next<T>(cycle: readonly T[], current: T): T {
  return cycle[(cycle.indexOf(current) + 1) % cycle.length] ?? current;
}

export function defaultFilter(report: ScanReport): Filter {
  return report.summary.byStatus.FAILED > 0 ? 'failed' : 'all';
}

/** Suppressed results only show under `all`: the other filters are about what still needs work. */
function passesFilter(result: Result, filter: Filter): boolean {
  if (filter === 'all') return true;
  if (result.suppressed !== undefined) return false;
  return filter === 'failed'
    ? result.status === 'FAILED'
    : result.status === 'WARNING' || result.status === 'NOT_AVAILABLE';
}

/** A search matches the control (id or title) or the resource (name or ARN), case-insensitively. */
function matchesSearch(result: Result, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  return [result.checkId, result.title, result.resource.name, result.resource.id].some((field) =>
    field.toLowerCase().includes(needle),
  );
}

export interface FindingGroup {
  key: string;
  /** Set when the group is one severity, or one control (which has a single severity). */
  severity?: Severity;
  /** The control's title, for groups of one control. */
  title?: string;
  results: Result[];
}

function groupKey(result: Result, grouping: Grouping): string {
  switch (grouping) {
    case 'severity':
      return result.severity;
    case 'control':
      return result.checkId;
    case 'region':
      return result.resource.region;
    case 'account':
      return result.resource.accountId;
  }
}

/** Account-wide results ("global") first, then Regions by name. */
function compareRegions(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'global') return -1;
  if (b === 'global') return 1;
  return a.localeCompare(b);
}

function orderGroups(groups: FindingGroup[], grouping: Grouping): FindingGroup[] {
  switch (grouping) {
    case 'severity':
      return groups.sort((a, b) => SEVERITIES.indexOf(a.key as Severity) - SEVERITIES.indexOf(b.key as Severity));
    case 'control':
      // The report lists results most severe first, so first appearance already orders controls well.
      return groups;
    case 'region':
      return groups.sort((a, b) => compareRegions(a.key, b.key));
    case 'account':
      return groups.sort((a, b) => a.key.localeCompare(b.key));
  }
}

export interface ListQuery {
  filter: Filter;
  grouping: Grouping;
  search: string;
}

/** The groups of results to list, each keeping the report's order (most severe, failures first). */
export function groupFindings(report: ScanReport, query: ListQuery): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const result of report.results) {
    if (!passesFilter(result, query.filter) || !matchesSearch(result, query.search)) continue;
    const key = groupKey(result, query.grouping);
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        key,
        ...(query.grouping === 'region' || query.grouping === 'account' ? {} : { severity: result.severity }),
        ...(query.grouping === 'control' ? { title: result.title } : {}),
        results: [],
      };
      groups.set(key, group);
    }
    group.results.push(result);
  }
  return orderGroups([...groups.values()], query.grouping);
}

export type ListLine = { kind: 'group'; group: FindingGroup } | { kind: 'finding'; result: Result; position: number };

/** The list as screen lines: each group's header, then its results, numbered in reading order. */
export interface FindingList {
  lines: ListLine[];
  /** The results in reading order: what the cursor moves over. */
  results: Result[];
  /** For each result position, the index of its line. */
  lineOf: number[];
}

export function layOutFindings(groups: readonly FindingGroup[]): FindingList {
  const lines: ListLine[] = [];
  const results: Result[] = [];
  const lineOf: number[] = [];
  for (const group of groups) {
    lines.push({ kind: 'group', group });
    for (const result of group.results) {
      lineOf.push(lines.length);
      lines.push({ kind: 'finding', result, position: results.length });
      results.push(result);
    }
  }
  return { lines, results, lineOf };
}

export const listFindings = (report: ScanReport, query: ListQuery): FindingList =>
  layOutFindings(groupFindings(report, query));

/**
 * The first line to show so that the cursor's line is visible, scrolling as little as possible. When the
 * cursor is on the first result of a group, the group's header is brought into view with it.
 */
export function scrollToCursor(list: FindingList, cursor: number, scrollTop: number, height: number): number {
  const line = list.lineOf[cursor];
  if (line === undefined) return 0;
  const top = list.lines[line - 1]?.kind === 'group' ? line - 1 : line;
  let next = scrollTop;
  if (top < next) next = top;
  if (line >= next + height) next = line - height + 1;
  return Math.max(0, Math.min(next, list.lines.length - height));
}
