import { execFileSync } from 'node:child_process';

/** The words a POSIX shell reads from these lines of an `aws` command, shown by printf in place of aws. */
export function wordsAsShellReads(lines: readonly string[]): string {
  return execFileSync('sh', ['-c', lines.join('\n').replace(/^aws /gm, "printf '%s\\n' ")], { encoding: 'utf8' });
}
