/**
 * The composite GitHub Action: action.yml is consistent with the scripts it runs, and the scripts turn
 * the CLI's exit code and report into the right outputs and job status. The scripts run here against a
 * stand-in CLI that writes the files it is asked for and exits with a chosen code.
 */
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { OLDEST_SUPPORTED_NODE } from '../../src/cli/runtime.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACTION_DIR = join(ROOT, 'action');

const stepSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    if: z.string().optional(),
    uses: z.string().optional(),
    with: z.record(z.string(), z.string()).optional(),
    run: z.string().optional(),
    shell: z.string().optional(),
    'working-directory': z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
  })
  .strict();
const actionSchema = z.object({
  name: z.string(),
  description: z.string(),
  inputs: z.record(z.string(), z.object({ description: z.string(), default: z.string() }).strict()),
  outputs: z.record(z.string(), z.object({ description: z.string(), value: z.string() }).strict()),
  runs: z.object({ using: z.literal('composite'), steps: z.array(stepSchema) }),
});

const action = actionSchema.parse(parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')));
const { steps } = action.runs;
const SCRIPT_CALL = /^"\$GITHUB_ACTION_PATH\/action\/([a-z-]+\.sh)"$/;
const scriptOf = (step: z.infer<typeof stepSchema>) => SCRIPT_CALL.exec(step.run ?? '')?.[1];
const readScript = (file: string) => readFileSync(join(ACTION_DIR, file), 'utf8');

/** Every GitHub expression in the action: `${{ … }}` anywhere, and the bare `if:` conditions. */
function expressions(): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key?: string) => {
    if (typeof value === 'string') {
      if (key === 'if') found.push(value);
      for (const match of value.matchAll(/\$\{\{(.*?)\}\}/g)) found.push(match[1]!);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(action);
  return found;
}

describe('action.yml', () => {
  const used = expressions().join('\n');

  it('runs trailscan on the newest Node.js line CI tests, a supported one, unless told otherwise', () => {
    const runtimes = JSON.parse(readFileSync(join(ROOT, '.ci/runtimes/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const tested = Object.values(runtimes.dependencies).map((spec) => Number(/@(\d+)\./.exec(spec)?.[1]));
    const major = Number(action.inputs['node-version']?.default);
    expect(major).toBe(Math.max(...tested));
    expect(major).toBeGreaterThanOrEqual(OLDEST_SUPPORTED_NODE);
  });

  it('refers only to declared inputs, and uses every input it declares', () => {
    const referenced = new Set([...used.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1]));
    expect([...referenced].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('refers only to outputs that a step with that id writes', () => {
    const references = [...used.matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g)];
    expect(references.length).toBeGreaterThan(0);
    for (const [, id, output] of references) {
      const step = steps.find((s) => s.id === id);
      expect(step, `step ${id ?? ''}`).toBeDefined();
      expect(readScript(scriptOf(step!)!)).toContain(`echo "${output ?? ''}=`);
    }
  });

  it('runs its shell logic from scripts, never interpolating expressions into a command line', () => {
    for (const step of steps.filter((s) => s.run !== undefined)) {
      expect(step.shell).toBe('bash');
      expect(scriptOf(step), step.run).toBeDefined();
    }
  });

  it('passes each script the INPUT_ variables it reads', () => {
    for (const step of steps.filter((s) => s.run !== undefined)) {
      const read = new Set([...readScript(scriptOf(step)!).matchAll(/\$\{?(INPUT_[A-Z_]+)/g)].map((m) => m[1]));
      expect([...read].sort(), scriptOf(step)).toEqual(
        Object.keys(step.env ?? {})
          .filter((name) => name.startsWith('INPUT_'))
          .sort(),
      );
    }
  });

  it('has scripts that exist, are executable, strict and parse, and no script it does not run', () => {
    const scripts = steps.flatMap((s) => scriptOf(s) ?? []);
    expect(readdirSync(ACTION_DIR).sort()).toEqual([...scripts].sort());
    for (const script of scripts) {
      const path = join(ACTION_DIR, script);
      accessSync(path, constants.X_OK);
      expect(readScript(script)).toMatch(/^#!\/usr\/bin\/env bash\n(#.*\n)*set -euo pipefail\n/);
      const check = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
      expect(check.stderr, script).toBe('');
      expect(check.status).toBe(0);
    }
  });
});

describe('action scripts', () => {
  const sandbox = mkdtempSync(join(tmpdir(), 'trailscan-action-'));
  afterAll(() => {
    rmSync(sandbox, { recursive: true, force: true });
  });

  // The stand-in for dist/cli/trailscan.cjs: records its arguments, writes each `-o FORMAT=PATH` it is given
  // (unless STUB_COMPLETE is "none") and exits with STUB_EXIT.
  const home = join(sandbox, 'home');
  mkdirSync(join(home, 'dist/cli'), { recursive: true });
  writeFileSync(
    join(home, 'dist/cli/trailscan.cjs'),
    `const fs = require('node:fs');
const args = process.argv.slice(2);
fs.writeFileSync(process.env.STUB_ARGV, JSON.stringify(args));
const files = {
  sarif: JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'trailscan' } }, automationDetails: { id: 'trailscan/aws/111122223333/' }, results: [] }] }),
  json: JSON.stringify({ gate: { complete: process.env.STUB_COMPLETE === 'true' } }),
  junit: '<testsuites/>',
};
args.forEach((arg, i) => {
  if (arg !== '-o' || process.env.STUB_COMPLETE === 'none') return;
  const [format, path] = args[i + 1].split(/=(.*)/s);
  fs.writeFileSync(path, files[format]);
});
process.exit(Number(process.env.STUB_EXIT));
`,
  );

  let runs = 0;
  const newRunDir = () => {
    const dir = join(sandbox, `run-${++runs}`);
    mkdirSync(dir);
    return dir;
  };
  function runScript(script: string, env: Record<string, string>, dir = newRunDir()) {
    const outputFile = join(dir, 'github-output');
    writeFileSync(outputFile, '');
    const result = spawnSync('bash', [join(ACTION_DIR, script)], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'] ?? '',
        GITHUB_OUTPUT: outputFile,
        TRAILSCAN_HOME: home,
        STUB_ARGV: join(dir, 'argv.json'),
        ...env,
      },
    });
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    const argv = () => JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8')) as string[];
    return { dir, status: result.status, stdout: result.stdout, stderr: result.stderr, outputs, argv };
  }

  describe('scan.sh', () => {
    it.each<[string, Record<string, string>, Record<string, string>]>([
      ['a complete scan', { STUB_EXIT: '0', STUB_COMPLETE: 'true' }, { complete: 'true', upload: 'true' }],
      [
        'a complete scan with failures',
        { STUB_EXIT: '3', STUB_COMPLETE: 'true' },
        { complete: 'true', upload: 'true' },
      ],
      ['an incomplete scan', { STUB_EXIT: '4', STUB_COMPLETE: 'false' }, { complete: 'false', upload: 'false' }],
      [
        'an incomplete scan when asked to upload it anyway',
        { STUB_EXIT: '4', STUB_COMPLETE: 'false', INPUT_UPLOAD_INCOMPLETE: 'true' },
        { complete: 'false', upload: 'true' },
      ],
      [
        'a scan with failures that was also incomplete',
        { STUB_EXIT: '3', STUB_COMPLETE: 'false' },
        { complete: 'false', upload: 'false' },
      ],
      [
        'a complete scan when uploading is off',
        { STUB_EXIT: '0', STUB_COMPLETE: 'true', INPUT_UPLOAD_SARIF: 'false' },
        { complete: 'true', upload: 'false' },
      ],
    ])('for %s, records the exit code and whether to upload', (_, env, expected) => {
      const run = runScript('scan.sh', env);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const out = join(run.dir, 'trailscan-results');
      expect(run.outputs).toEqual({
        'exit-code': env['STUB_EXIT'],
        ...expected,
        'sarif-file': join(out, 'trailscan.sarif'),
        'report-file': join(out, 'trailscan.json'),
        'junit-file': join(out, 'trailscan.junit.xml'),
      });
      const warned = run.stdout.includes('::warning title=trailscan::The scan was incomplete');
      expect(warned).toBe(expected['complete'] === 'false' && expected['upload'] === 'false');
    });

    it('records no file when the CLI wrote none, even if an earlier run left one', () => {
      const dir = newRunDir();
      mkdirSync(join(dir, 'trailscan-results'));
      writeFileSync(join(dir, 'trailscan-results', 'trailscan.sarif'), '{}');
      const run = runScript('scan.sh', { STUB_EXIT: '2', STUB_COMPLETE: 'none' }, dir);
      expect(run.status).toBe(0);
      expect(run.outputs).toEqual({
        'exit-code': '2',
        complete: 'false',
        upload: 'false',
        'sarif-file': '',
        'report-file': '',
        'junit-file': '',
      });
    });

    it('passes the inputs to trailscan scan', () => {
      const run = runScript('scan.sh', {
        STUB_EXIT: '0',
        STUB_COMPLETE: 'true',
        INPUT_FAIL_ON: 'high',
        INPUT_REGIONS: 'us-east-1,eu-west-1',
        INPUT_CHECKS: 'CloudTrail.1,CloudTrail.6',
        INPUT_ARGS: '--config  ci/trailscan.yaml',
        INPUT_OUTPUT_DIR: 'out/scan',
      });
      const out = join(run.dir, 'out/scan');
      expect(run.argv()).toEqual([
        'scan',
        '--format',
        'text',
        '--fail-on',
        'high',
        '-o',
        `sarif=${out}/trailscan.sarif`,
        '-o',
        `json=${out}/trailscan.json`,
        '-o',
        `junit=${out}/trailscan.junit.xml`,
        '--regions',
        'us-east-1,eu-west-1',
        '--checks',
        'CloudTrail.1,CloudTrail.6',
        '--config',
        'ci/trailscan.yaml',
      ]);
    });

    it('writes a requested category into the SARIF, where upload-sarif would not override it', () => {
      const run = runScript('scan.sh', { STUB_EXIT: '0', STUB_COMPLETE: 'true', INPUT_CATEGORY: 'aws-production' });
      const log = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as {
        runs: { automationDetails: unknown }[];
      };
      expect(log.runs.map((r) => r.automationDetails)).toEqual([{ id: 'aws-production/' }]);
    });
  });

  describe('conclude.sh', () => {
    it.each<[string, Record<string, string>, number, string]>([
      ['a clean scan', { SCAN_EXIT_CODE: '0' }, 0, ''],
      ['failures at or above fail-on', { SCAN_EXIT_CODE: '3', INPUT_FAIL_ON: 'high' }, 3, '::error'],
      ['an incomplete scan', { SCAN_EXIT_CODE: '4' }, 4, '::error'],
      [
        'an incomplete scan when that is allowed',
        { SCAN_EXIT_CODE: '4', INPUT_FAIL_ON_INCOMPLETE: 'false' },
        0,
        '::warning',
      ],
      ['a credentials error', { SCAN_EXIT_CODE: '2' }, 2, '::error'],
      ['an internal error', { SCAN_EXIT_CODE: '1' }, 1, '::error'],
    ])('ends the job as the scan says, for %s', (_, env, status, annotation) => {
      const run = runScript('conclude.sh', env);
      expect(run.status).toBe(status);
      if (annotation === '') expect(run.stdout).toBe('');
      else expect(run.stdout).toContain(`${annotation} title=trailscan::`);
    });

    it('fails when the scan step recorded no exit code', () => {
      expect(runScript('conclude.sh', {}).status).not.toBe(0);
    });
  });
});
