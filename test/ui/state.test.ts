import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { detailLines } from '../../src/ui/detail.js';
import { listFindings } from '../../src/ui/findings.js';
import { detailHeight, listHeight } from '../../src/ui/layout.js';
import { reduce, type Action, type State } from '../../src/ui/state.js';
import { ACCOUNT_ID, inventory } from '../fixtures/inventory.js';
import { incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';
import { T0, WIDE, browseOf, key, keys, progressEvents, resultsState, scanned, stateAfter } from './scan-fixtures.js';

const mixed = reportOf(mixedInventory());
const allPassing = reportOf(inventory());
const account = mixed.scan.account;
const accessDenied = {
  operation: 'cloudtrail:DescribeTrails',
  region: 'us-west-2',
  code: 'AccessDeniedException',
  message: 'denied',
};

/** A terminal short enough for the 14 results of the mixed account to scroll: 5 list lines. */
const SHORT = { columns: 120, rows: 12 };

const selected = (state: State, report: ScanReport = mixed) => {
  const browse = browseOf(state);
  return listFindings(report, browse).results[browse.cursor];
};

describe('scan events', () => {
  const event = (...events: Parameters<typeof scanned>[0]) => stateAfter(scanned(events));

  it('identity: remembers the account and logs it', () => {
    const state = event({ type: 'identity', account });
    expect(state.scan.account).toEqual(account);
    expect(state.log).toEqual([{ kind: 'identity', account }]);
  });

  it('accounts: counts the accounts done, and logs and keeps those that could not be scanned', () => {
    const denied = { ...accessDenied, operation: 'sts:AssumeRole', code: 'AccessDenied' };
    const state = event(
      { type: 'accounts', total: 3, skipped: [] },
      { type: 'accountFinished', accountId: '222222222222', trails: 2 },
      { type: 'accountFinished', accountId: '444444444444', name: 'locked', error: denied },
    );
    expect(state.scan.accounts).toEqual({
      total: 3,
      done: 2,
      failed: [{ accountId: '444444444444', name: 'locked', error: denied }],
    });
    expect(state.log).toEqual([
      { kind: 'notice', message: 'account 444444444444 (locked) not scanned: sts:AssumeRole failed: AccessDenied' },
    ]);
  });

  it('regions: every scanned Region waits, skipped ones are logged with their reason', () => {
    const state = event({
      type: 'regions',
      scanned: ['us-east-1', 'eu-west-1'],
      skipped: [{ region: 'af-south-1', reason: 'not opted in' }],
    });
    expect(state.scan.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(state.scan.progress).toEqual({ 'us-east-1': { state: 'waiting' }, 'eu-west-1': { state: 'waiting' } });
    expect(state.log).toEqual([
      { kind: 'region', region: 'af-south-1', progress: { state: 'skipped', reason: 'not opted in' } },
    ]);
  });

  it('regionStarted: the Region is being scanned, and is added if it was not announced', () => {
    const state = event(
      { type: 'regions', scanned: ['us-east-1'], skipped: [] },
      { type: 'regionStarted', region: 'us-east-1' },
      { type: 'regionStarted', region: 'eu-west-1' },
    );
    expect(state.scan.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(state.scan.progress['us-east-1']).toEqual({ state: 'scanning' });
    expect(state.scan.progress['eu-west-1']).toEqual({ state: 'scanning' });
    expect(state.log).toEqual([]);
  });

  it('regionFinished: done with its trail counts, logged once', () => {
    const state = event(
      { type: 'regions', scanned: ['us-east-1'], skipped: [] },
      { type: 'regionStarted', region: 'us-east-1' },
      { type: 'regionFinished', region: 'us-east-1', trailsSeen: 3, trailsHomed: 1 },
    );
    const done = { state: 'done', trailsSeen: 3, trailsHomed: 1 };
    expect(state.scan.progress['us-east-1']).toEqual(done);
    expect(state.log).toEqual([{ kind: 'region', region: 'us-east-1', progress: done }]);
  });

  it('regionFinished with an error: the Region is in error, with the failed call', () => {
    const state = event(
      { type: 'regions', scanned: ['us-west-2'], skipped: [] },
      { type: 'regionFinished', region: 'us-west-2', trailsSeen: 0, trailsHomed: 0, error: accessDenied },
    );
    expect(state.scan.progress['us-west-2']).toEqual({ state: 'error', error: accessDenied });
    expect(state.log.at(-1)).toEqual({
      kind: 'region',
      region: 'us-west-2',
      progress: { state: 'error', error: accessDenied },
    });
  });

  it('apiCall: counts calls, and failed calls apart', () => {
    const state = event(
      { type: 'apiCall', operation: 'sts:GetCallerIdentity', region: 'us-east-1', ok: true },
      { type: 'apiCall', operation: 'cloudtrail:DescribeTrails', region: 'us-west-2', ok: false },
    );
    expect(state.scan.apiCalls).toBe(2);
    expect(state.scan.failedApiCalls).toBe(1);
  });

  it('notice: logged', () => {
    expect(event({ type: 'notice', message: 'Suppression expired' }).log).toEqual([
      { kind: 'notice', message: 'Suppression expired' },
    ]);
  });

  it('finished: shows the results, failed only when something failed, grouped by severity', () => {
    const state = resultsState(mixed);
    expect(state.phase).toMatchObject({ kind: 'results', report: mixed });
    expect(browseOf(state)).toEqual({
      filter: 'failed',
      grouping: 'severity',
      search: '',
      cursor: 0,
      scrollTop: 0,
      pane: 'list',
      detailTop: 0,
    });
    expect(state.closing).toBeUndefined();
  });

  it('finished with nothing failed: shows all results', () => {
    expect(browseOf(resultsState(allPassing)).filter).toBe('all');
  });

  it('finished without a keyboard: closes at once, as there is nothing to browse with', () => {
    const state = stateAfter(scanned([{ type: 'finished', report: mixed }]), WIDE, false);
    expect(state.phase.kind).toBe('results');
    expect(state.closing).toBe('quit');
  });
});

describe('the scan promise and the clock', () => {
  it('scanCompleted: shows the results when no finished event came', () => {
    expect(stateAfter([{ type: 'scanCompleted', report: mixed }]).phase).toMatchObject({ kind: 'results' });
  });

  it('scanCompleted after finished: changes nothing', () => {
    const state = resultsState(mixed, WIDE, ...keys('j'));
    expect(reduce(state, { type: 'scanCompleted', report: mixed })).toBe(state);
  });

  it('scanFailed: shows the error', () => {
    const error = new Error('ExpiredToken');
    expect(stateAfter([{ type: 'scanFailed', error }]).phase).toEqual({ kind: 'failed', error });
  });

  it('scanFailed without a keyboard: closes at once', () => {
    expect(stateAfter([{ type: 'scanFailed', error: new Error('x') }], WIDE, false).closing).toBe('quit');
  });

  it('scanFailed after the results: changes nothing', () => {
    const state = resultsState(mixed);
    expect(reduce(state, { type: 'scanFailed', error: new Error('late') })).toBe(state);
  });

  it('tick: moves the clock', () => {
    expect(stateAfter([{ type: 'tick', now: T0 + 1500 }]).now).toBe(T0 + 1500);
  });

  it('resize: takes the new size and keeps the selection in view', () => {
    const atEnd = resultsState(mixed, WIDE, ...keys('f'), key('end'));
    expect(browseOf(atEnd).scrollTop).toBe(0);
    const shrunk = reduce(atEnd, { type: 'resize', size: SHORT });
    expect(shrunk.terminal).toEqual(SHORT);
    expect(browseOf(shrunk).scrollTop).toBe(listFindings(mixed, browseOf(shrunk)).lines.length - listHeight(SHORT));
  });
});

describe('closing', () => {
  it('interrupt: closes as interrupted while scanning, on the results and on an error', () => {
    expect(stateAfter([{ type: 'interrupt' }]).closing).toBe('interrupted');
    expect(reduce(resultsState(mixed), { type: 'interrupt' }).closing).toBe('interrupted');
    expect(stateAfter([{ type: 'scanFailed', error: 1 }, { type: 'interrupt' }]).closing).toBe('interrupted');
  });

  it('close: ignored while scanning, quits on the results or an error', () => {
    expect(stateAfter([{ type: 'close' }]).closing).toBeUndefined();
    expect(reduce(resultsState(mixed), { type: 'close' }).closing).toBe('quit');
    expect(stateAfter([{ type: 'scanFailed', error: 1 }, { type: 'close' }]).closing).toBe('quit');
  });

  it('once closed, nothing changes any more', () => {
    const closed = reduce(resultsState(mixed), { type: 'close' });
    const later: Action[] = [
      { type: 'interrupt' },
      { type: 'tick', now: T0 + 9 },
      { type: 'scanEvent', event: { type: 'notice', message: 'late' } },
      ...keys('j'),
    ];
    expect(later.reduce(reduce, closed)).toBe(closed);
  });
});

describe('keys while scanning', () => {
  const scanning = stateAfter(scanned(progressEvents(mixed)));

  it('Ctrl-C interrupts', () => {
    expect(reduce(scanning, key('interrupt')).closing).toBe('interrupted');
  });

  it.each<Action>([...keys('qjfg/?'), key('enter'), key('escape'), key('down'), key('end')])(
    'ignores %j: there is nothing to browse yet',
    (action) => {
      expect(reduce(scanning, action)).toBe(scanning);
    },
  );
});

describe('keys after a failed scan', () => {
  const failed = stateAfter([{ type: 'scanFailed', error: new Error('boom') }]);

  it('q quits', () => {
    expect(reduce(failed, keys('q')[0]!).closing).toBe('quit');
  });

  it('Ctrl-C interrupts', () => {
    expect(reduce(failed, key('interrupt')).closing).toBe('interrupted');
  });

  it.each<Action>([...keys('jf/'), key('enter'), key('escape')])('ignores %j', (action) => {
    expect(reduce(failed, action)).toBe(failed);
  });
});

describe('keys on the results list', () => {
  // "all" lists 14 results in 4 severity groups: 18 lines.
  const all = (...then: Action[]) => resultsState(mixed, SHORT, ...keys('f'), ...then);

  it('↓ and j move down, ↑ and k move up, both stopping at the ends', () => {
    expect(browseOf(all(key('down'), ...keys('j'))).cursor).toBe(2);
    expect(browseOf(all(key('down'), ...keys('j'), key('up'))).cursor).toBe(1);
    expect(browseOf(all(key('down'), ...keys('k'))).cursor).toBe(0);
    expect(browseOf(all(key('up'))).cursor).toBe(0);
    expect(browseOf(all(key('end'), key('down'))).cursor).toBe(13);
  });

  it('moving past the bottom scrolls just enough to keep the selection visible', () => {
    const height = listHeight(SHORT);
    // The fifth result sits on line 6 (two group headers above it).
    const state = all(...Array<Action>(4).fill(key('down')));
    expect(browseOf(state)).toMatchObject({ cursor: 4, scrollTop: 6 - height + 1 });
  });

  it('moving onto the first result of a group brings its header into view', () => {
    const state = all(
      key('end'),
      key('home'),
      ...Array<Action>(8).fill(key('down')),
      ...Array<Action>(2).fill(key('up')),
    );
    // Result 6 opens the MEDIUM group: its header is line 8, the result line 9.
    expect(browseOf(state)).toMatchObject({ cursor: 6, scrollTop: 8 });
  });

  it('PgDn and PgUp move by a page, one line less than the list height', () => {
    const page = listHeight(SHORT) - 1;
    expect(browseOf(all(key('pageDown'))).cursor).toBe(page);
    expect(browseOf(all(key('pageDown'), key('pageDown'), key('pageUp'))).cursor).toBe(page);
    expect(browseOf(all(key('pageUp'))).cursor).toBe(0);
  });

  it('Home and End go to the first and the last result', () => {
    const end = all(key('end'));
    expect(browseOf(end)).toMatchObject({ cursor: 13, scrollTop: 18 - listHeight(SHORT) });
    expect(browseOf(reduce(end, key('home')))).toMatchObject({ cursor: 0, scrollTop: 0 });
  });

  it('Enter opens the detail of the selected result', () => {
    expect(browseOf(all(key('down'), key('enter')))).toMatchObject({ pane: 'detail', cursor: 1, detailTop: 0 });
  });

  it('Enter on an empty list does nothing', () => {
    const empty = resultsState(allPassing, WIDE, ...keys('f'));
    expect(browseOf(empty).filter).toBe('attention');
    expect(reduce(empty, key('enter'))).toBe(empty);
  });

  it('f cycles failed only → all → warnings and not available → failed only, keeping the selection', () => {
    const state = resultsState(mixed, WIDE, key('down'));
    const chosen = selected(state);
    const toAll = reduce(state, keys('f')[0]!);
    expect(browseOf(toAll).filter).toBe('all');
    expect(selected(toAll)).toBe(chosen);
    const toAttention = reduce(toAll, keys('f')[0]!);
    expect(browseOf(toAttention)).toMatchObject({ filter: 'attention', cursor: 0 });
    expect(browseOf(reduce(toAttention, keys('f')[0]!)).filter).toBe('failed');
  });

  it('g cycles severity → control → Region → severity, keeping the selection', () => {
    const state = resultsState(mixed, WIDE, key('end'));
    const chosen = selected(state);
    let current = state;
    for (const grouping of ['control', 'region', 'severity']) {
      current = reduce(current, keys('g')[0]!);
      expect(browseOf(current).grouping).toBe(grouping);
      expect(selected(current)).toBe(chosen);
    }
  });

  it('/ starts a search from the applied one', () => {
    expect(browseOf(resultsState(mixed, WIDE, ...keys('/'))).draft).toBe('');
    const again = resultsState(mixed, WIDE, ...keys('/legacy'), key('enter'), ...keys('/'));
    expect(browseOf(again)).toMatchObject({ draft: 'legacy', search: 'legacy' });
  });

  it('Esc clears an applied search', () => {
    const searched = resultsState(mixed, WIDE, ...keys('f/trail-logs'), key('enter'));
    expect(browseOf(searched).search).toBe('trail-logs');
    expect(browseOf(reduce(searched, key('escape'))).search).toBe('');
  });

  it('Esc without a search does nothing', () => {
    const state = resultsState(mixed);
    expect(reduce(state, key('escape'))).toBe(state);
  });

  it('? opens the help', () => {
    expect(browseOf(resultsState(mixed, WIDE, ...keys('?'))).pane).toBe('help');
  });

  it('q quits', () => {
    expect(resultsState(mixed, WIDE, ...keys('q')).closing).toBe('quit');
  });

  it('Ctrl-C interrupts', () => {
    expect(resultsState(mixed, WIDE, key('interrupt')).closing).toBe('interrupted');
  });

  it.each<Action>([...keys('xZ1 '), key('backspace')])('ignores %j', (action) => {
    const state = resultsState(mixed);
    expect(reduce(state, action)).toBe(state);
  });
});

describe('keys while typing a search', () => {
  const typing = (...then: Action[]) => resultsState(mixed, WIDE, ...keys('f/'), ...then);

  it('letters, including the ones that are commands elsewhere, are typed', () => {
    expect(browseOf(typing(...keys('qfg?jk/'))).draft).toBe('qfg?jk/');
  });

  it('Backspace deletes the last character', () => {
    expect(browseOf(typing(...keys('abc'), key('backspace'))).draft).toBe('ab');
    expect(browseOf(typing(key('backspace'))).draft).toBe('');
    expect(
      browseOf(typing(...keys('a'), { type: 'key', key: { name: 'text', text: '👍🏽' } }, key('backspace'))).draft,
    ).toBe('a');
  });

  it('Enter applies the search (trimmed) and lists only what matches', () => {
    const state = typing(...keys(' CloudTrail.4 '), key('enter'));
    expect(browseOf(state)).toMatchObject({ search: 'CloudTrail.4', draft: undefined, cursor: 0 });
    expect(listFindings(mixed, browseOf(state)).results.map((r) => r.checkId)).toEqual([
      'CloudTrail.4',
      'CloudTrail.4',
    ]);
  });

  it('Esc stops typing and clears the search', () => {
    const state = resultsState(mixed, WIDE, ...keys('/legacy'), key('enter'), ...keys('/x'), key('escape'));
    expect(browseOf(state)).toMatchObject({ search: '', draft: undefined });
  });

  it('arrows and paging keys do nothing while typing', () => {
    const state = typing(...keys('a'));
    for (const name of ['up', 'down', 'pageUp', 'pageDown', 'home', 'end'] as const) {
      expect(reduce(state, key(name))).toBe(state);
    }
  });

  it('Ctrl-C interrupts', () => {
    expect(typing(key('interrupt')).closing).toBe('interrupted');
  });
});

describe('keys in the detail pane', () => {
  // At 12 rows the pane shows 10 lines of the CloudTrail.6 detail, which has more.
  const detail = (...then: Action[]) => resultsState(mixed, SHORT, key('enter'), ...then);
  const limit = detailLines(selected(detail(), mixed)!, SHORT.columns).length - detailHeight(SHORT);

  it('has more lines than fit, for these tests to mean something', () => {
    expect(limit).toBeGreaterThan(detailHeight(SHORT));
  });

  it.each<Action[]>([[key('escape')], [key('enter')], keys('q')])('%j closes it', (...actions) => {
    expect(browseOf(detail(...actions)).pane).toBe('list');
  });

  it('↓ j ↑ k scroll by a line, within the detail', () => {
    expect(browseOf(detail(key('down'), ...keys('j'))).detailTop).toBe(2);
    expect(browseOf(detail(key('down'), ...keys('j'), key('up'))).detailTop).toBe(1);
    expect(browseOf(detail(...keys('k'))).detailTop).toBe(0);
  });

  it('PgDn, PgUp, Home and End scroll by pages and to the ends', () => {
    const page = detailHeight(SHORT) - 1;
    expect(browseOf(detail(key('pageDown'))).detailTop).toBe(page);
    expect(browseOf(detail(key('pageDown'), key('pageUp'))).detailTop).toBe(0);
    expect(browseOf(detail(key('end'))).detailTop).toBe(limit);
    expect(browseOf(detail(key('end'), key('down'))).detailTop).toBe(limit);
    expect(browseOf(detail(key('end'), key('home'))).detailTop).toBe(0);
  });

  it('other keys do nothing', () => {
    const state = detail();
    for (const action of keys('fg/?x')) expect(reduce(state, action)).toBe(state);
  });

  it('Ctrl-C interrupts', () => {
    expect(detail(key('interrupt')).closing).toBe('interrupted');
  });

  it('a resize keeps the scroll position within the detail', () => {
    const state = detail(key('end'));
    const taller = reduce(state, { type: 'resize', size: { columns: 120, rows: 60 } });
    expect(browseOf(taller).detailTop).toBe(0);
  });
});

describe('keys in the help', () => {
  const help = (...then: Action[]) => resultsState(mixed, WIDE, ...keys('?'), ...then);

  it.each<Action[]>([keys('?'), [key('escape')], keys('q')])('%j closes it', (...actions) => {
    expect(browseOf(help(...actions)).pane).toBe('list');
    expect(help(...actions).closing).toBeUndefined();
  });

  it('other keys do nothing', () => {
    const state = help();
    for (const action of [...keys('jfg/'), key('down'), key('enter')]) expect(reduce(state, action)).toBe(state);
  });

  it('Ctrl-C interrupts', () => {
    expect(help(key('interrupt')).closing).toBe('interrupted');
  });
});

describe('an incomplete scan', () => {
  it('lists the result that could not be evaluated under "warnings and not available"', () => {
    const report = reportOf(incompleteInventory());
    const state = resultsState(report, WIDE, ...keys('ff'));
    const listed = listFindings(report, browseOf(state)).results;
    expect(listed.map((r) => [r.status, r.resource.id, r.resource.region])).toEqual(
      Array(report.summary.byStatus.NOT_AVAILABLE).fill(['NOT_AVAILABLE', `AWS::::Account:${ACCOUNT_ID}`, 'us-west-2']),
    );
  });
});
