/**
 * `npm run bench`: scans sandbox worlds with a fixed latency per request through the built CLI, on every
 * installed Node.js runtime (bench/runtimes.ts), and prints, per world and runtime, the process wall time
 * (spawn to exit: what a user waits for), the scan's own duration beside it, the lower bound and their
 * ratio, the CPU time and the peak memory, and per world the API calls by operation and the minimal call
 * count; then the cold start of `trailscan --version` beside `node -e 0` on every runtime; then the size of
 * the HTML report of 10,000 results (the large world's, over as many accounts as it takes) and the time
 * headless Chromium takes to open it.
 *
 * Beside each scan, a fixed piece of CPU work timed on the same runtime (`calibration.ts`): the machine's
 * speed at that moment, so that ratios from two bench runs on a drifting host can be compared.
 *
 * Lower bound = what the scan's requests need of the network, plus `node -e 0` on the same runtime measured
 * beside each scan (the median): what is left is the process's own start-up and CPU. The network's part is
 * the largest of (`bounds.ts`): the scan's dependent round trips × latency (its chain, counted per world on
 * scans at 1 s per request with the most sockets); the sockets (calls × latency ÷ the default concurrency);
 * and the rate limits as trailscan paces them (per service, or operation with a limit of its own, and Region:
 * a burst up to the rate at once, a second per further burst, then the last answer's round trip).
 *
 * Then the organization world (`organization.ts`): 1,000 accounts, timed from spawn to exit.
 *
 * Options: --latency MS (50), --runs N (3, the median is reported), --out FILE (.trailscan-bench/results.json),
 * --only WORLD (small, large, large-all, throttled, verify, evaluation or organization), --node MAJOR (only that line;
 * repeatable).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { callTotals, plannedCalls, type CallPlan } from '../src/aws/plan.js';
import type { Inventory } from '../src/model/inventory.js';
import type { ScanReport } from '../src/model/report.js';
import { startSandbox, type RequestCounts } from '../src/sandbox/index.js';
import { busiestRateLimit, dependentRoundTrips, socketBoundMs, SOCKETS } from './bounds.js';
import { calibrate } from './calibration.js';
import { runProcess } from './process.js';
import { benchEvaluation, EVALUATION_WORLD } from './evaluation.js';
import { HTML_TARGETS, benchHtmlReport } from './html-report.js';
import { benchVerify, VERIFY_CONCURRENCY } from './verify.js';
import { installedRuntimes, verdict, VERSION_TARGET, wallTarget, type Runtime } from './runtimes.js';
import { benchOrganization, organizationLines } from './organization.js';
import { benchWorlds, type BenchWorld } from './worlds.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(here, '../cli/trailscan.cjs');
const RSS_HOOK = path.join(here, 'measure-rss.js');
/** A latency at which a scan's duration is its round trips: the client's own work is lost in it. */
const PROBE_LATENCY_MS = 1000;
/** The most requests in flight the CLI allows (`--concurrency`): the probe's sockets hold up as few as they can. */
const PROBE_CONCURRENCY = 256;

interface Run {
  /** The scan's own duration (`scan.durationMs`, from its first request): start-up and exit left out. */
  scanMs: number;
  /** Spawn to exit: what a user waits for, the headline. */
  processMs: number;
  cpuMs: number;
  peakRssMb: number;
  exitCode: number | null;
  report: ScanReport;
  /** The calls an ideal scan makes for what this one found, derived from the collection declarations. */
  plan: CallPlan;
  requests: RequestCounts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function scanOnce(
  world: { name: string },
  url: string,
  keys: { accessKeyId: string; secretAccessKey: string },
  command: string[] = ['scan'],
  node: string = process.execPath,
): Promise<Omit<Run, 'requests'>> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'trailscan-bench-'));
  const rssFile = path.join(scratch, 'rss');
  const inventoryFile = path.join(scratch, 'inventory.json');
  const { code, stdout, ms } = await runProcess(
    [
      '--import',
      RSS_HOOK,
      CLI,
      ...command,
      '--format',
      'json',
      '--quiet',
      '--no-tui',
      '--save-inventory',
      inventoryFile,
    ],
    {
      PATH: process.env['PATH'],
      HOME: tmpdir(),
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      TRAILSCAN_BENCH_RSS_FILE: rssFile,
    },
    node,
  );
  const report = JSON.parse(stdout) as ScanReport;
  if (report.results.length === 0) throw new Error(`${world.name}: the scan produced no result`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKb: number; cpuMs: number };
  return {
    scanMs: report.scan.durationMs,
    processMs: ms,
    cpuMs: usage.cpuMs,
    peakRssMb: usage.maxRssKb / 1024,
    exitCode: code,
    report,
    plan: plannedCalls(JSON.parse(readFileSync(inventoryFile, 'utf8')) as Inventory),
  };
}

