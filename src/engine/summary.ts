/** The summary and the CI gate of a set of results. Pure. */
import type { Check } from '../model/check.js';
import { EXIT, type ControlStatus, type FailOn, type ScanReport, type StatusCounts } from '../model/report.js';
import { SEVERITIES, severityRank, type Result, type Severity } from '../model/result.js';

const emptyCounts = (): StatusCounts => ({ PASSED: 0, FAILED: 0, WARNING: 0, NOT_AVAILABLE: 0 });

function countByStatus(results: readonly Result[]): StatusCounts {
  const counts = emptyCounts();
  for (const r of results) counts[r.status] += 1;
  return counts;
}

function controlStatus(counts: StatusCounts): ControlStatus {
  if (counts.FAILED > 0) return 'FAILED';
  if (counts.WARNING > 0 || counts.NOT_AVAILABLE > 0) return 'UNKNOWN';
  return counts.PASSED > 0 ? 'PASSED' : 'NO_DATA';
}

/** What the summary needs to know of a check (a merged report knows its checks only by their summary). */
export type CheckHeading = Pick<Check, 'id' | 'title' | 'severity' | 'source'>;

export function summarize(results: readonly Result[], checks: readonly CheckHeading[]): ScanReport['summary'] {
  const active = results.filter((r) => r.suppressed === undefined);
  const failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of active) if (r.status === 'FAILED') failedBySeverity[r.severity] += 1;
  return {
    total: results.length,
    byStatus: countByStatus(active),
    failedBySeverity,
    suppressed: results.length - active.length,
    controls: checks.map((check) => {
      const counts = countByStatus(active.filter((r) => r.checkId === check.id));
      const { id, source, title, severity } = check;
      return { id, source, title, severity, status: controlStatus(counts), counts };
    }),
  };
}

/** Does a FAILED result of this severity trip the gate? */
export function isGated(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && severityRank(severity) <= severityRank(failOn.toUpperCase() as Severity);
}

/**
 * 3 when an unsuppressed FAILED result is at or above `failOn`; otherwise 4 when the scan could not see
 * everything (a NOT_AVAILABLE result, an unreadable Region, or any failed call, even one a verdict could do
 * without or the scan worked around), so a blind scan never passes for a clean one.
 */
export function gate(
  results: readonly Result[],
  failOn: FailOn,
  unreadableRegions: readonly string[],
  failedCalls: number,
): ScanReport['gate'] {
  const active = results.filter((r) => r.suppressed === undefined);
  const gatedFailures = active.filter((r) => r.status === 'FAILED' && isGated(r.severity, failOn)).length;
  const unavailable = active.filter((r) => r.status === 'NOT_AVAILABLE').length;
  const complete = unavailable === 0 && unreadableRegions.length === 0 && failedCalls === 0;
  if (gatedFailures > 0) {
    return {
      failOn,
      exitCode: EXIT.failed,
      complete,
      gatedFailures,
      reason: `${gatedFailures} failed result${gatedFailures === 1 ? '' : 's'} at or above ${failOn}`,
    };
  }
  if (!complete) {
    const parts = [
      unavailable > 0 ? `${unavailable} result${unavailable === 1 ? '' : 's'} not available` : undefined,
      unreadableRegions.length > 0 ? `Regions not readable: ${unreadableRegions.join(', ')}` : undefined,
      failedCalls > 0 ? `${failedCalls} API call${failedCalls === 1 ? '' : 's'} failed` : undefined,
    ].filter((p) => p !== undefined);
    return {
      failOn,
      exitCode: EXIT.incomplete,
      complete,
      gatedFailures,
      reason: `scan incomplete: ${parts.join('; ')}`,
    };
  }
  return {
    failOn,
    exitCode: EXIT.ok,
    complete,
    gatedFailures,
    reason: failOn === 'none' ? 'gate disabled (--fail-on none)' : `no failed result at or above ${failOn}`,
  };
}
