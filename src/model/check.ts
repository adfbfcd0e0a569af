/**
 * The shape of a check module: metadata beside a pure `evaluate`, in the manner of an ESLint rule.
 *
 * Checks never handle collection errors themselves: they `read()` envelopes inside `judge()`, and a
 * failed read turns into NOT_AVAILABLE for exactly the resource being judged, carrying the failed call.
 */
import type { z } from 'zod';
import type { CollectionError, Envelope, Inventory, Slice } from './inventory.js';
import type { Remediation, Resource, ResourceType, Severity, Status } from './result.js';

export type Evidence = Record<string, unknown>;

/** What a check decides about one resource; the engine adds the check's metadata around it. */
export interface Verdict {
  status: Status;
  reasonCode: string;
  reason: string;
  evidence: Evidence;
  errors?: CollectionError[];
  /** What to do, when it is not the check's own fix (e.g. "evaluate it in the owning account"). */
  remediation?: Omit<Remediation, 'url'>;
}

export interface Finding extends Verdict {
  resource: Resource;
}

export const passed = (reasonCode: string, reason: string, evidence: Evidence = {}): Verdict => ({
  status: 'PASSED',
  reasonCode,
  reason,
  evidence,
});
export const failed = (reasonCode: string, reason: string, evidence: Evidence = {}): Verdict => ({
  status: 'FAILED',
  reasonCode,
  reason,
  evidence,
});
export const warning = (
  reasonCode: string,
  reason: string,
  evidence: Evidence = {},
  remediation?: Omit<Remediation, 'url'>,
): Verdict => ({
  status: 'WARNING',
  reasonCode,
  reason,
  evidence,
  ...(remediation === undefined ? {} : { remediation }),
});

/** The advice for a resource this account cannot evaluate: scan the account that owns it. */
export const evaluateElsewhere = (owner: string): Omit<Remediation, 'url'> => ({
  text: `Run trailscan with credentials of ${owner}, where this resource is configured; nothing to change here.`,
  commands: [],
});
export function notAvailable(
  errors: readonly CollectionError[],
  reasonCode = 'API_ERROR',
  reason = describeErrors(errors),
  evidence: Evidence = {},
): Verdict {
  return { status: 'NOT_AVAILABLE', reasonCode, reason, evidence, errors: [...errors] };
}

export function describeErrors(errors: readonly CollectionError[]): string {
  const unique = [...new Map(errors.map((e) => [`${e.operation}|${e.region}|${e.code}`, e])).values()];
  const shown = unique
    .slice(0, 3)
    .map((e) => `${e.operation} in ${e.region} failed: ${e.code}`)
    .join('; ');
  return unique.length > 3 ? `${shown}; and ${unique.length - 3} more` : shown;
}

/** Thrown by `read()` on an error envelope; caught by `judge()`. */
export class SliceUnavailable extends Error {
  readonly errors: readonly CollectionError[];
  constructor(errors: readonly CollectionError[]) {
    super(describeErrors(errors));
    this.errors = errors;
  }
}

/** A slice the check asked for but the inventory does not hold: a bug in `needs`, not a scan problem. */
export class SliceNotCollected extends Error {}

/** The envelope of a slice the check declared in `needs`. */
export function collected<T>(envelope: Envelope<T> | undefined, what: string): Envelope<T> {
  if (envelope === undefined) throw new SliceNotCollected(`${what} was not collected`);
  return envelope;
}

/** The value of an envelope, or a `SliceUnavailable` that `judge()` turns into NOT_AVAILABLE. */
export function read<T>(envelope: Envelope<T> | undefined, what: string): T {
  const checked = collected(envelope, what);
  if (!checked.ok) throw new SliceUnavailable([checked.error]);
  return checked.value;
}

/** Evaluates one resource; any failed `read()` inside makes it NOT_AVAILABLE with the failing call. */
export function judge(resource: Resource, decide: () => Verdict): Finding {
  try {
    return { resource, ...decide() };
  } catch (error) {
    if (error instanceof SliceUnavailable) return { resource, ...notAvailable(error.errors) };
    throw error;
  }
}

export interface CheckMetadata {
  /** Exactly the Security Hub control id, e.g. `CloudTrail.4`. */
  id: string;
  title: string;
  description: string;
  severity: Severity;
  resourceType: ResourceType;
  /** The AWS control reference; further reading follows. */
  references: readonly [string, ...string[]];
  /** Framework → requirement ids, e.g. `{ 'CIS AWS Foundations Benchmark v1.4.0': ['3.2'] }`. */
  compliance: Readonly<Record<string, readonly string[]>>;
}

export interface CheckDefinition<P = Record<string, never>> extends CheckMetadata {
  /** Options from the config file, validated and defaulted before `evaluate` sees them. */
  parameters: z.ZodType<P>;
  /** The inventory slices the check reads, for the given parameters: collection makes only these calls. */
  needs: (params: P) => readonly Slice[];
  /** What to do about a FAILED or WARNING finding, with the resource filled in. */
  remediation: (finding: Finding) => Omit<Remediation, 'url'>;
  /** Pure and synchronous: one finding per resource or Region in scope, passes included. */
  evaluate: (inventory: Inventory, params: P) => Finding[];
}

/** A check with its parameter type erased, as the registry and the engine hold it. */
export type Check = CheckDefinition<unknown>;

export function defineCheck<P>(definition: CheckDefinition<P>): Check {
  return definition as unknown as Check;
}
