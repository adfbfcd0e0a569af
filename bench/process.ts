/** The benchmark's child processes: timed from spawn to exit, their output collected. */
import { spawn } from 'node:child_process';
import path from 'node:path';

/** The notice an old runtime prints first: said once by the runtime list, not by every run. */
const NOTICE = /^trailscan: Node\.js \S+ is past its end of life.*\n/;

export function runProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  command: string = process.execPath,
): Promise<{ code: number | null; stdout: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const node = path.basename(command) === 'node';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      // What other programs (the AWS CLI) say is not the benchmark's business.
      if (node) process.stderr.write(stderr.replace(NOTICE, ''));
      resolve({ code, stdout, ms });
    });
  });
}
