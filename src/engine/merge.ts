/**
 * Shard reports of one scan of several accounts, combined: results, accounts and failed calls of all, the
 * summary and the gate computed over the whole. Reports of different tool versions, checks or standards,
 * or sharing an account, are refused: merged, they would count something twice or compare unlike things.
 */
import { UsageError } from '../errors.js';
import type { FailOn, ScanAccounts, ScanReport } from '../model/report.js';
import { assembleAccountsReport } from './accounts.js';

export interface LabelledReport {
  /** How the user named it (its file). */
  label: string;
  report: ScanReport;
}

function accountsOf({ report }: LabelledReport): ScanAccounts {
  if (report.scan.accounts !== undefined) return report.scan.accounts;
  // A scan of one account merges as that account.
  const { account, regions } = report.scan;
  const unreadable = report.errors
    .filter((e) => e.operation === 'cloudtrail:DescribeTrails' && regions.scanned.includes(e.region))
    .map((e) => e.region);
  return {
    organization: false,
    scanned: [{ id: account.id, regions, unreadableRegions: [...new Set(unreadable)] }],
    skipped: [],
    failed: [],
  };
}

export function mergeReports(reports: readonly LabelledReport[], failOn: FailOn | undefined): ScanReport {
  const [first] = reports;
  if (first === undefined) throw new UsageError('trailscan merge needs the JSON reports to merge');
  const owners = new Map<string, string>();
  const expired = new Map<string, ScanReport['suppressions']['expired'][number]>();
  const merged: ScanAccounts = { organization: true, scanned: [], skipped: [], failed: [] };
  const apiCalls = { total: 0, byOperation: {} as Record<string, number> };
  for (const labelled of reports) {
    const { label, report } = labelled;
    const differs = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        throw new UsageError(
          `${label}: ${what} ${JSON.stringify(b)} differs from ${first.label}'s ${JSON.stringify(a)}`,
        );
      }
    };
    differs('trailscan version', first.report.tool.version, report.tool.version);
    differs('checks', first.report.scan.checks, report.scan.checks);
    differs('standard', first.report.scan.standard, report.scan.standard);
    const accounts = accountsOf(labelled);
    merged.organization &&= accounts.organization;
    for (const account of [...accounts.scanned, ...accounts.skipped, ...accounts.failed]) {
      const owner = owners.get(account.id);
      if (owner !== undefined) throw new UsageError(`${label} and ${owner} both cover account ${account.id}`);
      owners.set(account.id, label);
    }
    merged.scanned.push(...accounts.scanned);
    merged.skipped.push(...accounts.skipped);
    merged.failed.push(...accounts.failed);
    apiCalls.total += report.scan.apiCalls.total;
    for (const [operation, n] of Object.entries(report.scan.apiCalls.byOperation)) {
      apiCalls.byOperation[operation] = (apiCalls.byOperation[operation] ?? 0) + n;
    }
    for (const e of report.suppressions.expired) expired.set(`${e.check}\n${e.resource}`, e);
  }
  const all = reports.map((r) => r.report);
  return assembleAccountsReport({
    toolVersion: first.report.tool.version,
    source: all.every((r) => r.scan.source === 'aws') ? 'aws' : 'inventory',
    startedAt: all.map((r) => r.scan.startedAt).sort()[0] ?? first.report.scan.startedAt,
    finishedAt:
      all
        .map((r) => r.scan.finishedAt)
        .sort()
        .at(-1) ?? first.report.scan.finishedAt,
    caller: first.report.scan.account,
    standard: first.report.scan.standard,
    checks: first.report.summary.controls,
    apiCalls,
    failOn: failOn ?? first.report.gate.failOn,
    accounts: merged,
    results: all.flatMap((r) => r.results),
    errors: all.flatMap((r) => r.errors),
    expired: [...expired.values()],
  });
}
