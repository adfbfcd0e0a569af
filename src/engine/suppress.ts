/**
 * Suppressions: accepted risks, each with a reason and usually an expiry date. A suppressed result stays
 * in the report, marked, and leaves the gate; an expired suppression stops applying and is reported.
 */
import type { Result } from '../model/result.js';

export interface Suppression {
  /** A control id, or `*` for every control. */
  check: string;
  /** An ARN (or `AWS::::Account:<id>`), or a glob over it where `*` matches any run of characters. */
  resource: string;
  reason: string;
  /** The last day it applies, `YYYY-MM-DD` (UTC). */
  expires?: string | undefined;
}

export interface SuppressionOutcome {
  results: Result[];
  expired: (Suppression & { expires: string })[];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function isExpired(suppression: Suppression, today: string): suppression is Suppression & { expires: string } {
  return suppression.expires !== undefined && suppression.expires < today;
}

/** `now` is the scan time, so re-evaluating a saved inventory gives the same answer on any day. */
export function applySuppressions(
  results: readonly Result[],
  suppressions: readonly Suppression[],
  now: Date,
): SuppressionOutcome {
  const today = now.toISOString().slice(0, 10);
  const active = suppressions
    .filter((s) => !isExpired(s, today))
    .map((s) => ({ suppression: s, pattern: globToRegExp(s.resource) }));
  return {
    results: results.map((result) => {
      const match = active.find(
        ({ suppression, pattern }) =>
          (suppression.check === '*' || suppression.check === result.checkId) && pattern.test(result.resource.id),
      );
      // Only an accepted risk can be suppressed: a result nobody could evaluate stays in the gate, so a
      // blind scan never passes for a complete one.
      if (match === undefined || (result.status !== 'FAILED' && result.status !== 'WARNING')) return result;
      const { suppression } = match;
      return {
        ...result,
        suppressed: {
          reason: suppression.reason,
          ...(suppression.expires === undefined ? {} : { expires: suppression.expires }),
          rule: `${suppression.check} ${suppression.resource}`,
        },
      };
    }),
    expired: suppressions.filter((s) => isExpired(s, today)),
  };
}
