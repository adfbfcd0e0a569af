import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanEvent } from '../../src/model/events.js';
import type { ScanReport } from '../../src/model/report.js';
import { Screen } from '../../src/ui/components/Screen.js';
import type { TerminalSize } from '../../src/ui/layout.js';
import { reduce, type Action, type State } from '../../src/ui/state.js';
import { createPalette } from '../../src/ui/theme.js';
import { inventory } from '../fixtures/inventory.js';
import { incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';
import { NARROW, T0, WIDE, key, keys, resultsState, scanned, stateAfter } from './scan-fixtures.js';
import { linesOf, renderIn } from './terminal.js';

const mixed = reportOf(mixedInventory());
const incomplete = reportOf(incompleteInventory());
const allPassing = reportOf(inventory());
const noResults = reportOf(inventory(), { checks: [] });
const plain = createPalette(false);

/** ink-testing-library's terminal is 100 columns wide. */
const TESTING_LIBRARY: TerminalSize = { columns: 100, rows: 30 };

const frameOf = (state: State) => linesOf(render(<Screen state={state} palette={plain} />).lastFrame());
const frameIn = (size: TerminalSize, state: State) => {
  const { lastFrame, unmount } = renderIn(size, <Screen state={state} palette={plain} />);
  const lines = linesOf(lastFrame());
  unmount();
  return lines;
};
const results = (report: ScanReport, ...then: Action[]) => resultsState(report, TESTING_LIBRARY, ...then);

const account = mixed.scan.account;
const denied = {
  operation: 'cloudtrail:DescribeTrails',
  region: 'us-west-2',
  code: 'AccessDeniedException',
  message: 'x',
};
const midScan: ScanEvent[] = [
  { type: 'identity', account },
  {
    type: 'regions',
    scanned: ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1'],
    skipped: [{ region: 'af-south-1', reason: 'not opted in' }],
  },
  { type: 'regionStarted', region: 'us-east-1' },
  { type: 'regionStarted', region: 'us-west-2' },
  { type: 'apiCall', operation: 'cloudtrail:DescribeTrails', region: 'us-east-1', ok: true },
  { type: 'apiCall', operation: 'cloudtrail:DescribeTrails', region: 'us-west-2', ok: false },
  { type: 'regionFinished', region: 'us-east-1', trailsSeen: 2, trailsHomed: 1 },
  { type: 'regionFinished', region: 'us-west-2', trailsSeen: 0, trailsHomed: 0, error: denied },
  { type: 'regionStarted', region: 'eu-west-1' },
  { type: 'notice', message: 'Suppression for CloudTrail.7 expired on 2026-10-01' },
];
afterEach(cleanup);

const scanning = (size: TerminalSize) => stateAfter([...scanned(midScan), { type: 'tick', now: T0 + 1500 }], size);

describe('while scanning', () => {
  it('shows the identity, skipped, finished and failed Regions above the live ones and the progress bar', () => {
    expect(frameIn(NARROW, scanning(NARROW))).toEqual([
      'Account 111122223333 (aws) · arn:aws:iam::111122223333:role/auditor',
      '- af-south-1      skipped: not opted in',
      '✓ us-east-1       done · 2 trails seen, 1 homed here',
      '✗ us-west-2       error: cloudtrail:DescribeTrails AccessDeniedException',
      '! Suppression for CloudTrail.7 expired on 2026-10-01',
      '⠇ eu-west-1       scanning',
      '· ap-south-1      waiting',
      '███████████░░░░░░░░░░ 2/4 Regions · 2 API calls (1 failed) · 1.5s · Ctrl-C stops',
    ]);
  });

  it('says what it is doing before the Regions are known', () => {
    expect(frameOf(stateAfter([]))).toEqual([
      '⠋ Identifying the caller and listing Regions…',
      '░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0/0 Regions · 0 API calls · 0.0s · Ctrl-C stops',
    ]);
  });

  it('keeps the live area shorter than the terminal when many Regions wait', () => {
    const regions = Array.from({ length: 30 }, (_, i) => `xx-region-${i}`);
    const state = stateAfter(scanned([{ type: 'regions', scanned: regions, skipped: [] }]), NARROW);
    const lines = frameIn(NARROW, state);
    expect(lines).toHaveLength(NARROW.rows - 1);
    expect(lines.at(-2)).toBe('  … and 9 more waiting');
  });

  it('counts the hidden Regions being scanned apart from those waiting', () => {
    const regions = Array.from({ length: 30 }, (_, i) => `xx-region-${i}`);
    const started = regions.map((region): ScanEvent => ({ type: 'regionStarted', region }));
    const state = stateAfter(
      scanned([{ type: 'regions', scanned: regions, skipped: [] }, ...started.slice(0, 25)]),
      NARROW,
    );
    expect(frameIn(NARROW, state).at(-2)).toBe('  … and 4 more scanning, 5 waiting');
  });
});

describe('results', () => {
  it('at 80 columns: summary bar, then failures grouped by severity, one line each', () => {
    const state = resultsState(mixed, NARROW);
    expect(frameIn(NARROW, state).slice(state.log.length)).toEqual([
      'Account  111122223333 (aws) · 3 Regions scanned, 1 skipped · 14 results · 2.5s',
      'Results  ✗ 5 FAIL  ! 0 WARN  ? 0 N/A  ✓ 9 PASS  ~ 0 suppressed',
      'Failed   CRITICAL 1  HIGH 0  MEDIUM 1  LOW 3  INFORMATIONAL 0',
      'Gate     ✗ FAILED · exit 3 · 5 failed results at or above low',
      'Showing failed only: 5 of 14 results · grouped by severity',
      'CRITICAL (1)',
      '› ✗ FAIL  CloudTrail.6  Ensure the S3 bucket used…  legacy-trail-logs  eu-west-1',
      'MEDIUM (1)',
      '  ✗ FAIL  CloudTrail.2  CloudTrail should have en…  legacy             eu-west-1',
      'LOW (3)',
      '  ✗ FAIL  CloudTrail.4  CloudTrail log file valid…  legacy             eu-west-1',
      '  ✗ FAIL  CloudTrail.5  CloudTrail trails should …  legacy             eu-west-1',
      '  ✗ FAIL  CloudTrail.7  Ensure S3 bucket access l…  legacy-trail-logs  eu-west-1',
      ...Array<string>(17 - 8).fill(''),
      '1/5  ↑↓ move · Enter details · f filter · / search · g group · ? help · q quit',
    ]);
  });

  it('at 120 columns: the same rows with more of each title, never wider than the terminal', () => {
    const lines = frameIn(WIDE, resultsState(mixed, WIDE));
    expect(lines).toContain(
      '› ✗ FAIL  CloudTrail.6  Ensure the S3 bucket used to store CloudTrail logs is not publicl…  legacy-trail-logs  eu-west-1',
    );
    expect(lines.filter((line) => line.length > WIDE.columns)).toEqual([]);
    expect(lines.filter((line) => /^[› ] ✗ FAIL/.test(line))).toHaveLength(5);
  });

  it('says when the scan was incomplete although results failed', () => {
    expect(frameOf(results(incomplete))).toContain(
      'Gate     ✗ FAILED · exit 3 · 5 failed results at or above low · scan incomplete',
    );
  });

  it('keeps the selected row in view on a short terminal', () => {
    const short = { columns: 100, rows: 10 };
    const state = resultsState(mixed, short, key('end'));
    const lines = frameIn(short, state);
    expect(lines.slice(state.log.length)).toHaveLength(short.rows - 1);
    expect(lines).toContain(
      '› ✗ FAIL  CloudTrail.7  Ensure S3 bucket access logging is enabled on…  legacy-trail-logs  eu-west-1',
    );
    expect(lines).toContain('5/5  ↑↓ move · Enter details · f filter · / search · g group · ? help · q quit');
  });
});

describe('filters', () => {
  it('all results: passes too', () => {
    const lines = frameOf(results(mixed, ...keys('f')));
    expect(lines).toContain('Showing all results: 14 of 14 results · grouped by severity');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}✓ PASS {2}CloudTrail\.6 .* trail-logs +us-east-1$/));
  });

  it('warnings and not available', () => {
    const lines = frameOf(results(incomplete, ...keys('ff')));
    expect(lines).toContain('Showing warnings and not available: 6 of 19 results · grouped by severity');
    expect(lines).toContainEqual(expect.stringMatching(/^› \? N\/A {3}CloudTrail\.6 .* 111122223333 +us-west-2$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}\? N\/A {3}CloudTrail\.3 .* 111122223333 +us-west-2$/));
  });

  it('warnings and not available, when there are none', () => {
    expect(frameOf(results(mixed, ...keys('ff')))).toContain('No warnings and no results that could not be evaluated.');
  });

  it('back to failed only', () => {
    expect(frameOf(results(mixed, ...keys('fff')))).toContain(
      'Showing failed only: 5 of 14 results · grouped by severity',
    );
  });

  it('suppressed results show as such, under all results only', () => {
    const suppressed = reportOf(mixedInventory(), {
      suppressions: [{ check: 'CloudTrail.6', resource: 'arn:aws:s3:::legacy-trail-logs', reason: 'accepted' }],
    });
    expect(frameOf(results(suppressed))).not.toContainEqual(expect.stringMatching(/^[› ] .*CloudTrail\.6/));
    expect(frameOf(results(suppressed, ...keys('f')))).toContainEqual(
      expect.stringMatching(/^ {2}~ SUPP {2}CloudTrail\.6 .* legacy-trail-logs +eu-west-1$/),
    );
  });
});

