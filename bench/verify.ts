/**
 * The verify-logs benchmark world: 7 days of hourly digests (2 log files each) for 3 multi-Region trails
 * in 4 Regions — 12 chains, about 2,000 digests and 4,000 log files — verified with --verify-log-files,
 * then the same world through `aws cloudtrail validate-logs` (one trail and Region per run, as it works).
 *
 * Lower bound: the dependent round trips (identity and Regions → trails → trail status and the listings of
 * the days → the digests → the log files: 5) × latency, or all the requests spread over every socket
 * (requests × latency ÷ concurrency), whichever is longer.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWorld, parseScenario, startSandbox, type Scenario } from '../src/sandbox/index.js';
import { startTlsProxy } from './aws-cli-proxy.js';

const DAYS = 7;
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'];
const DEPENDENT_ROUND_TRIPS = 5;
export const VERIFY_CONCURRENCY = 64;

export function verifyWorld(latencyMs: number): Scenario {
  const base = buildWorld({ name: 'verify', regions: REGIONS.length, trails: 1, buckets: 1 });
  const [account] = base.accounts;
  const bucket = base.buckets[0]!.name;
  const trails = [0, 1, 2].map((i) => ({
    name: `audit-${i}`,
    homeRegion: REGIONS[i]!,
    multiRegion: true,
    s3BucketName: bucket,
    s3KeyPrefix: `audit-${i}`,
    logFileValidation: true,
    digests: { hours: DAYS * 24 + 2, logFilesPerHour: 2 },
  }));
  return parseScenario(
    {
      ...base,
      name: 'verify',
      accounts: [{ ...account!, trails }],
      faults: [{ operation: '*', latencyMs }],
    },
    'verify',
  );
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  ms: number;
}
type Runner = (command: string, args: string[], env: NodeJS.ProcessEnv) => Promise<ProcessRun>;

/** Runs trailscan verify-logs on the world (median of `runs`), then the AWS CLI once over every chain. */
export async function benchVerify(options: {
  latencyMs: number;
  runs: number;
  scan: (
    url: string,
    keys: { accessKeyId: string; secretAccessKey: string },
    args: string[],
  ) => Promise<{
    scanMs: number;
    processMs: number;
    peakRssMb: number;
    calls: Record<string, number>;
    statuses: string[];
  }>;
  run: Runner;
}) {
  const scenario = verifyWorld(options.latencyMs);
  const sandbox = await startSandbox(scenario);
  try {
    const keys = sandbox.accounts[0]!;
    const end = new Date();
    const start = new Date(end.getTime() - DAYS * 86_400_000);
    const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
    const args = ['verify-logs', '--verify-log-files', '--start-time', iso(start), '--end-time', iso(end)];
    const runs = [];
    for (let i = 0; i < options.runs; i += 1) {
      sandbox.resetCounts();
      runs.push(await options.scan(sandbox.url, keys, args));
    }
    // The process's time, spawn to exit, is what the user waits for: start-up and report writing included.
    runs.sort((a, b) => a.processMs - b.processMs);
    const median = runs[Math.floor(runs.length / 2)]!;
    const requests = Object.values(median.calls).reduce((a, b) => a + b, 0);
    const roundTripBoundMs = DEPENDENT_ROUND_TRIPS * options.latencyMs;
    const throughputBoundMs = Math.round((requests * options.latencyMs) / VERIFY_CONCURRENCY);
    const lowerBoundMs = Math.max(roundTripBoundMs, throughputBoundMs);

    let awsCli: { ms: number; invalidRuns: number; runs: number } | string = 'not run: /usr/bin/aws is missing';
    if (existsSync('/usr/bin/aws')) {
      const proxy = await startTlsProxy(sandbox.url);
      const config = path.join(mkdtempSync(path.join(tmpdir(), 'trailscan-bench-cli-')), 'config');
      writeFileSync(config, '[default]\ns3 =\n    addressing_style = path\n');
      const env = {
        PATH: process.env['PATH'],
        HOME: tmpdir(),
        AWS_CONFIG_FILE: config,
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
        HTTPS_PROXY: proxy.url,
        NO_PROXY: '127.0.0.1,localhost',
        AWS_CA_BUNDLE: proxy.caFile,
      };
      const started = performance.now();
      let invalidRuns = 0;
      let count = 0;
      try {
        for (const trail of scenario.accounts[0]!.trails) {
          for (const region of REGIONS) {
            const arn = `arn:aws:cloudtrail:${trail.homeRegion}:${scenario.accounts[0]!.accountId}:trail/${trail.name}`;
            const cli = await options.run(
              '/usr/bin/aws',
              [
                'cloudtrail',
                'validate-logs',
                '--trail-arn',
                arn,
                '--start-time',
                iso(start),
                '--end-time',
                iso(end),
                '--endpoint-url',
                sandbox.url,
                '--region',
                region,
              ],
              env,
            );
            count += 1;
            if (cli.code !== 0) invalidRuns += 1;
          }
        }
      } finally {
        await proxy.close();
      }
      awsCli = { ms: Math.round(performance.now() - started), invalidRuns, runs: count };
    }
    return {
      world: 'verify',
      description: `${DAYS} days of digests, 3 multi-Region trails, ${REGIONS.length} Regions, --verify-log-files`,
      requests,
      callsByOperation: median.calls,
      scanMs: Math.round(median.scanMs),
      processWallMs: Math.round(median.processMs),
      roundTripBoundMs,
      throughputBoundMs,
      lowerBoundMs,
      ratio: Number((median.processMs / lowerBoundMs).toFixed(2)),
      peakRssMb: Number(Math.max(...runs.map((r) => r.peakRssMb)).toFixed(1)),
      statuses: median.statuses,
      runs: runs.map((r) => Math.round(r.processMs)),
      awsCli,
    };
  } finally {
    await sandbox.close();
  }
}
