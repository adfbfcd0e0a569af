import { redact } from './redact.js';

/** How much of a value a message repeats: enough to recognise it, never a whole file's content. */
const ECHO_CHARS = 40;

/**
 * A value the user gave, quoted for a message: credentials redacted first, then clipped, so a secret can
 * be neither repeated nor half shown.
 */
export function echo(value: string): string {
  const redacted = redact(value);
  return JSON.stringify(redacted.length <= ECHO_CHARS ? redacted : `${redacted.slice(0, ECHO_CHARS - 1)}…`);
}

/**
 * Errors the user can fix, each shown as one line on stderr with exit code 2. Anything else is a bug:
 * exit code 1 and a hint to report it.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  /** What stderr shows, a line each: the message, or every problem found at once (e.g. in plugins). */
  readonly lines: readonly string[];
  constructor(message: string | readonly string[]) {
    const lines = typeof message === 'string' ? [message] : message;
    super(lines.join('; '));
    this.lines = lines;
  }
}

/** Missing, invalid or expired credentials: the message says how to provide them. */
export class CredentialsError extends UsageError {
  override name = 'CredentialsError';
  constructor(detail: string) {
    super(
      `no usable AWS credentials (${detail}); provide them with --profile or AWS_PROFILE, ` +
        '`aws sso login`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    );
  }
}
