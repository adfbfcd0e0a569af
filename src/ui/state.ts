/**
 * The terminal UI's whole state and the one pure function that changes it. Scan events, the clock,
 * terminal resizes and key presses all arrive as actions, so every behaviour can be tested without a
 * terminal and the components only draw what they are given.
 */
import type { ScanEvent } from '../model/events.js';
import type { Account, CollectionError } from '../model/inventory.js';
import type { ScanReport } from '../model/report.js';
import { detailLines } from './detail.js';
import { plural } from './text.js';
import {
  FILTERS,
  GROUPINGS,
  defaultFilter,
  listFindings,
  next,
  scrollToCursor,
  type Filter,
  type Grouping,
} from './findings.js';
import { detailHeight, listHeight, pageSize, type TerminalSize } from './layout.js';

export type RegionProgress =
  | { state: 'waiting' }
  | { state: 'scanning' }
  | { state: 'done'; trailsSeen: number; trailsHomed: number }
  | { state: 'error'; error: CollectionError }
  | { state: 'skipped'; reason: string };

export interface RegionLine {
  region: string;
  progress: RegionProgress;
}

/** Lines that never change once printed: drawn once above the live area (Ink's `<Static>`). */
export type LogEntry =
  { kind: 'identity'; account: Account } | ({ kind: 'region' } & RegionLine) | { kind: 'notice'; message: string };

/** Digest verification: chains (trail × Region) read, and the objects found and read so far. */
export interface VerifyProgress {
  chains: number;
  chainsRead: number;
  digestsFound: number;
  digestsRead: number;
  logFilesFound: number;
  logFilesRead: number;
}

/** A scan of several accounts: how far it is, and the accounts that could not be scanned. */
export interface AccountsProgress {
  total: number;
  done: number;
  failed: { accountId: string; name?: string | undefined; error: CollectionError }[];
}

export interface ScanProgress {
  account?: Account;
  verify?: VerifyProgress;
  accounts?: AccountsProgress;
  /** Regions to scan, in the order the scan announced them. */
  regions: string[];
  progress: Record<string, RegionProgress>;
  apiCalls: number;
  failedApiCalls: number;
}

/** Regions whose scan is over, whether it succeeded or not. */
export const finishedRegions = (scan: ScanProgress): number =>
  scan.regions.filter((region) => {
    const state = scan.progress[region]?.state;
    return state === 'done' || state === 'error';
  }).length;

type Pane = 'list' | 'detail' | 'help';

export interface Browse {
  filter: Filter;
  grouping: Grouping;
  /** The applied search; empty for none. */
  search: string;
  /** What is being typed after `/`; undefined when not searching. */
  draft?: string;
  /** Position of the selected result in the list's reading order. */
  cursor: number;
  /** First list line on screen. */
  scrollTop: number;
  pane: Pane;
  /** First detail line on screen. */
  detailTop: number;
}

export type Phase =
  { kind: 'scanning' } | { kind: 'results'; report: ScanReport; browse: Browse } | { kind: 'failed'; error: unknown };

/** `quit`: the user is done with the results (or the error); `interrupted`: Ctrl-C. */
export type Closing = 'quit' | 'interrupted';

export interface State {
  terminal: TerminalSize;
  /** Whether keys can be read; without them there is nothing to browse, so results close at once. */
  keyboard: boolean;
  startedAt: number;
  now: number;
  scan: ScanProgress;
  log: LogEntry[];
  phase: Phase;
  closing?: Closing;
}

export type KeyPress =
  | { name: 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'enter' | 'escape' | 'backspace' | 'interrupt' }
  | { name: 'text'; text: string };

export type Action =
  | { type: 'scanEvent'; event: ScanEvent }
  /** The scan promise settled. */
  | { type: 'scanCompleted'; report: ScanReport }
  | { type: 'scanFailed'; error: unknown }
  | { type: 'tick'; now: number }
  | { type: 'resize'; size: TerminalSize }
  | { type: 'key'; key: KeyPress }
  /** Ctrl-C, as a key or as SIGINT. */
  | { type: 'interrupt' }
  /** The user is done: `q` on the results, or no keyboard to browse them with. */
  | { type: 'close' };

