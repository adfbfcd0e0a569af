import { describe, expect, it } from 'vitest';
import type { ScanEventSink } from '../../src/model/events.js';
import type { ScanReport } from '../../src/model/report.js';
import { runTui, type TuiOptions } from '../../src/ui/index.js';
import { inventory, trail } from '../fixtures/inventory.js';
import { incompleteInventory, reportOf } from '../fixtures/report.js';
import { NARROW, progressEvents } from './scan-fixtures.js';
import { FakeInput, FakeOutput, KEYS, cursorLeftShown, settle } from './terminal.js';

const report = reportOf(incompleteInventory());
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A scan that reports the fixture account's progress a few milliseconds apart, then finishes. */
async function scanOf(emit: ScanEventSink, signal: AbortSignal): Promise<ScanReport> {
  for (const event of progressEvents(report)) {
    await pause(3);
    signal.throwIfAborted();
    emit(event);
  }
  emit({ type: 'finished', report });
  return report;
}

/** Resolves once `signal` aborts; never otherwise. */
const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    signal.addEventListener('abort', () => {
      resolve();
    });
  });

function start(scan: TuiOptions['scan'], stdin = FakeInput.terminal(), stop?: AbortSignal) {
  const stderr = new FakeOutput(NARROW);
  const outcome = runTui({ scan, color: false, stdin: stdin.asStream(), stderr: stderr.asStream(), stop });
  const lastLine = () => stderr.text().trimEnd().split('\n').at(-1);
  return { outcome, stdin, stderr, lastLine };
}

/** Waits for a scan (or anything) to be done, then for Ink to catch up. */
async function after(promise: Promise<unknown>) {
  await promise.catch(() => undefined);
  await settle();
}

describe('runTui', () => {
  it('runs the scan, lets the results be browsed, and resolves with the report once the user quits', async () => {
    let scanning: Promise<ScanReport> | undefined;
    const session = start((emit, signal) => (scanning = scanOf(emit, signal)));
    await after(scanning!);
    session.stdin.type('j');
    await settle();
    session.stdin.type('q');
    expect(await session.outcome).toEqual({ report, interrupted: false });
    expect(session.lastLine()).toBe('✗ 5 FAIL · ? 6 N/A · ✓ 8 PASS — FAILED, exit 3: 5 failed results at or above low');
  });

  it('leaves the terminal as it found it: input released, cursor shown', async () => {
    let scanning: Promise<ScanReport> | undefined;
    const session = start((emit, signal) => (scanning = scanOf(emit, signal)));
    await after(scanning!);
    session.stdin.type('q');
    await session.outcome;
    expect(session.stdin.listenerCount('readable')).toBe(0);
    expect(session.stderr.listenerCount('resize')).toBe(0);
    expect(cursorLeftShown(session.stderr.writes)).toBe(true);
  });

  it('on Ctrl-C while scanning, aborts the scan and resolves as interrupted', async () => {
    let signal: AbortSignal | undefined;
    let started: Promise<void> | undefined;
    const session = start(async (emit, scanSignal) => {
      signal = scanSignal;
      started = Promise.resolve();
      for (const event of progressEvents(report).slice(0, 4)) emit(event);
      await aborted(scanSignal);
      throw scanSignal.reason;
    });
    await after(started!);
    session.stdin.type(KEYS.ctrlC);
    expect(await session.outcome).toEqual({ interrupted: true });
    expect(signal?.aborted).toBe(true);
    expect(session.lastLine()).toBe('Interrupted after 0 of 3 Regions');
  });

  it('resolves promptly on Ctrl-C even when the scan does not stop', async () => {
    const session = start(() => new Promise<ScanReport>(() => undefined));
    await settle();
    session.stdin.type(KEYS.ctrlC);
    expect(await session.outcome).toEqual({ interrupted: true });
  });

  it('treats a stop signal (SIGINT or SIGTERM from elsewhere) like Ctrl-C', async () => {
    let signal: AbortSignal | undefined;
    const stop = new AbortController();
    const session = start(
      (_emit, scanSignal) => {
        signal = scanSignal;
        return new Promise<ScanReport>(() => undefined);
      },
      FakeInput.terminal(),
      stop.signal,
    );
    await settle();
    stop.abort();
    expect(await session.outcome).toEqual({ interrupted: true });
    expect(signal?.aborted).toBe(true);
  });

  it('on Ctrl-C after the results, keeps the report but says it was interrupted', async () => {
    let scanning: Promise<ScanReport> | undefined;
    const session = start((emit, signal) => (scanning = scanOf(emit, signal)));
    await after(scanning!);
    session.stdin.type(KEYS.ctrlC);
    expect(await session.outcome).toEqual({ report, interrupted: true });
    expect(session.lastLine()).toBe('Interrupted');
  });

  it('shows a failed scan and resolves with its error once the user quits', async () => {
    const error = new Error('The security token included in the request is expired');
    let scanning: Promise<ScanReport> | undefined;
    const session = start(() => (scanning = Promise.reject(error)));
    await after(scanning!);
    session.stdin.type('q');
    expect(await session.outcome).toEqual({ interrupted: false, error });
    expect(session.lastLine()).toBe('✗ Scan failed: The security token included in the request is expired');
  });

  it('treats a scan that throws at once like one that rejects', async () => {
    const error = new Error('bad options');
    const session = start(() => {
      throw error;
    });
    await settle();
    session.stdin.type('q');
    expect(await session.outcome).toEqual({ interrupted: false, error });
  });

  it('shows control characters of AWS data as escapes: no window title set, no screen cleared', async () => {
    const name = 'evil\u001b]0;pwned\u0007\u001b[2J';
    const hostile = reportOf(inventory({ trails: [trail({ name, logFileValidationEnabled: false })] }));
    let scanning: Promise<ScanReport> | undefined;
    const session = start((emit) => {
      emit({ type: 'notice', message: `notice about ${name}` });
      return (scanning = Promise.resolve(hostile));
    });
    await after(scanning!);
    const screen = session.stderr.text();
    expect(screen).not.toContain('\u001b]0;pwned');
    expect(screen).not.toContain('\u001b[2J');
    expect(screen).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J');
    session.stdin.type('q');
    await session.outcome;
  });

  it('without a terminal to read keys from, closes by itself once the scan is done', async () => {
    const session = start(scanOf, FakeInput.pipe());
    expect(await session.outcome).toEqual({ report, interrupted: false });
    expect(session.lastLine()).toMatch(/^✗ 5 FAIL .* exit 3: /);
  });
});
