/**
 * What each command loads: Ink and React only for the terminal UI, SDK clients only when used. The CLI is a
 * bundle split into chunks; the bundler's metafile says which packages' code each chunk holds.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario, startSandbox } from '../../src/sandbox/index.js';
import { world } from '../e2e/worlds.js';
import { CLI, isolatedEnv, runProcess } from '../support/cli.js';

const TRACER = fileURLToPath(new URL('../support/trace-imports.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const META = JSON.parse(readFileSync(path.join(ROOT, 'dist/cli/meta.json'), 'utf8')) as {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
};

/** The source files of a loaded module: a chunk's inputs, or the module itself. */
function sourcesOf(url: string): string[] {
  if (!url.startsWith('file:')) return [];
  const file = path.relative(ROOT, fileURLToPath(url));
  const chunk = META.outputs[file];
  return chunk === undefined ? [file] : Object.keys(chunk.inputs);
}

/** The source files a run of the executable loads, each once. */
async function loadedSources(args: string[], env: Record<string, string> = isolatedEnv()): Promise<string[]> {
  const trace = path.join(mkdtempSync(path.join(tmpdir(), 'trailscan-trace-')), 'modules');
  const run = await runProcess(process.execPath, ['--import', TRACER, CLI, ...args], {
    env: { ...env, TRAILSCAN_TRACE_IMPORTS: trace },
  });
  expect(run.stderr).not.toMatch(/internal error/);
  return [...new Set(readFileSync(trace, 'utf8').split('\n').flatMap(sourcesOf))];
}

async function loadedPackages(args: string[], env?: Record<string, string>): Promise<string[]> {
  const sources = await loadedSources(args, env);
  expect(sources).toContain('src/cli.ts');
  const packages = sources.flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? []);
  return [...new Set(packages)].sort();
}

describe('cold start', () => {
  it('--version loads the executable alone: no chunk of the command line, no package', async () => {
    expect(await loadedSources(['--version'])).toEqual(['dist/cli/trailscan.cjs']);
  });

  it('checks loads neither the AWS SDK nor the terminal UI', async () => {
    const packages = await loadedPackages(['checks']);
    expect(packages.filter((p) => /^(@aws-sdk|@smithy|ink|react)/.test(p))).toEqual([]);
  });

  it('a non-interactive scan of CloudTrail.4 loads no UI, no S3 client and nothing for plugins', async () => {
    const sandbox = await startSandbox(parseScenario(world(), 'cold start'));
    try {
      const keys = sandbox.accounts[0]!;
      const packages = await loadedPackages(['--checks', 'CloudTrail.4', '--quiet'], {
        ...isolatedEnv({
          AWS_ENDPOINT_URL: sandbox.url,
          AWS_ACCESS_KEY_ID: keys.accessKeyId,
          AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
          AWS_REGION: 'us-east-1',
        }),
      });
      expect(packages).toContain('@aws-sdk/client-cloudtrail');
      expect(packages.filter((p) => /^(@aws-sdk\/client-s3|ink|react$|import-meta-resolve)/.test(p))).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