describe('search', () => {
  it('shows what is being typed', () => {
    expect(frameOf(results(mixed, ...keys('/leg')))).toContain('Search: leg█ Enter applies · Esc clears');
  });

  it('lists only what matches once applied', () => {
    const lines = frameOf(results(mixed, ...keys('/trail-logs'), key('enter')));
    expect(lines).toContain('Showing failed only: 2 of 14 results · grouped by severity · search "trail-logs"');
    expect(lines.filter((line) => /^[› ] ✗ FAIL/.test(line))).toHaveLength(2);
  });

  it('says when nothing matches', () => {
    expect(frameOf(results(mixed, ...keys('/nothing-like-this'), key('enter')))).toContain(
      'No result matches "nothing-like-this" (showing failed only).',
    );
  });
});

describe('grouping', () => {
  it('by control: the header names the control, its severity and title; rows drop them', () => {
    const lines = frameOf(results(mixed, ...keys('g')));
    expect(lines).toContain('Showing failed only: 5 of 14 results · grouped by control');
    expect(lines).toContain(
      'CloudTrail.6 (1)  CRITICAL  Ensure the S3 bucket used to store CloudTrail logs is not publicly acce…',
    );
    expect(lines).toContain('› ✗ FAIL  CRITICAL  legacy-trail-logs  eu-west-1');
  });

  it('by Region: a header per Region; rows keep severity and control', () => {
    const lines = frameOf(results(mixed, ...keys('gg')));
    expect(lines).toContain('eu-west-1 (5)');
    expect(lines).toContainEqual(
      expect.stringMatching(/^› ✗ FAIL {2}CRITICAL {2}CloudTrail\.6 {2}Ensure .* legacy-trail-logs$/),
    );
  });
});

