/**
 * Values in remediation commands, as the POSIX shell must read them. AWS data can hold `$(…)`, backticks,
 * `;`, quotes or newlines (IAM paths, tag values, names from a hostile endpoint), and a user pastes the
 * `fix:` lines into a shell: every value goes through `shellQuote`, never straight into the command.
 */

/** Characters no POSIX shell gives a meaning to, anywhere in a word. */
const LITERAL = /^[A-Za-z0-9@%+=:,./_-]+$/;

/**
 * One shell word that the shell reads back as exactly `value`: bare when it holds only literal characters
 * (an ARN, a Region), otherwise in single quotes, where nothing is special; a single quote inside is
 * closed, escaped and reopened (`'\''`).
 */
export function shellQuote(value: string): string {
  if (LITERAL.test(value)) return value;
  return `'${value.replace(/'/g, "'\\''")}'`;
}
