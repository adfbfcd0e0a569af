/**
 * Kleene three-valued logic for verdicts built from several reads: a failed read makes a term unknown,
 * and an unknown term only matters when the other terms do not already decide the answer. An unknown
 * carries the failed calls (or the reason) that made it unknown, so a NOT_AVAILABLE names its cause.
 */
import type { CollectionError, Envelope } from '../../src/model/inventory.js';

export interface Unknown {
  unknown: true;
  errors: CollectionError[];
  /** Why the value is unknown although every call succeeded (e.g. AWS left a field out). */
  undetermined: string[];
}
export type Tri = boolean | Unknown;

export const isUnknown = (value: Tri): value is Unknown => typeof value !== 'boolean';

function mergeUnknowns(values: readonly Tri[]): Unknown {
  const unknowns = values.filter(isUnknown);
  return {
    unknown: true,
    errors: unknowns.flatMap((u) => u.errors),
    undetermined: unknowns.flatMap((u) => u.undetermined),
  };
}

export function and(...values: Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.some(isUnknown) ? mergeUnknowns(values) : true;
}

export function or(...values: Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.some(isUnknown) ? mergeUnknowns(values) : false;
}

export function not(value: Tri): Tri {
  return isUnknown(value) ? value : !value;
}

/** A test on an envelope's value; unknown when the read failed. */
export function test<T>(envelope: Envelope<T>, predicate: (value: T) => boolean): Tri {
  return envelope.ok ? predicate(envelope.value) : { unknown: true, errors: [envelope.error], undetermined: [] };
}

export function undetermined(reason: string): Unknown {
  return { unknown: true, errors: [], undetermined: [reason] };
}