/**
 * The scan's chain of dependent requests in this world, from scans of it at PROBE_LATENCY_MS per request:
 * the fewer of two, as a busy moment of the machine only ever lengthens a scan.
 */
async function probeRoundTrips(world: BenchWorld): Promise<number> {
  const probe = benchWorlds(PROBE_LATENCY_MS).find((w) => w.name === world.name)!;
  const sandbox = await startSandbox(probe.scenario);
  try {
    const counts: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const run = await scanOnce(probe, sandbox.url, sandbox.accounts[0]!, [
        'scan',
        ...(probe.scanOptions ?? []),
        '--concurrency',
        String(PROBE_CONCURRENCY),
      ]);
      counts.push(dependentRoundTrips(run.scanMs, PROBE_LATENCY_MS, run.report.scan.apiCalls.total, PROBE_CONCURRENCY));
    }
    return Math.min(...counts);
  } finally {
    await sandbox.close();
  }
}

function verdicts(report: ScanReport): string {
  return report.results.map((r) => `${r.checkId}|${r.resource.id}|${r.resource.region}|${r.status}`).join('\n');
}

const round = (ms: number) => Math.round(ms);
const ratioOf = (ms: number, boundMs: number) => Number((ms / boundMs).toFixed(2));

/** Each run scans once per runtime, each scan beside a `node -e 0` on the same runtime, so both see the same load. */
async function benchWorld(world: BenchWorld, runtimes: readonly Runtime[], runs: number, latencyMs: number) {
  const roundTrips = await probeRoundTrips(world);
  const sandbox = await startSandbox(world.scenario);
  try {
    const results = runtimes.map(() => ({ scans: [] as Run[], nodeMs: [] as number[], calibrationMs: [] as number[] }));
    for (let i = 0; i < runs; i += 1) {
      for (const [r, runtime] of runtimes.entries()) {
        results[r]!.nodeMs.push((await runProcess(['-e', '0'], process.env, runtime.execPath)).ms);
        results[r]!.calibrationMs.push(await calibrate(runtime.execPath));
        sandbox.resetCounts();
        const command = ['scan', ...(world.scanOptions ?? [])];
        const run = await scanOnce(world, sandbox.url, sandbox.accounts[0]!, command, runtime.execPath);
        results[r]!.scans.push({ ...run, requests: sandbox.counts() });
      }
    }
    const last = results[0]!.scans.at(-1)!;
    const minimalCalls = Object.values(callTotals(last.plan)).reduce((a, b) => a + b, 0);
    const roundTripBoundMs = roundTrips * latencyMs;
    const socketsBoundMs = socketBoundMs(minimalCalls, latencyMs);
    const rate = busiestRateLimit(last.plan, latencyMs);
    const networkBoundMs = Math.max(roundTripBoundMs, socketsBoundMs, rate.ms);
    const requests = Object.values(last.requests)
      .flatMap((byRegion) => Object.values(byRegion))
      .reduce((a, b) => a + b, 0);
    const byRuntime = runtimes.map((runtime, r) => {
      const { scans, nodeMs, calibrationMs } = results[r]!;
      const processMs = median(scans.map((run) => run.processMs));
      const lowerBoundMs = networkBoundMs + median(nodeMs);
      return {
        node: runtime.version,
        processWallMs: round(processMs),
        lowerBoundMs: round(lowerBoundMs),
        ratio: ratioOf(processMs, lowerBoundMs),
        target: wallTarget(world.name, runtime),
        nodeStartMs: round(median(nodeMs)),
        calibrationMs: round(median(calibrationMs)),
        calibrationRuns: calibrationMs.map(round),
        scanMs: round(median(scans.map((run) => run.scanMs))),
        cpuMs: round(median(scans.map((run) => run.cpuMs))),
        peakRssMb: Number(Math.max(...scans.map((run) => run.peakRssMb)).toFixed(1)),
        exitCode: scans.at(-1)!.exitCode,
        runs: scans.map((run) => round(run.processMs)),
        sameVerdicts: scans.every((run) => verdicts(run.report) === verdicts(last.report)),
      };
    });
    return {
      world: world.name,
      description: world.description,
      calls: last.report.scan.apiCalls.total,
      callsByOperation: last.report.scan.apiCalls.byOperation,
      requestsIncludingRetries: requests,
      minimalCalls,
      roundTrips,
      roundTripBoundMs,
      socketBoundMs: round(socketsBoundMs),
      rateBoundMs: rate.ms,
      rateLimit: rate.limit,
      rateLimitedCalls: rate.calls,
      networkBoundMs: round(networkBoundMs),
      runtimes: byRuntime,
      verdicts: verdicts(last.report),
      report: last.report,
    };
  } finally {
    await sandbox.close();
  }
}

