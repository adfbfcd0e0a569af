/**
 * The command line as a function: parse, dispatch, and map errors to exit codes. The only place that
 * decides an exit code. Command modules are imported on demand so `--version` and `checks` start fast.
 */
import { UsageError } from '../errors.js';
import { EXIT } from '../model/gate.js';
import { terminalLine } from '../terminal-text.js';
import { HELP, parseCommandLine, type ParsedArgs } from './args.js';
import { stoppedBy } from './signals.js';
import { TOOL_VERSION } from './version.js';

/** Where a command reads and writes, and the signal that stops it (Ctrl-C, SIGTERM). */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stop: AbortSignal;
}

async function dispatch(args: ParsedArgs, io: Io): Promise<number> {
  const warn = (line: string): void => void io.stderr.write(`${terminalLine(line)}\n`);
  switch (args.command) {
    case 'checks': {
      const { listChecks } = await import('./info-commands.js');
      io.stdout.write(await listChecks(args, warn));
      return EXIT.ok;
    }
    case 'iam-policy': {
      const { printIamPolicy } = await import('./info-commands.js');
      io.stdout.write(await printIamPolicy(args, warn));
      return EXIT.ok;
    }
    case 'sandbox': {
      const { runSandboxCommand } = await import('./sandbox-command.js');
      return runSandboxCommand(args, io);
    }
    case 'merge': {
      const { runMergeCommand } = await import('./merge-command.js');
      return runMergeCommand(args, io);
    }
    case 'scan':
    case 'demo':
    case 'evaluate':
    case 'verify-logs': {
      const { runReportCommand } = await import('./report-command.js');
      return runReportCommand(args, io);
    }
  }
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseCommandLine(argv);
    if (args.version) {
      io.stdout.write(`${TOOL_VERSION}\n`);
      return EXIT.ok;
    }
    if (args.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    return await dispatch(args, io);
  } catch (error) {
    // Whatever failed while stopping was stopped: the stop is the outcome, already announced.
    const stopped = stoppedBy(io.stop);
    if (stopped !== undefined) return stopped.exitCode;
    if (error instanceof UsageError) {
      for (const line of error.lines) io.stderr.write(`${terminalLine(`trailscan: ${line}`)}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    const debug = /\btrailscan\b/.test(process.env['DEBUG'] ?? '');
    io.stderr.write(
      terminalLine(
        `trailscan: internal error: ${message}; please report it at https://github.com/trailscan/trailscan/issues`,
      ) + (debug && error instanceof Error ? `\n${error.stack ?? ''}\n` : ' (DEBUG=trailscan shows details)\n'),
    );
    return EXIT.internalError;
  }
}
