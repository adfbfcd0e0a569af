/**
 * Ctrl-C (SIGINT) and SIGTERM, watched from the moment the program starts, so a signal never finds it
 * without a handler and kills it mid-write. The first one aborts whatever is running, which then ends
 * with 130 or 143 and says so; a second one ends the process at once.
 */
import { EXIT } from '../model/gate.js';

const STOP_SIGNALS = {
  SIGINT: { exitCode: EXIT.interrupted, word: 'interrupted' },
  SIGTERM: { exitCode: EXIT.terminated, word: 'terminated' },
} as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** The abort reason of a stop signal. */
export class Stopped extends Error {
  override name = 'Stopped';
  readonly exitCode: number;
  constructor(signal: StopSignal) {
    super(STOP_SIGNALS[signal].word);
    this.exitCode = STOP_SIGNALS[signal].exitCode;
  }
}

/** Why the signal aborted, when a stop signal did. */
export function stoppedBy(signal: AbortSignal): Stopped | undefined {
  return signal.aborted && signal.reason instanceof Stopped ? signal.reason : undefined;
}

/** Installs the handlers; the returned signal aborts, with a Stopped reason, on the first stop signal. */
export function watchStopSignals(): AbortSignal {
  const controller = new AbortController();
  for (const name of Object.keys(STOP_SIGNALS) as StopSignal[]) {
    process.on(name, () => {
      const first = stoppedBy(controller.signal);
      if (first !== undefined) process.exit(first.exitCode);
      controller.abort(new Stopped(name));
    });
  }
  return controller.signal;
}