async function coldStart(runtime: Runtime, samples: number) {
  const node: number[] = [];
  const version: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    node.push((await runProcess(['-e', '0'], process.env, runtime.execPath)).ms);
    version.push((await runProcess([CLI, '--version'], process.env, runtime.execPath)).ms);
  }
  const nodeMs = median(node);
  const versionMs = median(version);
  return {
    node: runtime.version,
    nodeMs: round(nodeMs),
    versionMs: round(versionMs),
    ratio: ratioOf(versionMs, nodeMs),
  };
}

/** The verify-logs world: trailscan verify-logs timed and measured, then the AWS CLI on the same world. */
async function benchVerifyLogs(latencyMs: number, runs: number) {
  const verify = await benchVerify({
    latencyMs,
    runs,
    scan: async (url, keys, args) => {
      const run = await scanOnce({ name: 'verify' }, url, keys, args);
      return {
        scanMs: run.scanMs,
        processMs: run.processMs,
        peakRssMb: run.peakRssMb,
        calls: run.report.scan.apiCalls.byOperation,
        statuses: [...new Set(run.report.results.map((r) => r.status))],
      };
    },
    run: (command, args, env) => runProcess(args, env, command),
  });
  console.log(`\n${verify.world}: ${verify.description}`);
  console.log(`  requests ${verify.requests}`);
  for (const [operation, count] of Object.entries(verify.callsByOperation).sort())
    console.log(`    ${operation.padEnd(34)} ${count}`);
  console.log(
    `  process ${verify.processWallMs} ms, spawn to exit (runs ${verify.runs.join(', ')}; verification ${verify.scanMs} ms); verdicts ${verify.statuses.join(', ')}`,
  );
  console.log(
    `  lower bound ${verify.lowerBoundMs} ms = max(5 round trips × ${latencyMs} ms, ${verify.requests} requests × ${latencyMs} ms ÷ ${VERIFY_CONCURRENCY} sockets = ${verify.throughputBoundMs} ms)`,
  );
  console.log(`  ratio ${verify.ratio} · peak RSS ${verify.peakRssMb} MB`);
  console.log(
    typeof verify.awsCli === 'string'
      ? `  aws cloudtrail validate-logs: ${verify.awsCli}`
      : `  aws cloudtrail validate-logs, one run per trail and Region: ${verify.awsCli.runs} runs in ${verify.awsCli.ms} ms (${verify.awsCli.invalidRuns} reported INVALID)`,
  );
  return verify;
}

/** Evaluation alone, offline, at 1× and 4× the world: the ratio of times should stay near the ratio of sizes. */
async function benchEvaluationWorld(runs: number) {
  const figures = await benchEvaluation(runs);
  const [base] = figures;
  console.log(`\nevaluation: every check of every standard over a saved inventory, no network`);
  for (const figure of figures) {
    const ms = median(figure.runsMs);
    const growth = base === undefined ? 1 : ms / median(base.runsMs);
    console.log(
      `  ${figure.scale}× (${figure.trails.toLocaleString('en')} trails, ${figure.buckets.toLocaleString('en')} buckets, ` +
        `${figure.results.toLocaleString('en')} results): ${ms} ms (runs ${figure.runsMs.join(', ')}; ` +
        `${growth.toFixed(1)}× the ${EVALUATION_WORLD.scales[0]}× time for ${figure.scale / (base?.scale ?? 1)}× the size)`,
    );
  }
  return figures;
}

