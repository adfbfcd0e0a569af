/**
 * One plugin check over an inventory, as the worker runs it: `evaluate`, then the remediation of every
 * FAILED or WARNING finding that brings none (the check's `remediation` is plugin code too). What comes
 * back is not trusted yet: the main thread validates it.
 */
import type { Check } from '../model/check.js';
import type { Inventory } from '../model/inventory.js';

export type RunOutcome = { ok: true; findings: unknown[] } | { ok: false; message: string };

/** A finding that needs a fix and does not bring its own. */
function lacksRemediation(finding: unknown): finding is { status: string } {
  if (typeof finding !== 'object' || finding === null) return false;
  const { status, remediation } = finding as { status?: unknown; remediation?: unknown };
  return (status === 'FAILED' || status === 'WARNING') && remediation === undefined;
}

export const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export function runCheck(check: Check, inventory: Inventory, params: unknown): RunOutcome {
  let findings: unknown;
  try {
    findings = check.evaluate(inventory, params);
  } catch (error) {
    return { ok: false, message: `threw ${describeError(error)}` };
  }
  if (!Array.isArray(findings)) {
    const what = findings instanceof Promise ? 'a promise (evaluate is synchronous)' : typeof findings;
    return { ok: false, message: `evaluate returned ${what}, not a list of findings` };
  }
  try {
    return {
      ok: true,
      findings: findings.map((finding: unknown) =>
        lacksRemediation(finding) ? { ...finding, remediation: check.remediation(finding as never) } : finding,
      ),
    };
  } catch (error) {
    return { ok: false, message: `remediation threw ${describeError(error)}` };
  }
}
