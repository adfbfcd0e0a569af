/** The CI contract: gate thresholds and exit codes (documented in the README). Kept free of imports so
 * the command line can parse flags without loading anything else. */

export const FAIL_ON = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const EXIT = {
  ok: 0,
  internalError: 1,
  usage: 2,
  failed: 3,
  incomplete: 4,
  interrupted: 130,
  terminated: 143,
} as const;
