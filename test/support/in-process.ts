/**
 * The command line run inside the test process: the same `main` the executable runs, with its output
 * streams captured. Far cheaper than a child process when a test runs hundreds of scans; what only a
 * process has (signals, exit) is tested with the built CLI instead.
 */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliRun } from './cli.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

export interface InProcessRun extends CliRun {
  /** Wall time of the run. */
  ms: number;
}

export async function runInProcess(argv: readonly string[]): Promise<InProcessRun> {
  const stdout = capture();
  const stderr = capture();
  const started = Date.now();
  const code = await main(argv, {
    stdout: stdout.stream,
    stderr: stderr.stream as unknown as NodeJS.WriteStream,
    stdin: process.stdin,
    stop: new AbortController().signal,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text(), ms: Date.now() - started };
}