describe('the detail pane', () => {
  // 16 rows leave 14 lines for the detail of CloudTrail.6, which has more.
  const SHORT = { columns: 100, rows: 16 };

  it('shows the selected result in full, with its remediation commands and a footer', () => {
    const state = results(mixed, key('enter'));
    const lines = frameOf(state).slice(state.log.length);
    expect(lines.slice(0, 3)).toEqual([
      '✗ FAIL  CRITICAL  CloudTrail.6',
      'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
      '',
    ]);
    expect(lines).toContain('Reason      Bucket legacy-trail-logs is publicly accessible through its ACL');
    expect(lines).toContain(
      'aws s3api put-bucket-ownership-controls --bucket legacy-trail-logs --ownership-controls \\',
    );
    expect(lines).toContain(mixed.results[0]?.remediation?.url);
    expect(lines.at(-1)).toBe('Lines 1–27 of 27 · ↑↓ PgUp PgDn scroll · Esc, Enter or q closes');
  });

  it('shows as much as fits on a short terminal, and scrolls to the rest', () => {
    const top = resultsState(mixed, SHORT, key('enter'));
    const topLines = frameIn(SHORT, top).slice(top.log.length);
    expect(topLines).toHaveLength(SHORT.rows - 1);
    expect(topLines.at(-1)).toBe('Lines 1–14 of 27 · ↑↓ PgUp PgDn scroll · Esc, Enter or q closes');

    const end = resultsState(mixed, SHORT, key('enter'), key('end'));
    const endLines = frameIn(SHORT, end).slice(end.log.length);
    expect(endLines.slice(-2)).toEqual([
      mixed.results[0]?.remediation?.url,
      'Lines 14–27 of 27 · ↑↓ PgUp PgDn scroll · Esc, Enter or q closes',
    ]);
  });
});