async function main() {
  const { values } = parseArgs({
    options: {
      latency: { type: 'string', default: '50' },
      runs: { type: 'string', default: '3' },
      out: { type: 'string', default: '.trailscan-bench/results.json' },
      only: { type: 'string' },
      node: { type: 'string', multiple: true },
    },
  });
  const latencyMs = Number(values.latency);
  const runs = Number(values.runs);
  const runtimes = installedRuntimes(path.join(here, '../..'), values.node?.map(Number));
  if (runtimes.length === 0) throw new Error(`no installed Node.js ${values.node?.join(', ') ?? ''}`);
  console.log(
    `Node.js runtimes: ${runtimes.map((r) => r.version).join(', ')} (scripts/install-runtimes.sh adds 22 and 24)`,
  );
  const worlds = [];
  for (const world of benchWorlds(latencyMs).filter((w) => values.only === undefined || w.name === values.only)) {
    const result = await benchWorld(world, runtimes, runs, latencyMs);
    worlds.push(result);
    console.log(`\n${result.world}: ${result.description}`);
    console.log(
      `  calls ${result.calls} (minimal ${result.minimalCalls}; requests with retries ${result.requestsIncludingRetries})`,
    );
    for (const [operation, count] of Object.entries(result.callsByOperation).sort())
      console.log(`    ${operation.padEnd(34)} ${count}`);
    console.log(
      `  lower bound = max(${result.roundTrips} dependent round trips × ${latencyMs} ms = ${result.roundTripBoundMs} ms, ` +
        `sockets: ${result.minimalCalls} calls × ${latencyMs} ms ÷ ${SOCKETS} = ${result.socketBoundMs} ms, ` +
        `rate limits: ${result.rateLimit}, ${result.rateLimitedCalls} calls = ${result.rateBoundMs} ms) = ${result.networkBoundMs} ms, + node -e 0`,
    );
    for (const r of result.runtimes) {
      console.log(
        `  Node.js ${r.node}: process ${r.processWallMs} ms (runs ${r.runs.join(', ')}) vs bound ${r.lowerBoundMs} ms (node -e 0 ${r.nodeStartMs} ms): ratio ${r.ratio}${verdict(r.ratio, r.target)}`,
      );
      console.log(
        `    scan ${r.scanMs} ms · CPU ${r.cpuMs} ms · peak RSS ${r.peakRssMb} MB · exit ${r.exitCode}${r.sameVerdicts ? '' : ' · VERDICTS DIFFER'}`,
      );
      console.log(
        `    machine speed: calibration work ${r.calibrationMs} ms (runs ${r.calibrationRuns.join(', ')}); compare ratios across bench runs only beside it`,
      );
    }
  }
  const large = worlds.find((w) => w.world === 'large');
  const throttled = worlds.find((w) => w.world === 'throttled');
  const sameVerdicts = large !== undefined && throttled !== undefined && large.verdicts === throttled.verdicts;
  if (large !== undefined && throttled !== undefined)
    console.log(`\nthrottled verdicts equal large's: ${sameVerdicts}`);
  const verify =
    values.only === undefined || values.only === 'verify' ? await benchVerifyLogs(latencyMs, runs) : undefined;
  const evaluation =
    values.only === undefined || values.only === 'evaluation' ? await benchEvaluationWorld(runs) : undefined;
  const organization =
    values.only === undefined || values.only === 'organization' ? await benchOrganization(latencyMs) : undefined;
  if (organization !== undefined) for (const line of organizationLines(organization)) console.log(line);
  const coldStarts = [];
  for (const runtime of runtimes) {
    const cold = await coldStart(runtime, 15);
    coldStarts.push(cold);
    console.log(
      `cold start on Node.js ${cold.node}: trailscan --version ${cold.versionMs} ms vs node -e 0 ${cold.nodeMs} ms: ratio ${cold.ratio}${verdict(cold.ratio, VERSION_TARGET)}`,
    );
  }
  mkdirSync(path.dirname(values.out), { recursive: true });
  // The HTML report is the large world's, so it is measured only when that world ran.
  const html = large === undefined ? undefined : await benchHtmlReport(large.report, path.dirname(values.out), 5);
  if (html !== undefined) {
    const mb = (html.bytes / 1_000_000).toFixed(2);
    console.log(
      `HTML report of ${html.results.toLocaleString('en')} results (${html.accounts} accounts): ${mb} MB (target < ${HTML_TARGETS.maxBytes / 1_000_000} MB), rendered in ${html.renderMs} ms; opens in Chromium in ${html.openMs} ms (median of ${html.loads.join(', ')}; target < ${HTML_TARGETS.maxOpenMs} ms)`,
    );
  }
  writeFileSync(
    values.out,
    `${JSON.stringify(
      {
        latencyMs,
        runs,
        worlds,
        verify,
        evaluation,
        throttledVerdictsEqualLarge: sameVerdicts,
        organization,
        coldStarts,
        htmlReport: html,
      },
      // The verdict lists, statuses and reports only serve the comparisons and the HTML report above.
      (key, value: unknown) => (key === 'verdicts' || key === 'statuses' || key === 'report' ? undefined : value),
      2,
    )}\n`,
  );
  console.log(`results written to ${values.out}`);
}

// The scans, browsers and proxies of a run keep their scratch files under one directory, removed at the end.
const scratchRoot = mkdtempSync(path.join(tmpdir(), 'trailscan-bench-run-'));
process.env['TMPDIR'] = scratchRoot;
try {
  await main();
} catch (error) {
  // A mistyped option: one line, not a stack.
  if (!(error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) throw error;
  console.error(`npm run bench: ${error.message}`);
  process.exitCode = 2;
} finally {
  rmSync(scratchRoot, { recursive: true, force: true });
}
