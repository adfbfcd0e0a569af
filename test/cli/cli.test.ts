/** The built command line: bad input, credentials, the informational commands. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { iamPolicy } from '../../src/aws/plan.js';
import { selectChecks } from '../../src/cli/selection.js';
import { requiredSlices } from '../../src/engine/evaluate.js';
import { isolatedEnv, runCli } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'trailscan-cli-'));
const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};

/** One line on stderr, exit 2, nothing on stdout, no stack trace. */
function expectUsageError(run: { code: number | null; stdout: string; stderr: string }, message: string | RegExp) {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).toMatch(message);
}

describe('trailscan (built)', () => {
  it('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('--help lists the commands and exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('trailscan evaluate FILE');
    expect(run.stdout).toContain('4 scan incomplete');
  });

  it('checks lists every control, also as JSON', async () => {
    const text = await runCli(['checks']);
    expect(text.code).toBe(0);
    for (const check of builtinChecks) expect(text.stdout).toContain(check.id);
    const json = await runCli(['checks', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((c) => c.id)).toEqual(builtinChecks.map((c) => c.id));
  });

  it('iam-policy prints the generated policy, narrowed by --checks', async () => {
    expect(JSON.parse((await runCli(['iam-policy'])).stdout)).toEqual(
      iamPolicy(requiredSlices(selectChecks(builtinChecks, undefined))),
    );
    expect(JSON.parse((await runCli(['iam-policy', '--checks', 'CloudTrail.4'])).stdout)).toEqual(
      iamPolicy(['trails']),
    );
    const verifyLogs = (await runCli(['iam-policy', '--checks', 'trailscan.digest-chain'])).stdout;
    expect(JSON.parse(verifyLogs)).toEqual(iamPolicy(['trails', 'trailStatus', 'digests']));
    for (const action of ['s3:GetObject', 's3:ListBucket', 'cloudtrail:ListPublicKeys'])
      expect(verifyLogs).toContain(action);
  });

  describe('bad input: one line on stderr, exit 2', () => {
    it.each([
      [['--frobnicate'], 'trailscan: unknown option --frobnicate (see trailscan --help)'],
      [['launch'], 'trailscan: unknown command "launch" (see trailscan --help)'],
      [
        ['--checks', 'CloudTrail.42'],
        'trailscan: unknown check CloudTrail.42 in the check list (see trailscan checks)',
      ],
      [['--regions', 'us-east-1,narnia'], 'trailscan: --regions: "narnia" is not a Region name (e.g. us-east-1)'],
      [['--fail-on', 'sometimes'], /--fail-on must be one of/],
      [['--config', path.join(dir, 'missing.yaml')], /cannot read config .*missing\.yaml: ENOENT/],
      [['evaluate', path.join(dir, 'missing.json')], /cannot read inventory .*missing\.json: ENOENT/],
    ])('%j', async (argv, message) => {
      expectUsageError(await runCli(argv), message);
    });

    it('an invalid config', async () => {
      const config = file('bad.yaml', 'failOn: sometimes\n');
      expectUsageError(await runCli(['--config', config]), `trailscan: config ${config}: failOn: Invalid option`);
    });

    it('a file that is not an inventory', async () => {
      expectUsageError(
        await runCli(['evaluate', file('not-json.json', 'hello')]),
        /inventory .*not-json\.json is not valid JSON: /,
      );
      expectUsageError(
        await runCli(['evaluate', file('wrong.json', '{"schemaVersion": 1, "account": {}}')]),
        /inventory .*wrong\.json: collectedAt: Invalid input/,
      );
    });
  });

  it('no credentials: one line saying how to provide them, exit 2', async () => {
    const run = await runCli(['--no-tui', '--region', 'us-east-1'], { env: isolatedEnv() });
    expectUsageError(run, /no usable AWS credentials .*--profile or AWS_PROFILE/);
  });

  it('an unknown profile: one line, exit 2', async () => {
    const run = await runCli(['--profile', 'nobody', '--region', 'us-east-1'], { env: isolatedEnv() });
    expectUsageError(run, /no usable AWS credentials/);
  });
});
