/** Runs the built command line as users do: a child process with its own environment. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeNotice } from '../../src/cli/runtime.js';

export const CLI = fileURLToPath(new URL('../../dist/cli/trailscan.cjs', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An environment with no AWS configuration of the machine leaking in: no profile, no instance role. */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(path.join(tmpdir(), 'trailscan-home-'));
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    CI: 'true',
    ...extra,
  };
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs the built CLI. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return runProcess(process.execPath, [CLI, ...args], options);
}

/** What the CLI says first on a runtime older than the supported ones; test/cli/runtime.test.ts checks it. */
const RUNTIME_NOTICE = runtimeNotice();

/** Runs a program without blocking this process, which may be serving the sandbox the program talks to. */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? isolatedEnv(),
      cwd: options.cwd ?? process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr: RUNTIME_NOTICE === undefined ? stderr : stderr.replace(`${RUNTIME_NOTICE}\n`, ''),
      });
    });
  });
}
