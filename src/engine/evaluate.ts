/** Evaluation: the selected checks over an inventory, into sorted results. Pure. */
import { common, type Check, type Finding } from '../model/check.js';
import type { Inventory, Slice } from '../model/inventory.js';
import { accountResourceOf, severityRank, STATUSES, type Result } from '../model/result.js';

/** A check with its parameters already validated against `check.parameters`. */
export interface SelectedCheck {
  check: Check;
  params: unknown;
}

export function requiredSlices(selected: readonly SelectedCheck[]): Slice[] {
  return [...new Set(selected.flatMap(({ check, params }) => check.needs(params)))];
}

function toResult(check: Check, finding: Finding): Result {
  const { resource, status, reasonCode, reason, evidence, errors, remediation } = finding;
  const result: Result = {
    checkId: check.id,
    checkSource: check.source,
    title: check.title,
    severity: check.severity,
    status,
    resource,
    reasonCode,
    reason,
    evidence,
  };
  if (errors !== undefined && errors.length > 0) result.errors = errors;
  if (status === 'FAILED' || status === 'WARNING') {
    result.remediation = { ...(remediation ?? check.remediation(finding)), url: check.documentationUrl };
  }
  return result;
}

function evaluateCheck(inventory: Inventory, { check, params }: SelectedCheck): Result[] {
  const missing = check.needs(params).filter((slice) => !inventory.slices.includes(slice));
  if (missing.length > 0) {
    return [
      toResult(check, {
        resource: accountResourceOf(inventory.account),
        ...common.notAvailable(
          [],
          'NOT_COLLECTED',
          { check: check.id, slices: missing.join(', ') },
          {
            missingSlices: missing,
          },
        ),
      }),
    ];
  }
  return check.evaluate(inventory, params).map((finding) => toResult(check, finding));
}

/** Most severe first, then failures before warnings, unavailable and passes; then a stable order. */
function compareResults(a: Result, b: Result): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
    a.checkId.localeCompare(b.checkId, 'en', { numeric: true }) ||
    a.resource.region.localeCompare(b.resource.region) ||
    a.resource.id.localeCompare(b.resource.id)
  );
}

export function evaluate(inventory: Inventory, selected: readonly SelectedCheck[]): Result[] {
  return selected.flatMap((s) => evaluateCheck(inventory, s)).sort(compareResults);
}
