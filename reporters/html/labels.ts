/**
 * How the HTML report names and marks statuses and severities, shared by the page the reporter writes and
 * the script that runs in it. Every status has a symbol and a word: colour is never the only signal.
 */
import type { ControlStatus } from '../../src/model/report.js';
import type { Severity, Status } from '../../src/model/result.js';

export interface Label {
  symbol: string;
  text: string;
  /** The CSS modifier that colours it: `status--failed` … */
  tone: 'failed' | 'warning' | 'unavailable' | 'passed' | 'none';
}

/** Result statuses, worst first: the order of sorting and of the matrix's "worst status" rule. */
export const STATUS_LABELS: Record<Status, Label> = {
  FAILED: { symbol: '✗', text: 'Failed', tone: 'failed' },
  WARNING: { symbol: '!', text: 'Warning', tone: 'warning' },
  NOT_AVAILABLE: { symbol: '?', text: 'Not available', tone: 'unavailable' },
  PASSED: { symbol: '✓', text: 'Passed', tone: 'passed' },
};
export const STATUS_ORDER = Object.keys(STATUS_LABELS) as Status[];

/** Security Hub's control statuses, worst first. */
export const CONTROL_STATUS_LABELS: Record<ControlStatus, Label> = {
  FAILED: { symbol: '✗', text: 'Failed', tone: 'failed' },
  UNKNOWN: { symbol: '?', text: 'Unknown', tone: 'unavailable' },
  NO_DATA: { symbol: '–', text: 'No data', tone: 'none' },
  PASSED: { symbol: '✓', text: 'Passed', tone: 'passed' },
};
export const CONTROL_STATUS_ORDER = Object.keys(CONTROL_STATUS_LABELS) as ControlStatus[];

export const SEVERITY_TEXT: Record<Severity, string> = {
  CRITICAL: 'Critical',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  INFORMATIONAL: 'Informational',
};
export const SEVERITY_ORDER = Object.keys(SEVERITY_TEXT) as Severity[];

/** Only web links become links: a `javascript:` or `data:` URL in a report is shown, never followed. */
export const isWebUrl = (url: string): boolean => /^https?:\/\//i.test(url);
