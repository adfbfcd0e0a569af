/**
 * The interactive terminal UI: a live view of the scan, then its findings to browse. The CLI imports this
 * module only when stderr is an interactive terminal, so nothing else in the program loads Ink or React.
 */
import { render } from 'ink';
import type { ScanEventSink } from '../model/events.js';
import { terminalSafe } from '../terminal-text.js';
import type { ScanReport } from '../model/report.js';
import { App } from './App.js';
import { terminalSizeOf } from './layout.js';
import { initialState, type State } from './state.js';
import { createStore } from './store.js';
import { SPINNER_FRAME_MS } from './theme.js';

export interface TuiOptions {
  /** Runs the real scan, reporting progress through `emit` and stopping when `signal` aborts. */
  scan: (emit: ScanEventSink, signal: AbortSignal) => Promise<ScanReport>;
  /** False under NO_COLOR or --no-color. */
  color: boolean;
  stdin: NodeJS.ReadStream;
  /** The UI is drawn here, keeping stdout for the report. */
  stderr: NodeJS.WriteStream;
  /** Aborts on SIGINT or SIGTERM sent from elsewhere: the same as Ctrl-C. */
  stop?: AbortSignal | undefined;
}

/**
 * How the session ended. `report` is set whenever the scan finished, even if the user then pressed Ctrl-C;
 * `error` is what the scan rejected with.
 */
export interface TuiOutcome {
  report?: ScanReport;
  interrupted: boolean;
  error?: unknown;
}

function outcomeOf({ phase, closing }: State): TuiOutcome {
  return {
    interrupted: closing === 'interrupted',
    ...(phase.kind === 'results' ? { report: phase.report } : {}),
    ...(phase.kind === 'failed' ? { error: phase.error } : {}),
  };
}

/** Node leaves `isTTY` undefined, whatever its type says, on a stream that is not a terminal. */
const isTerminal = (stream: { isTTY?: boolean }): boolean => stream.isTTY === true;

export async function runTui(options: TuiOptions): Promise<TuiOutcome> {
  const { stdin, stderr } = options;
  const store = createStore(initialState(Date.now(), terminalSizeOf(stderr), isTerminal(stdin)));
  const controller = new AbortController();

  // The clock only drives the spinner and the elapsed time, so it stops with the scan.
  const clock = setInterval(() => {
    store.dispatch({ type: 'tick', now: Date.now() });
  }, SPINNER_FRAME_MS);
  const unsubscribe = store.subscribe(() => {
    const { phase, closing } = store.getState();
    if (phase.kind !== 'scanning' || closing !== undefined) clearInterval(clock);
    if (closing === 'interrupted') controller.abort();
  });
  // In raw mode Ctrl-C arrives as a key; this covers a SIGINT or SIGTERM sent from elsewhere.
  const onStop = () => {
    store.dispatch({ type: 'interrupt' });
  };
  if (options.stop?.aborted === true) onStop();
  options.stop?.addEventListener('abort', onStop, { once: true });

  const instance = render(<App store={store} color={options.color} />, {
    stdout: stderr,
    stdin,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  // What AWS said reaches the screen with its control characters shown, never acted on.
  const emit: ScanEventSink = (event) => {
    store.dispatch({ type: 'scanEvent', event: terminalSafe(event) });
  };
  // Wrapped so that a scan throwing before its first await still ends as a failed scan.
  new Promise<ScanReport>((resolve) => {
    resolve(options.scan(emit, controller.signal));
  }).then(
    (report) => {
      store.dispatch({ type: 'scanCompleted', report: terminalSafe(report) });
    },
    (error: unknown) => {
      store.dispatch({ type: 'scanFailed', error });
    },
  );

  try {
    await instance.waitUntilExit();
  } finally {
    clearInterval(clock);
    unsubscribe();
    options.stop?.removeEventListener('abort', onStop);
    // Whatever closed the UI, a scan still running has no one left to report to.
    controller.abort();
  }
  return outcomeOf(store.getState());
}
