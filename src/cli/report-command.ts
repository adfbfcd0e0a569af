/**
 * `trailscan scan`, `demo`, `evaluate` and `verify-logs`: obtain a report (live, from the sandbox, or from a saved
 * inventory), show it (terminal UI, or a format on stdout with progress on stderr), write the requested
 * files, and return the gate's exit code.
 */
import { verifyLogsChecks } from '../../checks/index.js';
import { loadConfig } from '../config.js';
import { echo, UsageError } from '../errors.js';
import type { ScanEventSink } from '../model/events.js';
import type { Inventory } from '../model/inventory.js';
import { EXIT } from '../model/gate.js';
import type { ScanReport } from '../model/report.js';
import { terminalLine } from '../terminal-text.js';
import { reporters } from '../../reporters/index.js';
import type { ReporterOptions } from '../../reporters/types.js';
import {
  evaluateInventory,
  inventoryLabel,
  readInventory,
  scanLive,
  type EvaluationOptions,
  type LiveScanOptions,
} from '../scan.js';
import type { AwsAccessOptions } from '../aws/clients.js';
import type { ParsedArgs, ReportFormat } from './args.js';
import type { Io } from './main.js';
import { stoppedBy } from './signals.js';
import { lineProgress } from './progress.js';
import { checkRegistry } from './registry.js';
import { historyDays, optInsOf, resolveSuppressions, selectChecks } from './selection.js';
import { DEFAULT_STANDARD } from '../model/check.js';
import { currentTerminal, wantsColor, wantsTui, type TerminalFacts } from './terminal.js';
import { planOutputs, writeOutput, type PlannedOutput, type ProcessStreams } from './write.js';
import { TOOL_VERSION } from './version.js';
import { DEFAULT_ROLE_NAME } from './info-commands.js';

/**
 * Against an endpoint that stops answering, a call gives up after about half a minute (3 attempts of 10 s,
 * the body included): AWS answers these reads in well under a second, and 3 attempts are the SDK's own
 * default, with adaptive client-side rate limiting keeping throttling rare.
 */
export const DEFAULTS = {
  concurrency: 64,
  timeoutSeconds: 10,
  maxAttempts: 3,
  connectTimeoutMs: 5_000,
  // Enough accounts at once to keep the requests in flight busy while some wait on their rate limits.
  accountConcurrency: 32,
  roleName: DEFAULT_ROLE_NAME,
};

/** The accounts part of a scan, when the flags ask for several accounts. */
function accountsOptions(args: ParsedArgs): LiveScanOptions['accounts'] {
  const several = args.organization || args.accounts !== undefined;
  if (!several) {
    const stray = [
      args.excludeAccounts === undefined ? undefined : '--exclude-accounts',
      args.shard === undefined ? undefined : '--shard',
      args.roleName === undefined ? undefined : '--role-name',
      args.externalId === undefined ? undefined : '--external-id',
      args.accountConcurrency === undefined ? undefined : '--account-concurrency',
    ].find((flag) => flag !== undefined);
    if (stray !== undefined) throw new UsageError(`${stray} needs --organization or --accounts`);
    return undefined;
  }
  if (args.saveInventory !== undefined) {
    throw new UsageError('--save-inventory saves one account: scan the account alone to save its inventory');
  }
  return {
    organization: args.organization,
    include: args.accounts,
    exclude: args.excludeAccounts,
    shard: args.shard,
    roleName: args.roleName ?? DEFAULTS.roleName,
    externalId: args.externalId,
    accountConcurrency: args.accountConcurrency ?? DEFAULTS.accountConcurrency,
  };
}

interface Produced {
  report: ScanReport;
  /** What was collected, for --save-inventory; a scan of several accounts keeps none. */
  inventory?: Inventory | undefined;
}

/** Produces the report; `emit` receives progress, `signal` aborts on Ctrl-C. */
type Producer = (emit: ScanEventSink, signal: AbortSignal) => Promise<Produced>;

function liveOptions(
  args: ParsedArgs,
  evaluation: EvaluationOptions,
  config: { regions?: string[]; excludeRegions?: string[] },
): LiveScanOptions {
  const concurrency = args.concurrency ?? DEFAULTS.concurrency;
  const endpointUrl = args.endpointUrl ?? (process.env['AWS_ENDPOINT_URL'] || undefined);
  if (endpointUrl !== undefined && !isHttpUrl(endpointUrl))
    throw new UsageError(`--endpoint-url: ${echo(endpointUrl)} is not an http:// or https:// URL`);
  return {
    ...evaluation,
    region: args.region,
    regions: { include: args.regions ?? config.regions, exclude: args.excludeRegions ?? config.excludeRegions },
    concurrency,
    accounts: accountsOptions(args),
    access: {
      profile: args.profile,
      endpointUrl,
      maxAttempts: args.maxAttempts ?? DEFAULTS.maxAttempts,
      requestTimeoutMs: (args.timeoutSeconds ?? DEFAULTS.timeoutSeconds) * 1000,
      connectTimeoutMs: DEFAULTS.connectTimeoutMs,
      maxSockets: concurrency,
      tool: { name: 'trailscan', version: TOOL_VERSION },
    },
  };
}

