/**
 * Evaluation: the selected checks over an inventory, into sorted results. Pure: the findings of checks
 * evaluated elsewhere (plugin checks, isolated in a worker) come in as data.
 */
import { common, type Check, type Finding } from '../model/check.js';
import type { Inventory, Slice } from '../model/inventory.js';
import { accountResourceOf, severityRank, STATUSES, type Result } from '../model/result.js';

/** A check with its parameters already validated against `check.parameters`. */
export interface SelectedCheck {
  check: Check;
  params: unknown;
}

/** Findings of checks the engine does not run itself, by check. */
export type EvaluatedElsewhere = ReadonlyMap<Check, readonly Finding[]>;

export function requiredSlices(selected: readonly SelectedCheck[]): Slice[] {
  return [...new Set(selected.flatMap(({ check, params }) => check.needs(params)))];
}

/** The slices a check needs that the inventory lacks: it cannot be evaluated from this inventory. */
export function missingSlices(inventory: Inventory, { check, params }: SelectedCheck): Slice[] {
  return check.needs(params).filter((slice) => !inventory.slices.includes(slice));
}

export function toResult(check: Check, finding: Finding): Result {
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

function findingsOf(
  inventory: Inventory,
  { check, params }: SelectedCheck,
  elsewhere: EvaluatedElsewhere,
): readonly Finding[] {
  const findings = elsewhere.get(check);
  if (findings !== undefined) return findings;
  // Plugin code never runs in the engine's thread: a loop there could not be stopped.
  if (check.source === 'plugin') throw new Error(`plugin check ${check.id} was not evaluated in isolation`);
  return check.evaluate(inventory, params);
}

function evaluateCheck(inventory: Inventory, selected: SelectedCheck, elsewhere: EvaluatedElsewhere): Result[] {
  const { check } = selected;
  const missing = missingSlices(inventory, selected);
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
  return findingsOf(inventory, selected, elsewhere).map((finding) => toResult(check, finding));
}

// One collator each, made once: `localeCompare` with options builds one per call, which dominates sorting the
// tens of thousands of results of an organization.
const byCheckId = new Intl.Collator('en', { numeric: true }).compare;
const byText = new Intl.Collator().compare;

/** Most severe first, then failures before warnings, unavailable and passes; then a stable order. */
export function compareResults(a: Result, b: Result): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
    byCheckId(a.checkId, b.checkId) ||
    byText(a.resource.region, b.resource.region) ||
    byText(a.resource.id, b.resource.id) ||
    byText(a.resource.accountId, b.resource.accountId)
  );
}

export function evaluate(
  inventory: Inventory,
  selected: readonly SelectedCheck[],
  elsewhere: EvaluatedElsewhere = new Map(),
): Result[] {
  return selected.flatMap((s) => evaluateCheck(inventory, s, elsewhere)).sort(compareResults);
}
