/**
 * `trailscan scan`, `demo` and `evaluate`: obtain a report (live, from the sandbox, or from a saved
 * inventory), show it (terminal UI, or a format on stdout with progress on stderr), write the requested
 * files, and return the gate's exit code.
 */
import { loadConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { ScanEventSink } from '../model/events.js';
import type { Inventory } from '../model/inventory.js';
import { EXIT } from '../model/gate.js';
import type { ScanReport } from '../model/report.js';
import { evaluateInventory, readInventory, scanLive, type EvaluationOptions, type LiveScanOptions } from '../scan.js';
import type { AwsAccessOptions } from '../aws/clients.js';
import type { ParsedArgs } from './args.js';
import { lineProgress } from './progress.js';
import { checkRegistry } from './registry.js';
import { selectChecks } from './selection.js';
import { DEFAULT_STANDARD } from '../model/check.js';
import { currentTerminal, wantsColor, wantsTui, type TerminalFacts } from './terminal.js';
import { render, writeAtomically, writeReportFiles } from './write.js';
import { TOOL_VERSION } from './version.js';

const DEFAULTS = { concurrency: 64, timeoutSeconds: 20, maxAttempts: 5, connectTimeoutMs: 5_000 };

interface Produced {
  report: ScanReport;
  inventory: Inventory;
}

/** Produces the report; `emit` receives progress, `signal` aborts on Ctrl-C. */
type Producer = (emit: ScanEventSink, signal: AbortSignal) => Promise<Produced>;

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

function liveOptions(
  args: ParsedArgs,
  evaluation: EvaluationOptions,
  config: { regions?: string[]; excludeRegions?: string[] },
): LiveScanOptions {
  const concurrency = args.concurrency ?? DEFAULTS.concurrency;
  const endpointUrl = args.endpointUrl ?? (process.env['AWS_ENDPOINT_URL'] || undefined);
  if (endpointUrl !== undefined && !URL.canParse(endpointUrl))
    throw new UsageError(`--endpoint-url: "${endpointUrl}" is not a URL`);
  return {
    ...evaluation,
    region: args.region,
    regions: { include: args.regions ?? config.regions, exclude: args.excludeRegions ?? config.excludeRegions },
    concurrency,
    access: {
      profile: args.profile,
      endpointUrl,
      maxAttempts: args.maxAttempts ?? DEFAULTS.maxAttempts,
      requestTimeoutMs: (args.timeoutSeconds ?? DEFAULTS.timeoutSeconds) * 1000,
      connectTimeoutMs: DEFAULTS.connectTimeoutMs,
      maxSockets: concurrency,
    },
  };
}

/** Runs `produce` with plain progress lines on stderr (none with --quiet), aborting on Ctrl-C. */
async function produceWithProgressLines(produce: Producer, args: ParsedArgs, io: Io) {
  const write = (line: string) => io.stderr.write(`${line}\n`);
  const emit: ScanEventSink = args.quiet ? () => undefined : lineProgress(write);
  const controller = new AbortController();
  const interrupt = () => {
    write('trailscan: interrupted');
    controller.abort();
  };
  process.once('SIGINT', interrupt);
  try {
    const produced = await produce(emit, controller.signal);
    emit({ type: 'finished', report: produced.report });
    return produced;
  } catch (error) {
    if (controller.signal.aborted) return undefined;
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** The demo scans the first account of a sandbox scenario, served on a free loopback port. */
async function startDemoSandbox(
  scenarioName: string,
): Promise<{ access: Partial<AwsAccessOptions>; region: string; close(): Promise<void> }> {
  const { loadScenario, startSandbox } = await import('../sandbox/index.js');
  const sandbox = await startSandbox(await loadScenario(scenarioName));
  const [account] = sandbox.accounts;
  if (account === undefined) {
    await sandbox.close();
    throw new UsageError(`scenario ${scenarioName} has no account to scan`);
  }
  return {
    access: {
      endpointUrl: sandbox.url,
      credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    },
    region: 'us-east-1',
    close: () => sandbox.close(),
  };
}

/** Tells the user, beside the progress, what the report holds that is not a result: expired suppressions. */
function withNotices(produce: Producer): Producer {
  return async (emit, signal) => {
    const produced = await produce(emit, signal);
    for (const expired of produced.report.suppressions.expired) {
      emit({
        type: 'notice',
        message: `expired suppression ${expired.check} ${expired.resource} (${expired.expires}) no longer applies`,
      });
    }
    return produced;
  };
}

/** Runs `produce` inside the terminal UI, which is loaded only here. */
async function produceInteractively(
  produce: Producer,
  args: ParsedArgs,
  io: Io,
  terminal: TerminalFacts,
): Promise<{ produced: Produced | undefined; interrupted: boolean }> {
  const color = wantsColor(args.color, terminal, 'stderr');
  // Ink's colour support looks at stdout, which may be a file; the UI is drawn on stderr.
  if (color) {
    const depth = io.stderr.getColorDepth();
    process.env['FORCE_COLOR'] ??= depth >= 24 ? '3' : depth >= 8 ? '2' : '1';
  }
  const { runTui } = await import('../ui/index.js');
  let inventory: Inventory | undefined;
  const outcome = await runTui({
    scan: async (emit, signal) => {
      const result = await produce(emit, signal);
      inventory = result.inventory;
      return result.report;
    },
    color,
    stdin: io.stdin,
    stderr: io.stderr,
  });
  if (outcome.error !== undefined) {
    throw outcome.error instanceof Error ? outcome.error : new Error(JSON.stringify(outcome.error));
  }
  const produced =
    outcome.report === undefined || inventory === undefined ? undefined : { report: outcome.report, inventory };
  return { produced, interrupted: outcome.interrupted };
}

export async function runReportCommand(args: ParsedArgs, io: Io): Promise<number> {
  const loaded = await loadConfig(args.config);
  const { config } = loaded;
  const registry = await checkRegistry(args, loaded);
  const standard = args.standard ?? config.standard ?? DEFAULT_STANDARD;
  const selected = selectChecks(registry.checks, args.checks ?? config.checks, config.parameters, standard);
  const evaluation: EvaluationOptions = {
    selected,
    standard,
    suppressions: config.suppressions ?? [],
    failOn: args.failOn ?? config.failOn ?? 'low',
    toolVersion: TOOL_VERSION,
    plugins: registry.plugins,
  };
  const terminal = currentTerminal();
  const tui = wantsTui(args, terminal);
  if (tui && !terminal.stderrIsTty) throw new UsageError('--format tui needs a terminal on stderr');

  let produce: Producer;
  let cleanup: () => Promise<void> = () => Promise.resolve();
  if (args.command === 'evaluate') {
    const inventory = await readInventory(args.positionals[0] ?? '');
    produce = async () => ({ inventory, report: await evaluateInventory(inventory, evaluation) });
  } else {
    const options = liveOptions(args, evaluation, config);
    if (args.command === 'demo') {
      const sandbox = await startDemoSandbox(args.scenario ?? 'demo');
      cleanup = () => sandbox.close();
      options.access = { ...options.access, ...sandbox.access };
      options.region = sandbox.region;
    }
    produce = (emit, signal) => scanLive(options, emit, signal);
  }
  produce = withNotices(produce);

  try {
    const reporterOptions = { checks: selected.map((s) => s.check), color: wantsColor(args.color, terminal, 'stdout') };
    let produced: Produced | undefined;
    let interrupted: boolean;
    if (tui) {
      ({ produced, interrupted } = await produceInteractively(produce, args, io, terminal));
    } else {
      produced = await produceWithProgressLines(produce, args, io);
      interrupted = produced === undefined;
    }
    if (produced === undefined) return EXIT.interrupted;

    // A scan that finished is written out even if Ctrl-C came after it: the files are complete.
    const { report, inventory } = produced;
    if (args.saveInventory !== undefined)
      await writeAtomically(args.saveInventory, `${JSON.stringify(inventory, null, 2)}\n`);
    await writeReportFiles(report, args.outputs, reporterOptions);
    // Files first: a report that cannot be shown (e.g. SARIF over GitHub's limits) must not lose them.
    if (!tui) {
      const format = args.format === undefined || args.format === 'tui' ? 'text' : args.format;
      io.stdout.write(render(report, format, reporterOptions));
    }
    if (!tui && !args.quiet) {
      io.stderr.write(`trailscan: exit ${report.gate.exitCode}: ${report.gate.reason}\n`);
    }
    return interrupted ? EXIT.interrupted : report.gate.exitCode;
  } finally {
    await cleanup();
  }
}
