#!/usr/bin/env node
/**
 * The command line run against this process's streams (src/bin.ts starts it), with what only a process has —
 * stop signals, output streams that break, and the exit code.
 */
import module from 'node:module';
import { watchStopSignals } from './cli/signals.js';
import { registerSecret } from './redact.js';
import { runtimeNotice } from './cli/runtime.js';
import { reportStreamFailures } from './cli/stream-failures.js';

// First of all, before the command line's modules load: a Ctrl-C during start-up is already the CLI's.
const stop = watchStopSignals();

// Node.js 22 and later keep the code they compile on disk and reuse it next time: most of a scan's start-up
// is compiling the AWS SDK. (NODE_DISABLE_COMPILE_CACHE=1 turns it off.) Before the command line loads, so
// its code is cached too.
if ('enableCompileCache' in module) module.enableCompileCache();

// The SDK's notice about its future Node requirement is for maintainers, not for people running a scan.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

// Credentials from the environment are known before anything could echo them.
registerSecret(
  process.env['AWS_ACCESS_KEY_ID'],
  process.env['AWS_SECRET_ACCESS_KEY'],
  process.env['AWS_SESSION_TOKEN'],
);

reportStreamFailures();

const notice = runtimeNotice();
if (notice !== undefined) process.stderr.write(`${notice}\n`);

const { main } = await import('./cli/main.js');
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stop,
});
process.exitCode ??= code;
