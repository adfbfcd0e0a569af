/**
 * The action's shell steps run as GitHub runs them — scan.sh then conclude.sh, outputs through
 * $GITHUB_OUTPUT — with the built trailscan scanning sandbox worlds through the real SDK.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario, startSandbox, type ScenarioInput } from '../../src/sandbox/index.js';
import { isolatedEnv, runProcess } from '../support/cli.js';
import { bucket, world } from '../e2e/worlds.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ActionRun {
  scanStatus: number | null;
  outputs: Record<string, string>;
  conclusion: { status: number | null; stdout: string };
  log: string;
}

async function runAction(input: ScenarioInput, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const sandbox = await startSandbox(parseScenario(input, 'action test'));
  try {
    const workspace = mkdtempSync(path.join(tmpdir(), 'trailscan-action-'));
    const outputFile = path.join(workspace, 'github-output');
    writeFileSync(outputFile, '');
    const keys = sandbox.accounts[0]!;
    const env = isolatedEnv({
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_REGION: 'us-east-1',
      GITHUB_OUTPUT: outputFile,
      TRAILSCAN_HOME: ROOT,
      INPUT_FAIL_ON: 'low',
      INPUT_OUTPUT_DIR: 'trailscan-results',
      INPUT_UPLOAD_SARIF: 'true',
      INPUT_UPLOAD_INCOMPLETE: 'false',
      ...inputs,
    });
    const scan = await runProcess(path.join(ROOT, 'action/scan.sh'), [], { cwd: workspace, env });
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const conclude = await runProcess(path.join(ROOT, 'action/conclude.sh'), [], {
      cwd: workspace,
      env: {
        ...env,
        SCAN_EXIT_CODE: outputs['exit-code'] ?? '',
        INPUT_FAIL_ON_INCOMPLETE: inputs['INPUT_FAIL_ON_INCOMPLETE'] ?? 'true',
      },
    });
    return {
      scanStatus: scan.code,
      outputs,
      conclusion: { status: conclude.code, stdout: conclude.stdout },
      log: scan.stdout + scan.stderr,
    };
  } finally {
    await sandbox.close();
  }
}

const incompleteWorld = world({
  faults: [{ operation: 'cloudtrail:DescribeTrails', region: 'eu-west-1', error: 'access-denied' }],
});

describe.concurrent('the action against the sandbox', () => {
  it('a compliant account: exit 0, complete, SARIF uploaded, job passes', async () => {
    const run = await runAction(world());
    expect(run.scanStatus).toBe(0);
    expect(run.outputs).toMatchObject({ 'exit-code': '0', complete: 'true', upload: 'true' });
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toEqual([]);
    expect(run.conclusion.status).toBe(0);
  });

  it('failures: exit 3, SARIF with the findings uploaded, then the job fails', async () => {
    const run = await runAction(
      world({ buckets: [bucket({ grants: [{ group: 'AllUsers', permission: 'READ' }], logging: undefined })] }),
    );
    expect(run.outputs).toMatchObject({ 'exit-code': '3', complete: 'true', upload: 'true' });
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId).sort()).toEqual(['CloudTrail.6', 'CloudTrail.7']);
    expect(readFileSync(run.outputs['junit-file']!, 'utf8')).toContain('<testsuites');
    expect(run.conclusion).toMatchObject({ status: 3 });
  });

  it('an incomplete scan is not uploaded, and fails the job by default', async () => {
    const run = await runAction(incompleteWorld);
    expect(run.outputs).toMatchObject({ 'exit-code': '4', complete: 'false', upload: 'false' });
    expect(run.log).toContain('::warning title=trailscan::The scan was incomplete');
    expect(run.conclusion.status).toBe(4);
  });

  it('an incomplete scan is uploaded and tolerated when asked', async () => {
    const run = await runAction(incompleteWorld, {
      INPUT_UPLOAD_INCOMPLETE: 'true',
      INPUT_FAIL_ON_INCOMPLETE: 'false',
    });
    expect(run.outputs).toMatchObject({ 'exit-code': '4', complete: 'false', upload: 'true' });
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as {
      runs: { invocations: { executionSuccessful: boolean }[] }[];
    };
    expect(sarif.runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
    expect(run.conclusion.status).toBe(0);
  });

  it('narrows the scan with the regions, checks and category inputs', async () => {
    const run = await runAction(world(), {
      INPUT_REGIONS: 'us-east-1',
      INPUT_CHECKS: 'CloudTrail.3',
      INPUT_CATEGORY: 'prod-audit',
    });
    const report = JSON.parse(readFileSync(run.outputs['report-file']!, 'utf8')) as {
      scan: { regions: { scanned: string[] }; checks: string[] };
    };
    expect(report.scan.regions.scanned).toEqual(['us-east-1']);
    expect(report.scan.checks).toEqual(['CloudTrail.3']);
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as {
      runs: { automationDetails: { id: string } }[];
    };
    expect(sarif.runs[0]?.automationDetails.id).toBe('prod-audit/');
  });
});
