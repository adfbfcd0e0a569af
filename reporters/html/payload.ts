/**
 * The data the HTML report carries for its script: every result (suppressed ones included) without what
 * the page already says once per control. Embedded gzip-compressed and base64-encoded: 10,000 results are
 * about 8 MB of JSON, and a tenth of that compressed.
 */
import type { Result, Severity } from '../../src/model/result.js';

export type PayloadResult = Omit<Result, 'title' | 'severity'>;

export interface PayloadControl {
  id: string;
  title: string;
  severity: Severity;
  /** What the check is, as its source names it: `AWS Security Hub control` … */
  source: string;
  /** Its documentation first, then further reading. */
  references: string[];
}

export interface Payload {
  controls: PayloadControl[];
  results: PayloadResult[];
}

/** The element the payload sits in (base64 text of a gzip stream), and its type, which no browser executes. */
export const PAYLOAD_ELEMENT_ID = 'trailscan-data';
export const PAYLOAD_TYPE = 'application/gzip';
