/**
 * A report of several accounts, seen one account at a time: the formats whose consumers key on one
 * account (a SARIF category, a JUnit suite, a section of text) render each part on its own.
 */
import { gate, summarize } from '../src/engine/summary.js';
import type { ScanReport } from '../src/model/report.js';

/** One report per account, in account order; a report of one account is its own only part. */
export function accountReports(report: ScanReport): ScanReport[] {
  const { accounts } = report.scan;
  if (accounts === undefined) return [report];
  const parts = [
    ...accounts.scanned.map((a) => ({ id: a.id, regions: a.regions, unreadable: a.unreadableRegions })),
    ...accounts.failed.map((a) => ({ id: a.id, regions: { scanned: [], skipped: [] }, unreadable: [] })),
  ].sort((a, b) => a.id.localeCompare(b.id));
  return parts.map(({ id, regions, unreadable }) => {
    const results = report.results.filter((r) => r.resource.accountId === id);
    const errors = report.errors.filter((e) => e.accountId === id);
    const { accounts: _all, ...scan } = report.scan;
    return {
      ...report,
      scan: { ...scan, account: { ...report.scan.account, id }, regions },
      summary: summarize(results, report.summary.controls),
      gate: gate(results, report.gate.failOn, unreadable, errors.length),
      results,
      errors,
    };
  });
}
