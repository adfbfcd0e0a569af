/**
 * The user-facing workflows of the built CLI: the demo, report files, saving and re-evaluating an
 * inventory, the config file, and the foreground sandbox.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { loadScenario } from '../../src/sandbox/index.js';
import { CLI, isolatedEnv, runCli, runProcess } from '../support/cli.js';
import { verdicts } from './scan-world.js';

const dir = mkdtempSync(path.join(tmpdir(), 'trailscan-workflow-'));
const at = (name: string) => path.join(dir, name);
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[/;

// Several CLIs run at once here; on a busy 2-CPU machine each takes far longer than alone.
describe.concurrent('workflows', { timeout: 120_000 }, () => {
  it('trailscan demo: the sample account, text report, progress on stderr, exit 3, no escape codes when piped', async () => {
    const { NO_COLOR: _noColor, CI: _ci, ...env } = isolatedEnv();
    const run = await runCli(['demo'], { env });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('✗ FAILED  CloudTrail.6  demo-eu-trail-123456789012 eu-west-1');
    // The demo's key without rotation and its event data store on a key AWS owns.
    expect(run.stdout).toContain('✗ FAILED  KMS.4         3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d us-east-2');
    expect(run.stdout).toContain('✗ FAILED  CloudTrail.10 audit-lake us-east-1');
    expect(run.stdout).toMatch(/^Exit 3: 7 failed results at or above low$/m);
    expect(run.stderr).toContain('trailscan: scanning 5 Regions, skipping af-south-1 (not enabled)');
    expect(run.stdout).not.toMatch(ESCAPE);
    expect(run.stderr).not.toMatch(ESCAPE);
  });

  it('one scan writes every format with -o, saves its inventory, and evaluate gives the same report offline', async () => {
    const outputs = ['json', 'sarif', 'junit', 'text', 'html', 'asff', 'ocsf'].flatMap((format) => [
      '-o',
      `${format}=${at(`demo.${format}`)}`,
    ]);
    const scan = await runCli([
      'demo',
      '--format',
      'json',
      '--quiet',
      '--save-inventory',
      at('inventory.json'),
      ...outputs,
    ]);
    expect(scan.code).toBe(3);
    const live = JSON.parse(scan.stdout) as ScanReport;
    expect(JSON.parse(readFileSync(at('demo.json'), 'utf8'))).toMatchObject({ results: live.results, gate: live.gate });
    expect((JSON.parse(readFileSync(at('demo.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
    expect(readFileSync(at('demo.junit'), 'utf8')).toMatch(/^<\?xml/);
    expect(readFileSync(at('demo.text'), 'utf8')).toContain('Exit 3:');

    const offline = await runCli(['evaluate', at('inventory.json'), '--format', 'json']);
    expect(offline.code).toBe(scan.code);
    const evaluated = JSON.parse(offline.stdout) as ScanReport;
    expect(verdicts(evaluated)).toEqual(verdicts(live));
    expect(evaluated.scan.source).toBe('inventory');

    const sarif = await runCli(['evaluate', at('inventory.json'), '--format', 'sarif']);
    const liveSarif = JSON.parse(readFileSync(at('demo.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    const offlineSarif = JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] };
    expect(offlineSarif.runs[0]?.results).toEqual(liveSarif.runs[0]?.results);
    const junit = await runCli(['evaluate', at('inventory.json'), '--format', 'junit']);
    const testcases = (xml: string) => xml.match(/<testcase /g)?.length;
    expect(testcases(junit.stdout)).toBe(testcases(readFileSync(at('demo.junit'), 'utf8')));

    // The finding formats: the same findings, by id and status, from the live scan and offline.
    expect(readFileSync(at('demo.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*Gate failed: exit code 3/);
    for (const [format, key] of [
      ['asff', (f: Record<string, unknown>) => [f['Id'], (f['Compliance'] as { Status: string }).Status]],
      ['ocsf', (f: Record<string, unknown>) => [(f['finding_info'] as { uid: string }).uid, f['status_code']]],
    ] as const) {
      const written = JSON.parse(readFileSync(at(`demo.${format}`), 'utf8')) as Record<string, unknown>[];
      expect(written).toHaveLength(live.results.length);
      const offlineFindings = await runCli(['evaluate', at('inventory.json'), '--format', format]);
      expect((JSON.parse(offlineFindings.stdout) as Record<string, unknown>[]).map(key)).toEqual(written.map(key));
    }
  });

  it('a config file selects checks, sets the threshold, suppresses with a reason, and reports expired suppressions', async () => {
    const config = at('trailscan.config.yaml');
    writeFileSync(
      config,
      [
        'failOn: medium',
        'suppressions:',
        '  - check: CloudTrail.6',
        '    resource: "arn:aws:s3:::demo-eu-*"',
        '    reason: public dataset bucket, reviewed',
        '  - check: CloudTrail.2',
        '    resource: "*"',
        '    reason: temporary',
        '    expires: 2020-01-31',
      ].join('\n'),
    );
    const run = await runCli(['demo', '--config', config, '--format', 'json']);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.results.find((r) => r.checkId === 'CloudTrail.6' && r.status === 'FAILED')?.suppressed).toMatchObject(
      {
        reason: 'public dataset bucket, reviewed',
      },
    );
    expect(report.suppressions.expired).toEqual([
      { check: 'CloudTrail.2', resource: '*', reason: 'temporary', expires: '2020-01-31' },
    ]);
    expect(report.gate).toMatchObject({ failOn: 'medium', gatedFailures: 3, exitCode: 3 });
    expect(run.stderr).toContain('trailscan: expired suppression CloudTrail.2 * (2020-01-31) no longer applies');

    const lenient = await runCli(['demo', '--config', config, '--fail-on', 'critical', '--quiet']);
    expect(lenient.code).toBe(0);
  });

  it('trailscan sandbox serves a scenario until stopped; trailscan scans it, and verify-logs its digests, like any endpoint', async () => {
    const server = spawn(process.execPath, [CLI, 'sandbox', '--scenario', 'demo', '--port', '0'], {
      env: isolatedEnv(),
    });
    try {
      let printed = '';
      await new Promise<void>((resolve, reject) => {
        server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          printed += chunk;
          if (printed.includes('AWS_REGION=')) resolve();
        });
        server.on('exit', () => {
          reject(new Error(`the sandbox stopped: ${printed}`));
        });
      });
      const variables = Object.fromEntries(
        [...printed.matchAll(/^(?:export )?(AWS_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^'|'$/g, '')]),
      );
      expect(variables['AWS_ENDPOINT_URL']).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      const [scan, verify] = await Promise.all([
        runCli(['--format', 'json', '--quiet'], { env: isolatedEnv(variables) }),
        runCli(['verify-logs', '--verify-log-files', '--quiet'], { env: isolatedEnv(variables) }),
      ]);
      expect(scan.code).toBe(3);
      expect((JSON.parse(scan.stdout) as ScanReport).scan.account.id).toBe('123456789012');
      // The demo's digest chains: intact for the main trail in every Region, a log file and a digest of
      // payments-audit deleted.
      expect(verify.code).toBe(3);
      expect(verify.stdout).toMatch(
        /✗ FAILED {2}trailscan\.digest-chain payments-audit us-east-2\n.*digest missing: s3:\/\/demo-cloudtrail-123456789012\/payments\/AWSLogs\/.*; log file missing: s3:/,
      );
      expect(verify.stdout.match(/✓ PASSED {2}trailscan\.digest-chain management-events /g)).toHaveLength(5);
      expect(verify.stdout).toMatch(/^Results: 1 failed \(1 high\) · 0 warnings · 0 not available · 5 passed$/m);
    } finally {
      server.kill('SIGINT');
    }
  });

  it('a reader that stops early is no error: the exit code stays the gate’s', async () => {
    const run = await runProcess('bash', [
      '-c',
      `set -o pipefail; "${process.execPath}" "${CLI}" demo --quiet | true; echo "exit $?"`,
    ]);
    expect(run.stdout).toBe('exit 3\n');
    expect(run.stderr).toBe('');
  });

  // Every call of this world takes 1.5 s, so a whole scan takes at least four round trips (6 s) and longer
  // on a busy machine: a report on stdout would mean the scan ran to its end instead of stopping.
  it.each([
    { name: 'Ctrl-C (SIGINT)', signal: 'SIGINT', code: 130, line: 'trailscan: interrupted' },
    { name: 'SIGTERM', signal: 'SIGTERM', code: 143, line: 'trailscan: terminated' },
  ] as const)(
    '$name at any moment of a scan stops it with exit $code, one line and no stack trace',
    async ({ signal, code, line }) => {
      const demo = await loadScenario('demo');
      const slow = at(`slow-demo-${signal}.json`);
      writeFileSync(slow, JSON.stringify({ ...demo, faults: [{ operation: '*', latencyMs: 1500 }] }));
      // While starting (config, sandbox, SDK loading), during discovery, mid-scan. Not before Node itself
      // runs the program: until then the signal's default action applies. That takes about as long as
      // `--version` (which loads next to nothing more), measured here; twice that, for two spawns' jitter on
      // a busy machine, is still early in the demo's start-up.
      const startedAt = Date.now();
      await runCli(['--version']);
      const started = 2 * (Date.now() - startedAt);
      for (const delayMs of [started, started + 700, started + 3000]) {
        const child = spawn(process.execPath, [CLI, 'demo', '--scenario', slow], { env: isolatedEnv() });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        const stoppedAt = Date.now();
        child.kill(signal);
        expect(await exited, `${delayMs} ms: ${stderr}`).toBe(code);
        expect(Date.now() - stoppedAt, `${delayMs} ms`).toBeLessThan(10_000);
        expect(stdout).toBe('');
        expect(stderr).toContain(line);
        expect(stderr).not.toMatch(/AbortError|\n\s+at /);
      }
    },
  );

  it('a bad scenario file is one line on stderr and exit 2', async () => {
    writeFileSync(at('bad.yaml'), 'regions: []\naccounts: []\n');
    const run = await runCli(['demo', '--scenario', at('bad.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^trailscan: scenario .*bad\.yaml: regions: /);
  });
});
