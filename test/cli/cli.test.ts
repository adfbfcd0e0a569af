/** The built command line: bad input, credentials, the informational commands. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { iamPolicy } from '../../src/aws/plan.js';
import { selectChecks } from '../../src/cli/selection.js';
import { requiredSlices } from '../../src/engine/evaluate.js';
import { parseScenario, startSandbox } from '../../src/sandbox/index.js';
import { world } from '../e2e/worlds.js';
import { inventory } from '../fixtures/inventory.js';
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

  it('iam-policy --organization: the scanning principal lists accounts and assumes only the named role', async () => {
    const policy = JSON.parse(
      (await runCli(['iam-policy', '--organization', '--role-name', 'Audit', '--checks', 'CloudTrail.4'])).stdout,
    ) as { Statement: { Action: string[]; Resource: string }[] };
    expect(policy.Statement).toEqual([
      ...(iamPolicy(['trails']) as { Statement: object[] }).Statement,
      { Sid: 'TrailscanListAccounts', Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' },
      {
        Sid: 'TrailscanEnterAccounts',
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Resource: 'arn:*:iam::*:role/Audit',
      },
    ]);
  });

  it('iam-policy --format cloudformation: a read-only member role trusting the scanning account', async () => {
    const template = JSON.parse((await runCli(['iam-policy', '--format', 'cloudformation'])).stdout) as {
      Resources: { TrailscanRole: { Type: string; Properties: Record<string, unknown> } };
    };
    const role = template.Resources.TrailscanRole;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties['RoleName']).toBe('TrailscanReadOnly');
    expect(role.Properties['Policies']).toEqual([
      {
        PolicyName: 'TrailscanReadOnly',
        PolicyDocument: iamPolicy(requiredSlices(selectChecks(builtinChecks, undefined))),
      },
    ]);
    expect(JSON.stringify(role.Properties['AssumeRolePolicyDocument'])).toContain('sts:ExternalId');
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
      [['--accounts', '12345'], 'trailscan: --accounts: "12345" is not a 12-digit account id'],
      [['--shard', '4/3'], 'trailscan: --shard must be K/N with 1 ≤ K ≤ N ≤ 1000 (e.g. 2/3), got "4/3"'],
      [['--exclude-accounts', '123456789012'], 'trailscan: --exclude-accounts needs --organization or --accounts'],
      [['merge'], 'trailscan: trailscan merge needs the JSON reports to merge'],
      [['--fail-on', 'sometimes'], /--fail-on must be one of/],
      [['--config', path.join(dir, 'missing.yaml')], /cannot read config .*missing\.yaml: ENOENT/],
      [['evaluate', path.join(dir, 'missing.json')], /cannot read inventory .*missing\.json: ENOENT/],
      [
        ['--endpoint-url', 'file:///etc/passwd'],
        'trailscan: --endpoint-url: "file:///etc/passwd" is not an http:// or https:// URL',
      ],
      [['--endpoint-url', 'localhost:4566'], /--endpoint-url: "localhost:4566" is not an http/],
    ])('%j', async (argv, message) => {
      expectUsageError(await runCli(argv), message);
    });

    it('an invalid config', async () => {
      const config = file('bad.yaml', 'failOn: sometimes\n');
      expectUsageError(await runCli(['--config', config]), `trailscan: config ${config}: failOn: Invalid option`);
    });

    it('-c on an env file: the keys in it are neither repeated nor half shown', async () => {
      const accessKeyId = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
      const secretKey = ['wJalrXUtnFEMI/K7MDENG', '/bPxRfiCYEXAMPLEKEY'].join('');
      const env = file('.env', `AWS_ACCESS_KEY_ID=${accessKeyId}\nAWS_SECRET_ACCESS_KEY=${secretKey}\n`);
      const run = await runCli(['-c', env]);
      expectUsageError(run, /^trailscan: config .*\.env: .*\(got "AWS_ACCESS_KEY_ID=\[redacted\] [^"]{0,20}…"\)\n$/);
      expect(run.stderr).not.toContain(accessKeyId.slice(4));
      expect(run.stderr).not.toContain(secretKey.slice(0, 8));
    });

    describe('a hand-edited or corrupted inventory', () => {
      const saved = (name: string, edit: (inv: Record<string, unknown>) => void) => {
        const inv = inventory() as unknown as Record<string, unknown>;
        edit(inv);
        return file(name, JSON.stringify(inv));
      };
      const firstTrail = (inv: Record<string, unknown>) =>
        Object.values(inv['trails'] as Record<string, Record<string, unknown>>)[0]!;
      it.each([
        [
          'a timestamp that is not one',
          (inv: Record<string, unknown>) => (inv['collectedAt'] = 'yesterday'),
          /collectedAt: Invalid ISO datetime/,
        ],
        [
          'a slice it claims but lacks',
          (inv: Record<string, unknown>) => delete firstTrail(inv)['status'],
          /is incomplete: status of arn:\S+ was not collected, though it lists that slice as collected$/m,
        ],
        [
          'invalid Unicode',
          (inv: Record<string, unknown>) => (firstTrail(inv)['name'] = 'bad\ud800name'),
          /\.name: not valid Unicode/,
        ],
        [
          'an enormous string',
          (inv: Record<string, unknown>) => (firstTrail(inv)['name'] = 'x'.repeat(70_000)),
          /\.name: a string of 70,000 characters, over the limit of 65,536/,
        ],
      ])('%s', async (_, edit, message) => {
        const name = `${_.replace(/\W+/g, '-')}.json`;
        for (const format of ['text', 'sarif']) {
          expectUsageError(await runCli(['evaluate', saved(name, edit), '--format', format]), message);
        }
      });
    });

    it('a config too large to be one, or endless', async () => {
      const large = file('large.yaml', `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
      expectUsageError(
        await runCli(['-c', large]),
        /^trailscan: config .*large\.yaml is larger than the limit of 1 MiB$/m,
      );
      expectUsageError(
        await runCli(['-c', '/dev/zero']),
        'trailscan: config /dev/zero is larger than the limit of 1 MiB',
      );
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

  it('a YAML warning in the config is one line, and the command goes on', async () => {
    const config = file('tagged.yaml', 'failOn: !custom high\n');
    const run = await runCli([
      'evaluate',
      file('ok-inventory.json', JSON.stringify(inventory())),
      '-c',
      config,
      '--quiet',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`trailscan: config ${config}: Unresolved tag: !custom at line 1, column 9\n`);
  });

  it('a profile and environment keys both set: the SDK’s warning is one line, and the profile is used', async () => {
    const sandbox = await startSandbox(parseScenario(world(), 'two sources'));
    try {
      const keys = sandbox.accounts[0]!;
      const env = isolatedEnv({
        AWS_ENDPOINT_URL: sandbox.url,
        AWS_REGION: 'us-east-1',
        AWS_PROFILE: 'auditor',
        AWS_ACCESS_KEY_ID: 'TSUNUSEDKEY00001',
        AWS_SECRET_ACCESS_KEY: 'unused-secret-key',
      });
      writeFileSync(
        env['AWS_SHARED_CREDENTIALS_FILE']!,
        `[auditor]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
      );
      const run = await runCli(['--checks', 'CloudTrail.4', '--format', 'json'], { env });
      expect(run.code).toBe(0);
      const warnings = run.stderr.split('\n').filter((line) => /credential|profile/i.test(line));
      expect(warnings).toEqual([
        'trailscan: both a profile (AWS_PROFILE or --profile) and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set; using the profile',
      ]);
      expect(run.stderr).not.toMatch(/@aws-sdk|WARNING/);
    } finally {
      await sandbox.close();
    }
  });

  it('no credentials: one line saying how to provide them, exit 2', async () => {
    const run = await runCli(['--no-tui', '--region', 'us-east-1'], { env: isolatedEnv() });
    expectUsageError(run, /no usable AWS credentials .*--profile or AWS_PROFILE/);
  });

  it('an unknown profile: one line saying the profile does not exist, exit 2', async () => {
    const run = await runCli(['--profile', 'nobody', '--region', 'us-east-1'], { env: isolatedEnv() });
    expectUsageError(run, /^trailscan: profile "nobody" does not exist in the AWS config or credentials file/);
  });
});
