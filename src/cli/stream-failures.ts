import { EXIT } from '../model/gate.js';

/**
 * A reader that stops early (`trailscan | head`, `| grep -q`) is not an error: the exit code stays the
 * gate's. A stream that cannot be written (a full disk) is one line, where it can still be said, and exit 2.
 */
export function reportStreamFailures(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`trailscan: cannot write to stdout: ${error.code ?? error.message}\n`);
    process.exitCode = EXIT.usage;
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.exitCode = EXIT.usage;
  });
}
