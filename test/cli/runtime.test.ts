/** The supported Node.js lines, and the one line an older runtime gets on stderr. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runtimeNotice } from '../../src/cli/runtime.js';
import { CLI, isolatedEnv } from '../support/cli.js';

describe('runtimeNotice', () => {
  it.each(['22.0.0', '22.23.5', '24.22.3', '26.1.0'])('says nothing on Node.js %s', (version) => {
    expect(runtimeNotice(version)).toBeUndefined();
  });

  it.each(['20.20.2', '18.20.8', '21.7.3'])('names Node.js %s, the supported lines and the pinned SDK', (version) => {
    const notice = runtimeNotice(version);
    expect(notice).toMatch(
      new RegExp(`^trailscan: Node\\.js ${version.replaceAll('.', '\\.')} is past its end of life`),
    );
    expect(notice).toContain('use Node.js 22 or 24');
    expect(notice).toContain('package-lock.json');
    expect(notice).not.toContain('\n');
  });
});

/** The CLI's own stderr, unfiltered (the test helpers leave the notice out). */
function stderrOf(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe(`the CLI on this runtime (Node.js ${process.versions.node})`, () => {
  it('prints the notice on stderr, once and first, only when the runtime is older than 22', async () => {
    const run = await stderrOf(['checks']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('CloudTrail.1');
    const notice = runtimeNotice();
    expect(run.stderr).toBe(notice === undefined ? '' : `${notice}\n`);
  });
});
