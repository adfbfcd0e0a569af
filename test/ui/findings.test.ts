import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/model/result.js';
import {
  defaultFilter,
  groupFindings,
  layOutFindings,
  listFindings,
  scrollToCursor,
  type ListQuery,
} from '../../src/ui/findings.js';
import { inventory } from '../fixtures/inventory.js';
import { incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';

const mixed = reportOf(mixedInventory());
const query = (change: Partial<ListQuery> = {}): ListQuery => ({
  filter: 'all',
  grouping: 'severity',
  search: '',
  ...change,
});
const ids = (results: readonly Result[]) => results.map((r) => `${r.checkId} ${r.resource.name} ${r.resource.region}`);

describe('filters', () => {
  it('failed only: the unsuppressed failures', () => {
    const { results } = listFindings(mixed, query({ filter: 'failed' }));
    expect(results).toHaveLength(mixed.summary.byStatus.FAILED);
    expect(results.every((r) => r.status === 'FAILED')).toBe(true);
  });

  it('warnings and not available: the results that need a look without having failed', () => {
    const incomplete = reportOf(incompleteInventory());
    const statuses = listFindings(incomplete, query({ filter: 'attention' })).results.map((r) => r.status);
    expect(statuses).toEqual(Array(incomplete.summary.byStatus.NOT_AVAILABLE).fill('NOT_AVAILABLE'));
    expect(statuses.length).toBeGreaterThan(0);
  });

  it('all: every result, suppressed ones included; the other filters leave suppressed ones out', () => {
    const suppressed = reportOf(mixedInventory(), {
      suppressions: [{ check: 'CloudTrail.6', resource: 'arn:aws:s3:::legacy-trail-logs', reason: 'accepted' }],
    });
    expect(listFindings(suppressed, query()).results).toHaveLength(suppressed.results.length);
    expect(ids(listFindings(suppressed, query({ filter: 'failed' })).results)).not.toContain(
      'CloudTrail.6 legacy-trail-logs eu-west-1',
    );
  });

  it('defaults to failed only when something failed, otherwise to all', () => {
    expect(defaultFilter(mixed)).toBe('failed');
    expect(defaultFilter(reportOf(inventory()))).toBe('all');
  });
});

describe('search', () => {
  it.each([
    ['a control id', 'cloudtrail.7', ['CloudTrail.7 legacy-trail-logs eu-west-1', 'CloudTrail.7 trail-logs us-east-1']],
    [
      'a control title',
      'ACCESS LOGGING',
      ['CloudTrail.7 legacy-trail-logs eu-west-1', 'CloudTrail.7 trail-logs us-east-1'],
    ],
    [
      'a resource name',
      'legacy-trail-logs',
      ['CloudTrail.6 legacy-trail-logs eu-west-1', 'CloudTrail.7 legacy-trail-logs eu-west-1'],
    ],
    [
      'a resource ARN',
      ':trail/legacy',
      ['CloudTrail.2 legacy eu-west-1', 'CloudTrail.4 legacy eu-west-1', 'CloudTrail.5 legacy eu-west-1'],
    ],
  ])('matches %s, ignoring case', (_what, search, expected) => {
    expect(ids(listFindings(mixed, query({ search })).results).sort()).toEqual(expected);
  });

  it('a blank search matches everything', () => {
    expect(listFindings(mixed, query({ search: '  ' })).results).toHaveLength(mixed.results.length);
  });
});

describe('grouping', () => {
  it('by severity: most severe first, each group in the report order', () => {
    const groups = groupFindings(mixed, query());
    expect(groups.map((g) => [g.key, g.results.length])).toEqual([
      ['CRITICAL', 2],
      ['HIGH', 4],
      ['MEDIUM', 2],
      ['LOW', 6],
    ]);
    expect(groups[0]?.results.map((r) => r.status)).toEqual(['FAILED', 'PASSED']);
  });

  it('by control: controls in the order the report meets them, with their severity and title', () => {
    const groups = groupFindings(mixed, query({ grouping: 'control' }));
    expect(groups.map((g) => g.key)).toEqual([
      'CloudTrail.6',
      'CloudTrail.1',
      'CloudTrail.3',
      'CloudTrail.2',
      'CloudTrail.4',
      'CloudTrail.5',
      'CloudTrail.7',
    ]);
    expect(groups[0]).toMatchObject({ severity: 'CRITICAL', title: mixed.results[0]?.title });
  });

  it('by Region: account-wide results first, then Regions by name; no severity on the group', () => {
    const groups = groupFindings(mixed, query({ grouping: 'region' }));
    expect(groups.map((g) => g.key)).toEqual(['global', 'eu-west-1', 'us-east-1', 'us-west-2']);
    expect(groups[0]?.severity).toBeUndefined();
  });
});

describe('list lines and scrolling', () => {
  const list = layOutFindings(groupFindings(mixed, query({ filter: 'failed' })));

  it('puts each group header above its results and numbers results in reading order', () => {
    expect(list.lines.map((l) => (l.kind === 'group' ? l.group.key : l.position))).toEqual([
      'CRITICAL',
      0,
      'MEDIUM',
      1,
      'LOW',
      2,
      3,
      4,
    ]);
    expect(list.lineOf).toEqual([1, 3, 5, 6, 7]);
  });

  it('does not scroll while the cursor is in view', () => {
    expect(scrollToCursor(list, 1, 0, 5)).toBe(0);
  });

  it('scrolls down just enough to show the cursor at the bottom', () => {
    expect(scrollToCursor(list, 3, 0, 5)).toBe(2);
  });

  it('scrolling up to the first result of a group shows its header', () => {
    expect(scrollToCursor(list, 2, 5, 3)).toBe(4);
    expect(scrollToCursor(list, 3, 5, 3)).toBe(5);
  });

  it('never scrolls past the end, nor anywhere when the list fits', () => {
    expect(scrollToCursor(list, 4, 7, 5)).toBe(3);
    expect(scrollToCursor(list, 4, 3, 20)).toBe(0);
  });

  it('starts at the top of an empty list', () => {
    expect(scrollToCursor(layOutFindings([]), 0, 4, 5)).toBe(0);
  });
});
