/**
 * The executable `bin` names (dist/cli/trailscan.cjs): `--version` on its own, any other command through the
 * command line it imports, with the exit codes and stream failures the command line itself would give.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runProcess } from '../support/cli.js';

/** The executable beside a stand-in for the command line, in a directory of its own. */
function besideCommandLine(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'trailscan-bin-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(path.join(dir, 'cli.js'), source);
  const executable = path.join(dir, 'trailscan.cjs');
  copyFileSync(CLI, executable);
  return executable;
}

describe('the executable', () => {
  it('--version to a full disk is one line and exit 2, not a stack trace', async () => {
    const run = await runProcess('bash', ['-c', `"${process.execPath}" "${CLI}" --version >/dev/full; echo "exit $?"`]);
    expect(run.stdout).toBe('exit 2\n');
    expect(run.stderr).toMatch(/^trailscan: cannot write to stdout: ENOSPC\n$/);
  });

  it('--version to a reader that has gone is exit 0, without a word', async () => {
    const run = await runProcess('bash', [
      '-c',
      `"${process.execPath}" "${CLI}" --version | (exec 0<&-; sleep 0.5); echo "exit \${PIPESTATUS[0]}"`,
    ]);
    expect(run.stdout).toBe('exit 0\n');
    expect(run.stderr).toBe('');
  });

  it('keeps the exit code the command line sets', async () => {
    const run = await runProcess(process.execPath, [besideCommandLine('process.exitCode = 3;\n'), 'scan']);
    expect(run).toMatchObject({ code: 3, stderr: '' });
  });

  it('a command line that runs out of work before it finishes is an internal error, not exit 0', async () => {
    const run = await runProcess(process.execPath, [besideCommandLine('await new Promise(() => {});\n'), 'scan']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('trailscan: internal error: the command ended before it finished\n');
  });
});