export function initialState(now: number, terminal: TerminalSize, keyboard: boolean): State {
  return {
    terminal,
    keyboard,
    startedAt: now,
    now,
    scan: { regions: [], progress: {}, apiCalls: 0, failedApiCalls: 0 },
    log: [],
    phase: { kind: 'scanning' },
  };
}

export function reduce(state: State, action: Action): State {
  if (state.closing !== undefined) return state;
  switch (action.type) {
    case 'scanEvent':
      return onScanEvent(state, action.event);
    case 'scanCompleted':
      return showResults(state, action.report);
    case 'scanFailed':
      return state.phase.kind === 'scanning' ? endScan(state, { kind: 'failed', error: action.error }) : state;
    case 'tick':
      return { ...state, now: action.now };
    case 'resize':
      return withBrowse({ ...state, terminal: action.size }, settle);
    case 'key':
      return onKey(state, action.key);
    case 'interrupt':
      return { ...state, closing: 'interrupted' };
    case 'close':
      // Leaving mid-scan is what Ctrl-C is for: it also stops the scan.
      return state.phase.kind === 'scanning' ? state : { ...state, closing: 'quit' };
  }
}

/* ---------- scan events ---------- */

function setRegion(state: State, region: string, progress: RegionProgress): State {
  const { scan } = state;
  return {
    ...state,
    scan: {
      ...scan,
      regions: scan.regions.includes(region) ? scan.regions : [...scan.regions, region],
      progress: { ...scan.progress, [region]: progress },
    },
  };
}

/** A Region's final line, which also goes to the permanent log. */
function finishRegion(state: State, region: string, progress: RegionProgress): State {
  const next = setRegion(state, region, progress);
  return { ...next, log: [...next.log, { kind: 'region', region, progress }] };
}

function onScanEvent(state: State, event: ScanEvent): State {
  switch (event.type) {
    case 'identity':
      return {
        ...state,
        scan: { ...state.scan, account: event.account },
        log: [...state.log, { kind: 'identity', account: event.account }],
      };
    case 'regions': {
      const progress: Record<string, RegionProgress> = { ...state.scan.progress };
      for (const region of event.scanned) progress[region] ??= { state: 'waiting' };
      return {
        ...state,
        scan: { ...state.scan, regions: [...event.scanned], progress },
        log: [
          ...state.log,
          ...event.skipped.map(({ region, reason }): LogEntry => ({
            kind: 'region',
            region,
            progress: { state: 'skipped', reason },
          })),
        ],
      };
    }
    case 'regionStarted':
      return setRegion(state, event.region, { state: 'scanning' });
    case 'regionFinished':
      return finishRegion(
        state,
        event.region,
        event.error === undefined
          ? { state: 'done', trailsSeen: event.trailsSeen, trailsHomed: event.trailsHomed }
          : { state: 'error', error: event.error },
      );
    case 'apiCall':
      return {
        ...state,
        scan: {
          ...state.scan,
          apiCalls: state.scan.apiCalls + 1,
          failedApiCalls: state.scan.failedApiCalls + (event.ok ? 0 : 1),
        },
      };
    case 'accounts':
      return { ...state, scan: { ...state.scan, accounts: { total: event.total, done: 0, failed: [] } } };
    case 'accountFinished': {
      const accounts = state.scan.accounts ?? { total: 0, done: 0, failed: [] };
      const { accountId, name, error } = event;
      return {
        ...state,
        scan: {
          ...state.scan,
          accounts: {
            ...accounts,
            done: accounts.done + 1,
            failed: error === undefined ? accounts.failed : [...accounts.failed, { accountId, name, error }],
          },
        },
        log:
          error === undefined
            ? state.log
            : [
                ...state.log,
                {
                  kind: 'notice',
                  message: `account ${accountId}${name === undefined ? '' : ` (${name})`} not scanned: ${error.operation} failed: ${error.code}`,
                },
              ],
      };
    }
    case 'notice':
      return { ...state, log: [...state.log, { kind: 'notice', message: event.message }] };
    case 'verifyStarted':
      return {
        ...state,
        scan: {
          ...state.scan,
          verify: {
            chains: event.chains,
            chainsRead: 0,
            digestsFound: 0,
            digestsRead: 0,
            logFilesFound: 0,
            logFilesRead: 0,
          },
        },
      };
    case 'objectsProgress': {
      const { type: _type, ...counts } = event;
      const verify = state.scan.verify ?? { chains: 0, chainsRead: 0, ...counts };
      return { ...state, scan: { ...state.scan, verify: { ...verify, ...counts } } };
    }
    case 'chainRead': {
      const verify = state.scan.verify;
      const message =
        event.error === undefined
          ? `${event.trail} ${event.region}: ${plural(event.digests, 'digest')}, ${plural(event.logFiles, 'log file')} read`
          : `${event.trail} ${event.region}: error: ${event.error.operation} ${event.error.code}`;
      return {
        ...state,
        scan: {
          ...state.scan,
          ...(verify === undefined ? {} : { verify: { ...verify, chainsRead: verify.chainsRead + 1 } }),
        },
        log: [...state.log, { kind: 'notice', message }],
      };
    }
    case 'finished':
      return showResults(state, event.report);
  }
}

