/**
 * The organization world of `npm run bench`: 1,000 accounts in 17 Regions each, one organization trail,
 * and a trail and a log bucket per account, every request 50 ms away. One scan of it, from the management
 * account, through the built CLI.
 *
 * Lower bound = the largest of what the rate limits, the sockets and the CPU allow:
 * - sockets: every call holds one of `--concurrency` sockets for a round trip, so calls × latency ÷ sockets;
 * - rate limits: the pages of ListAccounts come one after the other, and the caller's account enters every
 *   member (AssumeRole at its own rate, starting with the first page's);
 * - CPU: the client's own work per call (signing, parsing, evaluating, on one thread), measured on its own:
 *   the difference between scans of 100 and 300 accounts with the same latency, divided by the difference
 *   in calls. The difference leaves out what a scan costs once (start-up), and both scans are large enough
 *   for the code to be optimised, as it is at 1,000 accounts (a small scan costs more per call). With the
 *   same latency the sandbox's work is spread as in the measured scan (with none, it runs beside the client
 *   all the time, and on two CPUs that share a core each thread's CPU time grows). Measured twice, the
 *   lower estimate kept: noise on a shared machine only ever adds CPU, and a bound must not overshoot.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPERATIONS } from '../src/aws/catalogue.js';
import type { ScanReport } from '../src/model/report.js';
import { buildWorld, startSandbox, type Scenario } from '../src/sandbox/index.js';
import { rateBoundMs as rateBound, socketBoundMs as socketBound, SOCKETS } from './bounds.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(here, '../cli/trailscan.cjs');
const HOOK = path.join(here, 'measure-rss.js');

/** ListAccounts answers 20 accounts a page. */
const ACCOUNTS_PER_PAGE = 20;

export const ORGANIZATION_TARGETS = { maxWallMs: 90_000, maxPeakRssMb: 600 };

export function organizationWorld(accounts: number, latencyMs: number): Scenario {
  return buildWorld({
    name: 'organization',
    regions: 17,
    members: accounts - 1,
    memberTrails: true,
    faults: latencyMs > 0 ? [{ operation: '*', latencyMs }] : [],
  });
}

interface Measured {
  processMs: number;
  cpuMs: number;
  peakRssMb: number;
  exitCode: number | null;
  report: ScanReport;
}

/** One `trailscan scan --organization` of the world, spawned, timed from spawn to exit. */
async function scanOrganization(world: Scenario): Promise<Measured> {
  const sandbox = await startSandbox(world);
  const scratch = mkdtempSync(path.join(tmpdir(), 'trailscan-bench-org-'));
  const rssFile = path.join(scratch, 'rss');
  try {
    const keys = sandbox.accounts[0]!;
    const started = performance.now();
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', HOOK, CLI, 'scan', '--organization', '--format', 'json', '--quiet', '--no-tui'],
        {
          env: {
            PATH: process.env['PATH'],
            HOME: tmpdir(),
            AWS_ENDPOINT_URL: sandbox.url,
            AWS_ACCESS_KEY_ID: keys.accessKeyId,
            AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
            AWS_REGION: 'us-east-1',
            AWS_EC2_METADATA_DISABLED: 'true',
            TRAILSCAN_BENCH_RSS_FILE: rssFile,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', reject);
      child.on('close', (exit) => {
        resolve({ code: exit, stdout: Buffer.concat(chunks).toString('utf8') });
      });
    });
    const processMs = performance.now() - started;
    const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKb: number; cpuMs: number };
    return {
      processMs,
      cpuMs: usage.cpuMs,
      peakRssMb: usage.maxRssKb / 1024,
      exitCode: code,
      report: JSON.parse(stdout) as ScanReport,
    };
  } finally {
    await sandbox.close();
  }
}

/** CPU per call, from the difference between a scan of 100 and one of 300 accounts. */
async function measureCpuPerCall(latencyMs: number): Promise<number> {
  const smaller = await scanOrganization(organizationWorld(100, latencyMs));
  const larger = await scanOrganization(organizationWorld(300, latencyMs));
  return (larger.cpuMs - smaller.cpuMs) / (larger.report.scan.apiCalls.total - smaller.report.scan.apiCalls.total);
}

export async function benchOrganization(latencyMs: number, accounts = 1000) {
  const cpuMsPerCall = Math.min(await measureCpuPerCall(latencyMs), await measureCpuPerCall(latencyMs));

  const run = await scanOrganization(organizationWorld(accounts, latencyMs));
  const { report } = run;
  const calls = report.scan.apiCalls.total;
  const scannedAccounts = report.scan.accounts?.scanned.length ?? 0;
  const socketBoundMs = socketBound(calls, latencyMs);
  const pages = Math.ceil(accounts / ACCOUNTS_PER_PAGE);
  const assumeRole = OPERATIONS.sts.AssumeRole;
  const listAccounts = OPERATIONS.organizations.ListAccounts;
  // The pages come one after the other; the accounts of the first can be entered while the rest arrive.
  const rateBoundMs = Math.max(
    Math.max(pages * latencyMs, rateBound(pages, listAccounts.ratePerSecond, latencyMs)) + latencyMs,
    latencyMs + rateBound(accounts - 1, assumeRole.ratePerSecond, latencyMs),
  );
  const cpuBoundMs = calls * cpuMsPerCall;
  const lowerBoundMs = Math.max(socketBoundMs, rateBoundMs, cpuBoundMs);
  return {
    world: 'organization',
    description: `${accounts.toLocaleString('en')} accounts × 17 Regions, an organization trail, a trail and a bucket per account`,
    accounts: scannedAccounts,
    calls,
    callsByOperation: report.scan.apiCalls.byOperation,
    results: report.results.length,
    processWallMs: Math.round(run.processMs),
    scanMs: report.scan.durationMs,
    cpuMs: Math.round(run.cpuMs),
    cpuMsPerCall: Number(cpuMsPerCall.toFixed(3)),
    cpuBoundMs: Math.round(cpuBoundMs),
    socketBoundMs: Math.round(socketBoundMs),
    rateBoundMs: Math.round(rateBoundMs),
    lowerBoundMs: Math.round(lowerBoundMs),
    ratio: Number((run.processMs / lowerBoundMs).toFixed(2)),
    peakRssMb: Number(run.peakRssMb.toFixed(1)),
    exitCode: run.exitCode,
    targets: ORGANIZATION_TARGETS,
  };
}

/** The lines `npm run bench` prints for it. */
export function organizationLines(result: Awaited<ReturnType<typeof benchOrganization>>): string[] {
  return [
    `\n${result.world}: ${result.description}`,
    `  ${result.accounts} accounts scanned, ${result.calls} calls, ${result.results} results`,
    ...Object.entries(result.callsByOperation)
      .sort()
      .map(([operation, count]) => `    ${operation.padEnd(34)} ${count}`),
    `  process wall ${result.processWallMs} ms (spawn to exit; scan ${result.scanMs} ms; CPU ${result.cpuMs} ms) · target ≤ ${result.targets.maxWallMs} ms`,
    `  lower bound ${result.lowerBoundMs} ms = max(sockets: calls × latency ÷ ${SOCKETS} = ${result.socketBoundMs} ms, rate limits: ListAccounts pages, then AssumeRole per account = ${result.rateBoundMs} ms, CPU: calls × ${result.cpuMsPerCall} ms per call = ${result.cpuBoundMs} ms)`,
    `  ratio ${result.ratio} · peak RSS ${result.peakRssMb} MB (target ≤ ${result.targets.maxPeakRssMb} MB) · exit ${result.exitCode}`,
  ];
}
