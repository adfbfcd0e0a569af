#!/usr/bin/env node
/**
 * The executable that `bin` names, bundled as CommonJS (dist/cli/trailscan.cjs): Node.js starts its ES module
 * loader only when a module needs it, so `trailscan --version`, what scripts and package managers run most,
 * costs what `node -e 0` does. Every other command is the command line itself, `cli.ts`.
 */
import { packageVersion } from './cli/package-version.js';
import { runtimeNotice } from './cli/runtime.js';
import { reportStreamFailures } from './cli/stream-failures.js';
import { EXIT } from './model/gate.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  reportStreamFailures();
  const notice = runtimeNotice();
  if (notice !== undefined) process.stderr.write(`${notice}\n`);
  process.stdout.write(`${packageVersion(__dirname)}\n`);
} else {
  // The command line's module finishes when its command has. A process that runs out of work before
  // that never finished its command: as the entry module, Node.js would exit 13; imported, it would exit 0.
  let finished = false;
  process.on('exit', (code) => {
    if (finished || code !== EXIT.ok) return;
    process.stderr.write('trailscan: internal error: the command ended before it finished\n');
    process.exitCode = EXIT.internalError;
  });
  // Named at run time, so the bundler leaves the command line in its own file (dist/cli/cli.js).
  const commandLine = './cli.js';
  void import(commandLine).then(() => {
    finished = true;
  });
}