/** The groupings a report offers: by account only when it has several. */
const groupingsOf = (report: ScanReport): readonly Grouping[] =>
  report.scan.accounts === undefined ? GROUPINGS.filter((g) => g !== 'account') : GROUPINGS;

function showResults(state: State, report: ScanReport): State {
  if (state.phase.kind !== 'scanning') return state;
  const browse: Browse = {
    filter: defaultFilter(report),
    // A report of several accounts reads account by account first.
    grouping: report.scan.accounts === undefined ? 'severity' : 'account',
    search: '',
    cursor: 0,
    scrollTop: 0,
    pane: 'list',
    detailTop: 0,
  };
  return endScan(state, { kind: 'results', report, browse });
}

function endScan(state: State, phase: Phase): State {
  return state.keyboard ? { ...state, phase } : { ...state, phase, closing: 'quit' };
}

/* ---------- browsing ---------- */

type BrowseUpdate = (browse: Browse, report: ScanReport, terminal: TerminalSize) => Browse;

function withBrowse(state: State, update: BrowseUpdate): State {
  const { phase } = state;
  if (phase.kind !== 'results') return state;
  const browse = update(phase.browse, phase.report, state.terminal);
  // Keys that change nothing keep the state itself, so nothing re-renders.
  return browse === phase.browse ? state : { ...state, phase: { ...phase, browse } };
}

/** The last first-line of the selected result's detail: scrolling further would show nothing new. */
function detailScrollLimit(browse: Browse, report: ScanReport, terminal: TerminalSize): number {
  const selected = listFindings(report, browse).results[browse.cursor];
  if (selected === undefined) return 0;
  return Math.max(0, detailLines(selected, terminal.columns).length - detailHeight(terminal));
}

/** Clamps the cursor and the scroll positions to what the list and the detail now hold. */
function settle(browse: Browse, report: ScanReport, terminal: TerminalSize, cursor = browse.cursor): Browse {
  const list = listFindings(report, browse);
  const clamped = Math.max(0, Math.min(cursor, list.results.length - 1));
  const moved = {
    ...browse,
    cursor: clamped,
    scrollTop: scrollToCursor(list, clamped, browse.scrollTop, listHeight(terminal)),
  };
  const detailTop = Math.max(0, Math.min(browse.detailTop, detailScrollLimit(moved, report, terminal)));
  return { ...moved, detailTop, pane: list.results.length === 0 && browse.pane === 'detail' ? 'list' : browse.pane };
}

/**
 * After the filter, search or grouping changed: keep the same result selected when it is still listed,
 * otherwise start from the top.
 */
function requery(browse: Browse, report: ScanReport, terminal: TerminalSize, change: Partial<Browse>): Browse {
  const selected = listFindings(report, browse).results[browse.cursor];
  const changed = { ...browse, ...change, scrollTop: 0 };
  const position = selected === undefined ? -1 : listFindings(report, changed).results.indexOf(selected);
  return settle(changed, report, terminal, Math.max(0, position));
}