describe('other states', () => {
  it('help lists every key', () => {
    const lines = frameOf(results(mixed, ...keys('?')));
    for (const keyName of ['↑ ↓  k j', 'PgUp PgDn', 'Home End', 'Enter', 'f', '/', 'g', 'Esc', '?', 'q', 'Ctrl-C']) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${keyName.replace(/[?/]/g, '\\$&')} +\\S`)));
    }
    expect(lines.at(-1)).toBe('?, Esc or q closes the help');
  });

  it('no results at all', () => {
    expect(frameOf(results(noResults))).toContain('No findings: no check produced a result.');
  });

  it('all passing: says so, and shows them all', () => {
    const lines = frameOf(results(allPassing));
    expect(lines).toContain('Results  ✗ 0 FAIL  ! 0 WARN  ? 0 N/A  ✓ 9 PASS  ~ 0 suppressed · All 9 results passed');
    expect(lines).toContain('Gate     ✓ PASSED · exit 0 · no failed result at or above low');
    expect(lines).toContain('Showing all results: 9 of 9 results · grouped by severity');
  });

  it('all passing, filtered to failures', () => {
    expect(frameOf(results(allPassing, ...keys('ff')))).toContain('No failed results: all 9 results passed.');
  });

  it('a failed scan: the error and how to leave', () => {
    const lines = frameOf(
      stateAfter([
        ...scanned(midScan.slice(0, 2)),
        { type: 'scanFailed', error: new Error('ExpiredToken: the token expired') },
      ]),
    );
    expect(lines.slice(-2)).toEqual(['✗ Scan failed: ExpiredToken: the token expired', 'q quits']);
  });
});

describe('the line left behind', () => {
  it('after quitting: counts by status and the verdict with its exit code', () => {
    expect(frameOf(results(incomplete, ...keys('q'))).at(-1)).toBe(
      '✗ 5 FAIL · ? 6 N/A · ✓ 8 PASS — FAILED, exit 3: 5 failed results at or above low',
    );
  });

  it('after quitting, on one line even at 80 columns', () => {
    const ungated = reportOf(incompleteInventory(), { failOn: 'none' });
    const state = resultsState(ungated, NARROW, ...keys('q'));
    expect(frameIn(NARROW, state).slice(state.log.length)).toEqual([
      '✗ 5 FAIL · ? 6 N/A · ✓ 8 PASS — INCOMPLETE, exit 4: scan incomplete: 6 results …',
    ]);
  });

  it('after quitting a clean scan', () => {
    expect(frameOf(results(allPassing, ...keys('q'))).at(-1)).toBe(
      '✓ 9 PASS — PASSED, exit 0: no failed result at or above low',
    );
  });

  it('after an interrupted scan: how far it got', () => {
    expect(frameOf(reduce(scanning(WIDE), key('interrupt'))).at(-1)).toBe('Interrupted after 2 of 4 Regions');
  });

  it('after a failed scan', () => {
    expect(frameOf(stateAfter([{ type: 'scanFailed', error: 'boom' }, ...keys('q')])).at(-1)).toBe(
      '✗ Scan failed: boom',
    );
  });

  it('with nothing evaluated', () => {
    expect(frameOf(results(noResults, ...keys('q'))).at(-1)).toBe(
      'No results — PASSED, exit 0: no failed result at or above low',
    );
  });
});
