/**
 * Text from AWS (names, ARNs, tag values, error messages) shown on a terminal: control characters would
 * clear the screen, set the window title or forge result lines, and bidirectional overrides would show
 * text in another order than it is. They are shown as escapes instead (`\n`, `\x1b`, `\u202e`).
 */
import { redact } from './redact.js';

// C0 and C1 control characters, DEL, and the bidirectional embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control character shown as an escape; ordinary text is unchanged. */
export const escapeControls = (text: string): string => text.replace(UNSAFE, escapeOne);

/** A message for stderr: credentials redacted, control characters escaped. */
export const terminalLine = (text: string): string => escapeControls(redact(text));

/** Plain data (JSON-like) with every string, keys included, made safe to show on a terminal. */
export function terminalSafe<T>(value: T): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return escapeControls(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object' && !(item instanceof Error)) {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [escapeControls(key), walk(inner)]));
    }
    return item;
  };
  return walk(value) as T;
}