/** Where a movement key takes a position, given the page size and the last position. */
function moveBy(key: KeyPress['name'], position: number, page: number, last: number): number | undefined {
  switch (key) {
    case 'up':
      return position - 1;
    case 'down':
      return position + 1;
    case 'pageUp':
      return position - page;
    case 'pageDown':
      return position + page;
    case 'home':
      return 0;
    case 'end':
      return last;
    default:
      return undefined;
  }
}

const typed = (key: KeyPress, text: string): boolean => key.name === 'text' && key.text === text;

/** vi keys for the arrows. */
function arrowOf(key: KeyPress): KeyPress['name'] {
  if (typed(key, 'j')) return 'down';
  if (typed(key, 'k')) return 'up';
  return key.name;
}

function onKey(state: State, key: KeyPress): State {
  if (key.name === 'interrupt') return { ...state, closing: 'interrupted' };
  const { phase } = state;
  if (phase.kind === 'failed') return typed(key, 'q') ? reduce(state, { type: 'close' }) : state;
  if (phase.kind !== 'results') return state;
  const { browse } = phase;
  if (browse.draft !== undefined) {
    return withBrowse(state, (b, report, terminal) => onSearchKey(b, report, terminal, key));
  }
  if (browse.pane === 'help') return withBrowse(state, (b) => onHelpKey(b, key));
  if (browse.pane === 'detail') {
    return withBrowse(state, (b, report, terminal) => onDetailKey(b, report, terminal, key));
  }
  if (typed(key, 'q')) return reduce(state, { type: 'close' });
  return withBrowse(state, (b, report, terminal) => onListKey(b, report, terminal, key));
}

function onListKey(browse: Browse, report: ScanReport, terminal: TerminalSize, key: KeyPress): Browse {
  const arrow = arrowOf(key);
  const count = listFindings(report, browse).results.length;
  const moved = moveBy(arrow, browse.cursor, pageSize(listHeight(terminal)), count - 1);
  if (moved !== undefined) return settle(browse, report, terminal, moved);
  switch (key.name) {
    case 'enter':
      return count === 0 ? browse : { ...browse, pane: 'detail', detailTop: 0 };
    case 'escape':
      return browse.search === '' ? browse : requery(browse, report, terminal, { search: '' });
    case 'text':
      switch (key.text) {
        case 'f':
          return requery(browse, report, terminal, { filter: next(FILTERS, browse.filter) });
        case 'g':
          return requery(browse, report, terminal, { grouping: next(groupingsOf(report), browse.grouping) });
        case '/':
          return { ...browse, draft: browse.search };
        case '?':
          return { ...browse, pane: 'help' };
        default:
          return browse;
      }
    default:
      return browse;
  }
}

function onDetailKey(browse: Browse, report: ScanReport, terminal: TerminalSize, key: KeyPress): Browse {
  if (key.name === 'escape' || key.name === 'enter' || typed(key, 'q')) {
    return { ...browse, pane: 'list' };
  }
  const limit = detailScrollLimit(browse, report, terminal);
  const moved = moveBy(arrowOf(key), browse.detailTop, pageSize(detailHeight(terminal)), limit);
  return moved === undefined ? browse : { ...browse, detailTop: Math.max(0, Math.min(moved, limit)) };
}

function onHelpKey(browse: Browse, key: KeyPress): Browse {
  const closes = key.name === 'escape' || typed(key, '?') || typed(key, 'q');
  return closes ? { ...browse, pane: 'list' } : browse;
}

function onSearchKey(browse: Browse, report: ScanReport, terminal: TerminalSize, key: KeyPress): Browse {
  const draft = browse.draft ?? '';
  switch (key.name) {
    case 'enter':
      return requery(browse, report, terminal, { search: draft.trim(), draft: undefined });
    case 'escape':
      return requery(browse, report, terminal, { search: '', draft: undefined });
    case 'backspace':
      // Remove the last character as the reader sees it (an emoji is two code units, some are more).
      return {
        ...browse,
        draft: [...new Intl.Segmenter().segment(draft)]
          .slice(0, -1)
          .map((g) => g.segment)
          .join(''),
      };
    case 'text':
      return { ...browse, draft: draft + key.text };
    default:
      return browse;
  }
}
