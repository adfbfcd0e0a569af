/**
 * End-to-end scans: a sandbox serving a scenario, the built CLI spawned against it through the real SDK,
 * and the JSON report it prints, validated against the published schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { parseScenario, startSandbox, type RequestCounts, type ScenarioInput } from '../../src/sandbox/index.js';
import { CLI, isolatedEnv, runProcess } from '../support/cli.js';

const validateReport = new Ajv2020({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object,
);

export interface WorldScan {
  code: number | null;
  report: ScanReport;
  stderr: string;
  counts: RequestCounts;
}

export interface ScanOptions {
  /** Which account of the world scans (default: the first). */
  account?: number;
  /** The CLI to run (default: this repository's build), e.g. one installed in another project. */
  cli?: string;
  cwd?: string;
}

/** Scans the world with `--format json` and any extra flags. */
export async function scanWorld(
  input: ScenarioInput,
  flags: string[] = [],
  { account = 0, cli = CLI, cwd }: ScanOptions = {},
): Promise<WorldScan> {
  const sandbox = await startSandbox(parseScenario(input, 'test'));
  try {
    const keys = sandbox.accounts[account]!;
    const run = await runProcess(process.execPath, [cli, 'scan', '--format', 'json', '--quiet', ...flags], {
      ...(cwd === undefined ? {} : { cwd }),
      env: isolatedEnv({
        AWS_ENDPOINT_URL: sandbox.url,
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        AWS_REGION: 'us-east-1',
      }),
    });
    expect(run.stdout, run.stderr).not.toBe('');
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    return { code: run.code, report, stderr: run.stderr, counts: sandbox.counts() };
  } finally {
    await sandbox.close();
  }
}

/** `CheckId name@region → STATUS REASON`, for every result: the whole verdict of a scan at a glance. */
export function verdicts(report: ScanReport): Record<string, string> {
  return Object.fromEntries(
    report.results.map((r) => [`${r.checkId} ${r.resource.name}@${r.resource.region}`, `${r.status} ${r.reasonCode}`]),
  );
}

/** Each control's overall status, Security Hub style. */
export function controlStatuses(report: ScanReport): Record<string, string> {
  return Object.fromEntries(report.summary.controls.map((c) => [c.id, c.status]));
}
