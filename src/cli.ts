#!/usr/bin/env node
/**
 * The command line: parse, dispatch, and map errors to exit codes. The only place that decides an exit
 * code. Command modules are imported on demand so `--version` and `checks` start fast.
 */
import { HELP, parseCommandLine, type ParsedArgs } from './cli/args.js';
import { TOOL_VERSION } from './cli/version.js';
import { UsageError } from './errors.js';
import { EXIT } from './model/gate.js';

// The SDK's notice about its future Node requirement is for maintainers, not for people running a scan.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

async function dispatch(args: ParsedArgs): Promise<number> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
  switch (args.command) {
    case 'checks': {
      const { listChecks } = await import('./cli/info-commands.js');
      process.stdout.write(await listChecks(args));
      return EXIT.ok;
    }
    case 'iam-policy': {
      const { printIamPolicy } = await import('./cli/info-commands.js');
      process.stdout.write(await printIamPolicy(args));
      return EXIT.ok;
    }
    case 'sandbox': {
      const { runSandboxCommand } = await import('./cli/sandbox-command.js');
      return runSandboxCommand(args, io);
    }
    case 'scan':
    case 'demo':
    case 'evaluate': {
      const { runReportCommand } = await import('./cli/report-command.js');
      return runReportCommand(args, io);
    }
  }
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCommandLine(argv);
    if (args.version) {
      process.stdout.write(`${TOOL_VERSION}\n`);
      return EXIT.ok;
    }
    if (args.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    return await dispatch(args);
  } catch (error) {
    if (error instanceof UsageError) {
      // One line per problem: loading plugins reports all of theirs at once.
      for (const line of error.message.split('\n')) process.stderr.write(`trailscan: ${line}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    const debug = /\btrailscan\b/.test(process.env['DEBUG'] ?? '');
    process.stderr.write(
      `trailscan: internal error: ${message}; please report it at https://github.com/trailscan/trailscan/issues` +
        (debug && error instanceof Error ? `\n${error.stack ?? ''}\n` : ' (DEBUG=trailscan shows details)\n'),
    );
    return EXIT.internalError;
  }
}

// A reader that stops early (`trailscan | head`, `| grep -q`) is not an error: the exit code stays the gate's.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2));
