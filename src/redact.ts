/**
 * Credentials never leave the process: in every message, whatever looks like an AWS access key id, secret
 * access key or session token, and whatever equals the credentials in use, is replaced where the message
 * enters the inventory (a failed call) and where a line reaches stderr. An endpoint may echo the request
 * back in an error message; a user may hand an env file to `-c`.
 */

export const REDACTED = '[redacted]';

/** Shorter values would redact ordinary words (a test secret such as "secret"); real ones are 20+ long. */
const MIN_SECRET_LENGTH = 8;

const secrets = new Set<string>();

/** The credentials in use, as soon as they are known (environment, profile, credential provider). */
export function registerSecret(...values: (string | undefined)[]): void {
  for (const value of values) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
    secrets.add(value);
    // Echoed in a URL or a query string, a secret key or token is percent-encoded.
    secrets.add(encodeURIComponent(value));
  }
}

const BASE64 = 'A-Za-z0-9/+';

const PATTERNS = [
  // Access key ids: long-term (AKIA), temporary (ASIA), and the other key types.
  /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
  // Secret access keys: exactly 40 base64 characters mixing upper case, lower case and digits.
  new RegExp(
    `(?<![${BASE64}=])(?=[${BASE64}]*[A-Z])(?=[${BASE64}]*[a-z])(?=[${BASE64}]*[0-9])[${BASE64}]{40}(?![${BASE64}=])`,
    'g',
  ),
  // Session tokens: hundreds of base64 characters; nothing else trailscan shows is that long unbroken.
  new RegExp(`[${BASE64}]{100,}={0,2}`, 'g'),
];

/** The text with every credential-like value replaced. */
export function redact(text: string): string {
  let redacted = text;
  for (const secret of secrets) if (redacted.includes(secret)) redacted = redacted.split(secret).join(REDACTED);
  for (const pattern of PATTERNS) redacted = redacted.replace(pattern, REDACTED);
  return redacted;
}
