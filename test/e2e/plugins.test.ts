/**
 * The example plugin as users run it: trailscan and the plugin packed with `npm pack` and installed into a
 * project of their own; the plugin loaded from a directory of that project and as an installed package;
 * a sandbox world scanned through the real SDK, next to the built-in checks, with the gate, suppressions
 * and every report format.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { childrenNamed, parseXml } from '../reporters/xml.js';
import { sarifProblems } from '../reporters/sarif-checks.js';
import { runProcess, type CliRun } from '../support/cli.js';
import { scanWorld, verdicts, type WorldScan } from './scan-world.js';
import { ACCOUNT_ID, LOG_BUCKET, bucket, trail, world } from './worlds.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = path.join(REPOSITORY, 'examples', 'acme-checks');
const project = mkdtempSync(path.join(tmpdir(), 'trailscan-acme-audits-'));
const at = (name: string) => path.join(project, name);
const INSTALLED_CLI = at('node_modules/trailscan/dist/cli/trailscan.cjs');

const LEGACY_BUCKET = `legacy-logs-${ACCOUNT_ID}`;

/**
 * Three trails: main delivers to the central bucket and is owned by security; legacy delivers to a bucket
 * of its own and is tagged by an unapproved owner; audit's tags cannot be read (ListTags denied).
 */
const acmeWorld = world({
  trails: [
    trail(),
    trail({
      name: 'legacy',
      homeRegion: 'eu-west-1',
      multiRegion: false,
      s3BucketName: LEGACY_BUCKET,
      tags: { owner: 'interns' },
    }),
    trail({ name: 'audit', homeRegion: 'us-west-2', multiRegion: false }),
  ],
  buckets: [bucket(), bucket({ name: LEGACY_BUCKET, region: 'eu-west-1' })],
  faults: [{ operation: 'cloudtrail:ListTags', region: 'us-west-2', error: 'access-denied' }],
});

const PARAMETERS = {
  'acme.central-log-bucket': { centralBucket: LOG_BUCKET },
  'acme.trail-owner-tag': { owners: ['security', 'platform'] },
};

/** What the example's checks say about the world, whichever way they were loaded. */
const PLUGIN_VERDICTS = {
  'acme.central-log-bucket main@us-east-1': 'PASSED CENTRAL_BUCKET',
  'acme.central-log-bucket legacy@eu-west-1': 'FAILED OTHER_BUCKET',
  'acme.central-log-bucket audit@us-west-2': 'PASSED CENTRAL_BUCKET',
  'acme.trail-owner-tag main@us-east-1': 'PASSED OWNER_APPROVED',
  'acme.trail-owner-tag legacy@eu-west-1': 'FAILED OWNER_NOT_APPROVED',
  'acme.trail-owner-tag audit@us-west-2': 'NOT_AVAILABLE API_ERROR',
};

