/** Scan events and UI states built from real reports, for the reducer, frame and session tests. */
import type { ScanEvent } from '../../src/model/events.js';
import type { ScanReport } from '../../src/model/report.js';
import type { TerminalSize } from '../../src/ui/layout.js';
import { initialState, reduce, type Action, type KeyPress, type State } from '../../src/ui/state.js';

export const T0 = Date.parse('2026-11-20T10:00:00.000Z');
export const WIDE: TerminalSize = { columns: 120, rows: 40 };
export const NARROW: TerminalSize = { columns: 80, rows: 24 };

/** What a scan of this report's account emits, Region by Region, up to (not including) `finished`. */
export function progressEvents(report: ScanReport): ScanEvent[] {
  const { account, regions } = report.scan;
  const failedListing = new Map(
    report.errors.filter((e) => e.operation === 'cloudtrail:DescribeTrails').map((e) => [e.region, e]),
  );
  return [
    { type: 'identity', account },
    { type: 'regions', scanned: regions.scanned, skipped: regions.skipped },
    ...regions.scanned.flatMap((region): ScanEvent[] => {
      const error = failedListing.get(region);
      return [
        { type: 'regionStarted', region },
        { type: 'apiCall', operation: 'cloudtrail:DescribeTrails', region, ok: error === undefined },
        error === undefined
          ? { type: 'regionFinished', region, trailsSeen: 2, trailsHomed: 1 }
          : { type: 'regionFinished', region, trailsSeen: 0, trailsHomed: 0, error },
      ];
    }),
  ];
}

export const scanned = (events: readonly ScanEvent[]): Action[] =>
  events.map((event) => ({ type: 'scanEvent', event }));

export const key = (name: Exclude<KeyPress['name'], 'text'>): Action => ({ type: 'key', key: { name } });
export const keys = (text: string): Action[] =>
  Array.from(text, (char): Action => ({ type: 'key', key: { name: 'text', text: char } }));

export function stateAfter(actions: readonly Action[], terminal: TerminalSize = WIDE, keyboard = true): State {
  return actions.reduce(reduce, initialState(T0, terminal, keyboard));
}

/** The state once the scan of `report` finished and its results are on screen. */
export function resultsState(report: ScanReport, terminal: TerminalSize = WIDE, ...then: Action[]): State {
  return stateAfter(
    [...scanned(progressEvents(report)), { type: 'scanEvent', event: { type: 'finished', report } }, ...then],
    terminal,
  );
}

export function browseOf(state: State) {
  if (state.phase.kind !== 'results') throw new Error(`expected results, got ${state.phase.kind}`);
  return state.phase.browse;
}
