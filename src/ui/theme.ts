/**
 * How statuses, severities and verdicts look. Every meaning is carried by a symbol and a word first;
 * colour only reinforces it, and disappears entirely when colour is off (NO_COLOR, --no-color).
 */
import type { ScanReport } from '../model/report.js';
import { EXIT } from '../model/report.js';
import { STATUSES, type Result, type Severity, type Status } from '../model/result.js';

export type Tone = 'critical' | 'bad' | 'warn' | 'unknown' | 'good' | 'info' | 'accent' | 'muted';

const TONE_COLORS: Record<Tone, string> = {
  critical: 'magentaBright',
  bad: 'red',
  warn: 'yellow',
  unknown: 'magenta',
  good: 'green',
  info: 'blue',
  accent: 'cyan',
  muted: 'gray',
};

/** Maps tones to Ink colours, or to nothing at all when colour is off. */
export interface Palette {
  color: (tone: Tone) => string | undefined;
}

export function createPalette(colorEnabled: boolean): Palette {
  return { color: (tone) => (colorEnabled ? TONE_COLORS[tone] : undefined) };
}

/** A status as the user reads it: a symbol, a short word and a tone. */
export interface Mark {
  symbol: string;
  word: string;
  tone: Tone;
}

export const STATUS_MARKS: Record<Status, Mark> = {
  FAILED: { symbol: '✗', word: 'FAIL', tone: 'bad' },
  WARNING: { symbol: '!', word: 'WARN', tone: 'warn' },
  NOT_AVAILABLE: { symbol: '?', word: 'N/A', tone: 'unknown' },
  PASSED: { symbol: '✓', word: 'PASS', tone: 'good' },
};

/** A suppressed result is shown as such: its own status no longer counts anywhere. */
export const SUPPRESSED_MARK: Mark = { symbol: '~', word: 'SUPP', tone: 'muted' };

export function markOf(result: Result): Mark {
  return result.suppressed === undefined ? STATUS_MARKS[result.status] : SUPPRESSED_MARK;
}

export const formatMark = (mark: Mark): string => `${mark.symbol} ${mark.word}`;

/** The report's counts by status, then the suppressed ones, each with its mark (the summary bar and the closing line). */
export function statusCounts(summary: ScanReport['summary']): { mark: Mark; count: number }[] {
  return [
    ...STATUSES.map((status) => ({ mark: STATUS_MARKS[status], count: summary.byStatus[status] })),
    { mark: { ...SUPPRESSED_MARK, word: 'suppressed' }, count: summary.suppressed },
  ];
}

export const SEVERITY_TONES: Record<Severity, Tone> = {
  CRITICAL: 'critical',
  HIGH: 'bad',
  MEDIUM: 'warn',
  LOW: 'info',
  INFORMATIONAL: 'muted',
};

/** The gate's verdict, named after the exit code the CLI will return. */
export function verdictOf(gate: ScanReport['gate']): Mark {
  switch (gate.exitCode) {
    case EXIT.ok:
      return { symbol: '✓', word: 'PASSED', tone: 'good' };
    case EXIT.failed:
      return { symbol: '✗', word: 'FAILED', tone: 'bad' };
    case EXIT.incomplete:
      return { symbol: '?', word: 'INCOMPLETE', tone: 'unknown' };
    default:
      return { symbol: '!', word: 'ERROR', tone: 'bad' };
  }
}

/** Braille dots, one frame per SPINNER_FRAME_MS, as most terminal spinners do. */
const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
export const SPINNER_FRAME_MS = 80;

export function spinnerFrame(elapsedMs: number): string {
  return SPINNER_FRAMES[Math.floor(elapsedMs / SPINNER_FRAME_MS) % SPINNER_FRAMES.length] ?? '';
}