/** npm as a user runs it: the machine's environment, so its cache serves what `npm ci` already fetched. */
async function npm(args: string[], cwd: string): Promise<CliRun> {
  const run = await runProcess('npm', [...args, '--no-audit', '--no-fund'], {
    cwd,
    env: { ...(process.env as Record<string, string>), CI: 'true' },
    timeoutMs: 240_000,
  });
  expect(run.code, `npm ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run;
}

/** The packed file `npm pack` names on its last line. */
const packed = async (directory: string) =>
  path.join(
    project,
    (await npm(['pack', directory, '--pack-destination', project], project)).stdout.trim().split('\n').at(-1)!,
  );

beforeAll(async () => {
  writeFileSync(at('package.json'), JSON.stringify({ name: 'acme-audits', private: true, type: 'module' }));
  const tarballs = await Promise.all([packed(REPOSITORY), packed(EXAMPLE)]);
  await npm(['install', '--prefer-offline', '--ignore-scripts', ...tarballs], project);
  // The plugin's checks also as a directory of the project, as the README's "Writing a check" starts.
  cpSync(path.join(EXAMPLE, 'checks'), at('acme-checks'), { recursive: true });
}, 300_000);

/** Scans the world with the installed trailscan, this config, and every report format written to files. */
async function scanWithPlugins(name: string, config: Record<string, unknown>, flags: string[] = []) {
  writeFileSync(at(`${name}.config.json`), JSON.stringify(config));
  const outputs = ['json', 'sarif', 'junit', 'text', 'html', 'asff', 'ocsf'].flatMap((format) => [
    '-o',
    `${format}=${at(`${name}.${format}`)}`,
  ]);
  const scan = await scanWorld(acmeWorld, ['-c', at(`${name}.config.json`), ...outputs, ...flags], {
    cli: INSTALLED_CLI,
    cwd: project,
  });
  const file = (format: string) => readFileSync(at(`${name}.${format}`), 'utf8');
  return {
    ...scan,
    json: JSON.parse(file('json')) as ScanReport,
    sarif: file('sarif'),
    junit: file('junit'),
    text: file('text'),
    html: file('html'),
    asff: JSON.parse(file('asff')) as { GeneratorId: string; ProductFields: Record<string, string> }[],
    ocsf: JSON.parse(file('ocsf')) as { unmapped: { trailscan: { source: string } } }[],
  };
}

/** `centralStatus`: the central-bucket control's status, PASSED once its one failure is suppressed. */
function expectBesideBuiltIns(scan: WorldScan, centralStatus = 'FAILED'): void {
  const { report } = scan;
  expect(verdicts(report)).toMatchObject(PLUGIN_VERDICTS);
  expect(report.scan.checks).toEqual(
    expect.arrayContaining(['CloudTrail.1', 'CloudTrail.6', 'acme.central-log-bucket', 'acme.trail-owner-tag']),
  );
  expect(report.results.filter((r) => r.checkSource === 'security-hub').every((r) => r.status === 'PASSED')).toBe(true);
  expect(report.summary.controls.filter((c) => c.source === 'plugin').map((c) => [c.id, c.status])).toEqual([
    ['acme.central-log-bucket', centralStatus],
    ['acme.trail-owner-tag', 'FAILED'],
  ]);
  // Collection was driven by the plugin's needs: ListTags ran (and failed) only because acme.trail-owner-tag asked.
  expect(report.errors.map((e) => `${e.operation} ${e.region} ${e.code}`)).toEqual([
    'cloudtrail:ListTags us-west-2 AccessDeniedException',
  ]);
}

describe.concurrent('the example plugin, packed and installed into a project', () => {
  it('its API entry point resolves from the installed package, in JavaScript and with its types', async () => {
    writeFileSync(
      at('probe.ts'),
      [
        "import { defineCheck, judgeTrails, z, type Inventory } from 'trailscan/check';",
        'export const probe = defineCheck({',
        "  id: 'acme.probe', source: 'plugin', title: 'Probe', description: 'Probe', severity: 'LOW',",
        "  resourceType: 'AwsCloudTrailTrail', documentationUrl: 'https://example.com', references: [], tags: [],",
        "  compliance: {}, standards: [], reasons: { SEEN: 'Trail {trail} seen' }, parameters: z.object({}),",
        "  needs: () => ['trails'], remediation: () => ({ text: '', commands: [] }),",
        '  evaluate: (inventory: Inventory, _params, verdict) =>',
        '    judgeTrails(inventory, (trail) =>',
        '      // @ts-expect-error: a reason the check does not declare does not compile',
        "      trail.name === '' ? verdict.failed('UNSEEN', { trail: trail.name }) : verdict.passed('SEEN', { trail: trail.name }),",
        '    ),',
        '});',
      ].join('\n'),
    );
    const tsc = path.join(REPOSITORY, 'node_modules', 'typescript', 'bin', 'tsc');
    const typed = await runProcess(
      process.execPath,
      [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--target', 'es2023', 'probe.ts'],
      { cwd: project, env: { PATH: process.env['PATH'] ?? '' } },
    );
    expect(typed.stdout + typed.stderr).toBe('');
    expect(typed.code).toBe(0);
    const script =
      "import { defineCheck, judgeTrails, z } from 'trailscan/check'; console.log([defineCheck, judgeTrails, z.object].map((f) => typeof f).join(' '))";
    const imported = await runProcess(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    expect(imported.stdout.trim(), imported.stderr).toBe('function function function');
  }, 120_000);

  it('loaded from a directory with --checks-dir: its failures are in the gate and in every report format, each marked as from a plugin', async () => {
    const scan = await scanWithPlugins('directory', { failOn: 'high', parameters: PARAMETERS }, [
      '--checks-dir',
      'acme-checks',
    ]);
    expectBesideBuiltIns(scan);
    // acme.central-log-bucket is HIGH: its failure alone trips --fail-on high.
    expect(scan.report.gate).toMatchObject({ exitCode: 3, gatedFailures: 1 });
    expect(scan.code).toBe(3);

    expect(scan.json.results).toEqual(scan.report.results);
    expect(sarifProblems(scan.sarif)).toEqual([]);
    const run = (JSON.parse(scan.sarif) as Sarif.Log).runs[0]!;
    expect(run.tool.driver.rules?.find((r) => r.id === 'acme.central-log-bucket')).toMatchObject({
      helpUri:
        'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-receive-logs-from-multiple-accounts.html',
      properties: { source: 'plugin', tags: expect.arrayContaining(['plugin']) },
    });
    expect(run.results?.map((r) => r.ruleId).sort()).toEqual(['acme.central-log-bucket', 'acme.trail-owner-tag']);
    const suites = childrenNamed(parseXml(scan.junit), 'testsuite');
    const suite = suites.find((s) => s.attributes['name']?.startsWith('acme.central-log-bucket:'))!;
    expect(childrenNamed(childrenNamed(suite, 'properties')[0]!, 'property').map((p) => p.attributes)).toContainEqual({
      name: 'source',
      value: 'plugin',
    });
    expect(suite.attributes).toMatchObject({ tests: '3', failures: '1' });
    expect(scan.text).toContain('✗ FAILED  acme.central-log-bucket [plugin] legacy eu-west-1');
    expect(scan.text).toContain('? N/A     acme.trail-owner-tag [plugin] audit us-west-2');
    expect(scan.text).toContain('Exit 3: 1 failed result at or above high');
    // The finding formats name the source of every finding's check.
    const pluginResults = scan.report.results.filter((r) => r.checkSource === 'plugin').length;
    const fromPlugins = scan.asff.filter((f) => f.GeneratorId.startsWith('trailscan/acme.'));
    expect(fromPlugins.map((f) => f.ProductFields['trailscan/Source'])).toEqual(
      Array(pluginResults).fill('plugin check'),
    );
    expect(scan.ocsf.filter((e) => e.unmapped.trailscan.source === 'plugin check')).toHaveLength(pluginResults);
    // The HTML report's controls table: the control's row names its source.
    expect(scan.html).toMatch(/>acme\.central-log-bucket<\/a><\/th>\s*<td>[^<]*<\/td>\s*<td>plugin check<\/td>/);
  });

  it('installed as a package, named in the config: the same verdicts, and a suppression takes its failure out of the gate', async () => {
    const scan = await scanWithPlugins('package', {
      plugins: ['@acme/trailscan-checks'],
      failOn: 'high',
      parameters: PARAMETERS,
      suppressions: [
        { check: 'acme.central-log-bucket', resource: '*:trail/legacy', reason: 'Moves to the archive in Q3' },
      ],
    });
    expectBesideBuiltIns(scan, 'PASSED');
    const suppressed = scan.report.results.filter((r) => r.suppressed !== undefined);
    expect(suppressed.map((r) => `${r.checkId} ${r.resource.name} ${r.suppressed?.reason}`)).toEqual([
      'acme.central-log-bucket legacy Moves to the archive in Q3',
    ]);
    // Nothing gated fails any more, but the owner tag of audit could not be read: incomplete, never clean.
    expect(scan.report.gate).toMatchObject({ exitCode: 4, gatedFailures: 0, complete: false });
    expect(scan.code).toBe(4);
    const run = (JSON.parse(scan.sarif) as Sarif.Log).runs[0]!;
    expect(run.results?.map((r) => r.ruleId)).toEqual(['acme.trail-owner-tag']);
    expect(scan.junit).toContain('SUPPRESSED FAILED: Trail legacy delivers to');
    expect(scan.text).toContain('[suppressed: Moves to the archive in Q3]');
  });
});