/** A line on stderr: credentials redacted, control characters escaped. */
const stderrLine = (io: Io, line: string) => io.stderr.write(`${terminalLine(line)}\n`);

/** AWS endpoints are HTTP(S) hosts; `file:`, `ftp:` or a bare path would fail on the first call. */
function isHttpUrl(text: string): boolean {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  return (url?.protocol === 'http:' || url?.protocol === 'https:') && url.hostname !== '';
}

/** Runs `produce` with plain progress lines on stderr (none with --quiet); a stop signal aborts it. */
async function produceWithProgressLines(produce: Producer, args: ParsedArgs, io: Io) {
  const emit: ScanEventSink = args.quiet ? () => undefined : lineProgress((line) => stderrLine(io, line));
  try {
    const produced = await produce(emit, io.stop);
    emit({ type: 'finished', report: produced.report });
    return produced;
  } catch (error) {
    if (io.stop.aborted) return undefined;
    throw error;
  }
}

/** Says, the moment it arrives, that a stop signal ends the run (the terminal UI says it on its own screen). */
function announceStop(io: Io): () => void {
  const announce = () => stderrLine(io, `trailscan: ${stoppedBy(io.stop)?.message ?? 'stopped'}`);
  if (io.stop.aborted) {
    announce();
    return () => undefined;
  }
  io.stop.addEventListener('abort', announce, { once: true });
  return () => {
    io.stop.removeEventListener('abort', announce);
  };
}

/**
 * The demo scans the first account of a sandbox scenario, served on a free loopback port; when that account
 * manages an organization, the whole organization.
 */
async function startDemoSandbox(
  scenarioName: string,
): Promise<{ access: Partial<AwsAccessOptions>; region: string; organization: boolean; close(): Promise<void> }> {
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
    organization: account.managesOrganization === true,
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
  // Kept as produced: the UI shows its own, terminal-safe copy of the report.
  let finished: Produced | undefined;
  const outcome = await runTui({
    scan: async (emit, signal) => {
      finished = await produce(emit, signal);
      return finished.report;
    },
    color,
    stdin: io.stdin,
    stderr: io.stderr,
    stop: io.stop,
  });
  if (outcome.error !== undefined) {
    throw outcome.error instanceof Error ? outcome.error : new Error(JSON.stringify(outcome.error));
  }
  return { produced: outcome.report === undefined ? undefined : finished, interrupted: outcome.interrupted };
}

export async function runReportCommand(args: ParsedArgs, io: Io): Promise<number> {
  const terminal = currentTerminal();
  const tui = wantsTui(args, terminal);
  if (tui && !terminal.stderrIsTty) throw new UsageError('--format tui needs a terminal on stderr');
  const unannounce = tui ? () => undefined : announceStop(io);
  let cleanup: () => Promise<void> = () => Promise.resolve();
  try {
    const loaded = await loadConfig(args.config);
    const { config } = loaded;
    for (const warning of loaded.warnings) stderrLine(io, `trailscan: ${warning}`);
    const registry = await checkRegistry(args, loaded);
    const standard = args.standard ?? config.standard ?? DEFAULT_STANDARD;
    const evaluated = args.command === 'evaluate' ? (args.positionals[0] ?? '') : undefined;
    const saved = evaluated === undefined ? undefined : await readInventory(evaluated);
    // An inventory saved by verify-logs holds digest chains and is evaluated as verify-logs evaluates it.
    const verifying = args.command === 'verify-logs' || saved?.slices.includes('digests') === true;
    const ids = verifying ? verifyLogsChecks.map((c) => c.id) : (args.checks ?? config.checks);
    const history = historyDays(args.historyDays, config.history);
    const selected = selectChecks(registry.checks, ids, config.parameters, standard, optInsOf(history));
    const evaluation: EvaluationOptions = {
      selected,
      standard,
      suppressions: resolveSuppressions(registry.checks, config.suppressions ?? []),
      failOn: args.failOn ?? config.failOn ?? 'low',
      toolVersion: TOOL_VERSION,
      plugins: registry.plugins,
    };
    // Every output path is checked before the scan: a mistake there costs no scan.
    const outputs = await planOutputs([
      ...args.outputs.map((o) => ({ path: o.path, label: `-o ${o.format}` })),
      ...(args.saveInventory === undefined ? [] : [{ path: args.saveInventory, label: '--save-inventory' }]),
    ]);

    let produce: Producer;
    if (saved !== undefined) {
      const label = inventoryLabel(evaluated ?? '');
      produce = async () => ({ inventory: saved, report: await evaluateInventory(saved, evaluation, label) });
    } else {
      const options = { ...liveOptions(args, evaluation, config), historyDays: history };
      if (verifying && args.window !== undefined) {
        options.integrity = { window: args.window, verifyLogFiles: args.verifyLogFiles, trails: args.trails };
      }
      // Stopped while starting: nothing is worth loading any more.
      if (io.stop.aborted) return stoppedBy(io.stop)?.exitCode ?? EXIT.interrupted;
      if (args.command === 'demo') {
        const sandbox = await startDemoSandbox(args.scenario ?? 'demo');
        cleanup = () => sandbox.close();
        options.access = { ...options.access, ...sandbox.access };
        options.region = sandbox.region;
        if (sandbox.organization && options.accounts === undefined) {
          options.accounts = accountsOptions({ ...args, organization: true });
        }
      }
      produce = (emit, signal) => scanLive(options, emit, signal);
    }
    produce = withNotices(produce);

    const reporterOptions = { checks: selected.map((s) => s.check), color: wantsColor(args.color, terminal, 'stdout') };
    let produced: Produced | undefined;
    let interrupted: boolean;
    if (tui) {
      ({ produced, interrupted } = await produceInteractively(produce, args, io, terminal));
    } else {
      produced = await produceWithProgressLines(produce, args, io);
      interrupted = produced === undefined;
    }
    const stopCode = stoppedBy(io.stop)?.exitCode ?? (interrupted ? EXIT.interrupted : undefined);
    if (produced === undefined) return stopCode ?? EXIT.interrupted;

    // A scan that finished is written out even if a stop signal came after it: the files are complete.
    const exitCode = await deliverReport(produced, { args, io, outputs, reporterOptions, tui });
    return stopCode ?? exitCode;
  } finally {
    unannounce();
    await cleanup();
  }
}

/**
 * Writes the report files and (unless the terminal UI showed it) the report on stdout, says what failed,
 * and returns the exit code: the gate's, or 2 when an output could not be written.
 */
export async function deliverReport(
  produced: Produced,
  target: {
    args: ParsedArgs;
    io: Io;
    outputs: readonly PlannedOutput[];
    reporterOptions: ReporterOptions;
    tui: boolean;
  },
): Promise<number> {
  const { args, io, outputs, reporterOptions, tui } = target;
  const failures = await writeOutputs(produced, outputs, reporterOptions, { 1: io.stdout, 2: io.stderr });
  if (!tui) {
    const format =
      args.format === undefined || args.format === 'tui' || args.format === 'cloudformation' ? 'text' : args.format;
    const shown = renderOrFailure(produced.report, format, reporterOptions);
    if (typeof shown === 'string') io.stdout.write(shown);
    else failures.push(`cannot show the ${format} report: ${shown.failure}`);
  }
  for (const failure of failures) stderrLine(io, `trailscan: ${failure}`);
  if (!tui && !args.quiet) {
    stderrLine(io, `trailscan: exit ${produced.report.gate.exitCode}: ${produced.report.gate.reason}`);
  }
  return failures.length > 0 ? EXIT.usage : produced.report.gate.exitCode;
}

/** The rendered report, or why it cannot be rendered (e.g. SARIF over GitHub's limits). */
function renderOrFailure(
  report: ScanReport,
  format: ReportFormat,
  options: ReporterOptions,
): string | { failure: string } {
  const output = reporters[format](report, options);
  return output.ok ? output.text : { failure: output.error };
}

/**
 * Writes every output it can: one that cannot be rendered or written does not cost the others. Returns a
 * line for each failure.
 */
async function writeOutputs(
  { report, inventory }: Produced,
  outputs: readonly PlannedOutput[],
  options: ReporterOptions,
  streams: ProcessStreams,
): Promise<string[]> {
  const results = await Promise.all(
    outputs.map(async (output) => {
      const format = output.label.startsWith('-o ') ? (output.label.slice(3) as ReportFormat) : undefined;
      // Files never carry colour codes.
      const text =
        format === undefined
          ? `${JSON.stringify(inventory ?? null, null, 2)}\n`
          : renderOrFailure(report, format, { ...options, color: false });
      if (typeof text !== 'string') return `cannot write ${output.label} ${output.path}: ${text.failure}`;
      return writeOutput(output, text, streams);
    }),
  );
  return results.filter((failure) => failure !== undefined);
}
