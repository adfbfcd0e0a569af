/**
 * A whole organization through the built CLI and the real SDK: ListAccounts from the management account,
 * AssumeRole into each member, one account that cannot be entered, one suspended, and one that does not
 * answer; every report format validated.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import {
  buildWorld,
  loadScenario,
  parseScenario,
  startSandbox,
  type Scenario,
  type ScenarioInput,
} from '../../src/sandbox/index.js';
import { multitoolFindings } from '../reporters/multitool.js';
import { sarifProblems } from '../reporters/sarif-checks.js';
import { childrenNamed, parseXml } from '../reporters/xml.js';
import { isolatedEnv, runCli, type CliRun } from '../support/cli.js';

const validateReport = new Ajv2020({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object,
);

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const WORKLOADS = '333333333333';
const LOCKED = '444444444444';
const RETIRED = '555555555555';
const ORG_TRAIL = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/organization-trail`;

/** Runs `scans` (argument lists) as the scenario's account `as` (the management account by default) against one sandbox. */
async function scansOf(scenario: Scenario | ScenarioInput, scans: string[][], as = 0): Promise<CliRun[]> {
  const sandbox = await startSandbox(parseScenario(scenario, 'organization test'));
  try {
    const keys = sandbox.accounts[as]!;
    const env = isolatedEnv({
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_REGION: 'us-east-1',
    });
    return await Promise.all(scans.map((args) => runCli(args, { env })));
  } finally {
    await sandbox.close();
  }
}

async function scanOrganization(scenario: Scenario | ScenarioInput, flags: string[], as = 0) {
  const [run] = await scansOf(scenario, [['scan', ...flags]], as);
  return run!;
}

const dir = mkdtempSync(path.join(tmpdir(), 'trailscan-organization-'));
const at = (name: string) => path.join(dir, name);

const byAccount = (report: ScanReport, accountId: string) =>
  report.results.filter((r) => r.resource.accountId === accountId);

describe.concurrent('scanning an organization', { timeout: 120_000 }, () => {
  it('five accounts: the organization trail judged once, one account not assumable, one suspended, exit 4, every format valid', async () => {
    // The controls an organization trail covers, and the account controls judged on its event selectors.
    const run = await scanOrganization(await loadScenario('organization'), [
      '--organization',
      '--checks',
      'CloudTrail.1,CloudTrail.2,CloudTrail.3,CloudTrail.4,CloudTrail.5,CloudTrail.6,CloudTrail.7,KMS.4,S3.22,S3.23',
      '--fail-on',
      'high',
      '--format',
      'json',
      '-o',
      `sarif=${at('org.sarif')}`,
      '-o',
      `junit=${at('org.junit')}`,
      '-o',
      `text=${at('org.txt')}`,
    ]);
    expect(run.code, run.stderr).toBe(4);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);

    const accounts = report.scan.accounts!;
    expect(accounts.organization).toBe(true);
    expect(accounts.scanned.map((a) => [a.id, a.name])).toEqual([
      [MANAGEMENT, 'management'],
      [MEMBER, 'member'],
      [WORKLOADS, 'workloads'],
    ]);
    expect(accounts.skipped).toEqual([{ id: RETIRED, name: 'retired', reason: 'SUSPENDED' }]);
    expect(accounts.failed).toHaveLength(1);
    expect(accounts.failed[0]).toMatchObject({
      id: LOCKED,
      name: 'locked',
      error: { operation: 'sts:AssumeRole', code: 'AccessDenied' },
    });
    expect(byAccount(report, RETIRED)).toEqual([]);

    // The account that could not be entered: NOT_AVAILABLE for every control, naming the failed call.
    const locked = byAccount(report, LOCKED);
    expect(locked.map((r) => r.checkId).sort()).toEqual(report.scan.checks.slice().sort());
    for (const result of locked) {
      expect(result).toMatchObject({ status: 'NOT_AVAILABLE', reasonCode: 'API_ERROR' });
      expect(result.errors?.[0]).toMatchObject({ operation: 'sts:AssumeRole', code: 'AccessDenied' });
    }

    // Members covered by the management account's organization trail, named as the trail that covers them.
    for (const member of [MEMBER, WORKLOADS]) {
      const results = byAccount(report, member);
      expect(results.find((r) => r.checkId === 'CloudTrail.1')).toMatchObject({
        status: 'PASSED',
        reasonCode: 'ORGANIZATION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
        evidence: { trail: ORG_TRAIL },
      });
      const perRegion = results.filter((r) => r.checkId === 'CloudTrail.3');
      expect(perRegion).toHaveLength(4);
      for (const r of perRegion) expect(r.reason).toContain('organization-trail');
      // The organization trail records management events only, as its owner read it: every account fails
      // S3.22/S3.23 with the same reason, the members as well as the owner.
      for (const check of ['S3.22', 'S3.23']) {
        for (const account of [MANAGEMENT, member]) {
          expect(byAccount(report, account).find((r) => r.checkId === check)).toMatchObject({
            status: 'FAILED',
            reasonCode: 'S3_OBJECT_EVENTS_NOT_RECORDED',
          });
        }
      }
      // Judged once: no member repeats the organization trail or its bucket as "evaluate it elsewhere".
      expect(results.filter((r) => r.resource.id === ORG_TRAIL)).toEqual([]);
      expect(results.filter((r) => r.status === 'WARNING')).toEqual([]);
    }
    // The organization trail and its bucket are the management account's, judged there only.
    const orgTrailResults = report.results.filter((r) => r.resource.id === ORG_TRAIL);
    expect(orgTrailResults.map((r) => r.checkId).sort()).toEqual(['CloudTrail.2', 'CloudTrail.4', 'CloudTrail.5']);
    expect(new Set(orgTrailResults.map((r) => r.resource.accountId))).toEqual(new Set([MANAGEMENT]));
    expect(
      report.results.filter((r) => r.resource.id === `arn:aws:s3:::org-cloudtrail-${MANAGEMENT}`).map((r) => r.status),
    ).toEqual(['PASSED', 'PASSED']);
    // Every failed call carries its account.
    expect(report.errors.map((e) => [e.accountId, e.operation])).toEqual([[LOCKED, 'sts:AssumeRole']]);
    // The caller is identified once: AssumeRole already says who the scan is in each member.
    expect(report.scan.apiCalls.byOperation['sts:GetCallerIdentity']).toBe(1);
    const entered = report.scan.accounts?.scanned.filter((a) => a.id !== MANAGEMENT).length ?? 0;
    expect(entered).toBeGreaterThan(0);

    // SARIF: one run per account, one category each, valid for the schema, GitHub and Multitool.
    const sarifText = readFileSync(at('org.sarif'), 'utf8');
    expect(sarifProblems(sarifText)).toEqual([]);
    const sarif = JSON.parse(sarifText) as Sarif.Log;
    expect(sarif.runs.map((r) => r.automationDetails?.id)).toEqual(
      [MANAGEMENT, MEMBER, WORKLOADS, LOCKED].sort().map((id) => `trailscan/aws/${id}/`),
    );
    expect(sarif.runs.find((r) => r.properties?.['accountId'] === LOCKED)?.invocations?.[0]?.executionSuccessful).toBe(
      false,
    );
    expect(await multitoolFindings('organization', sarifText)).toEqual([]);

    // JUnit: one suite per account and control.
    const junit = parseXml(readFileSync(at('org.junit'), 'utf8'));
    const suites = childrenNamed(junit, 'testsuite').map((s) => s.attributes['name'] ?? '');
    expect(suites).toHaveLength(4 * report.scan.checks.length);
    expect(suites).toContain(`${LOCKED} CloudTrail.1: ${report.summary.controls[0]?.title ?? ''}`);

    // Text: grouped by account, the failed and skipped ones said as such.
    const text = readFileSync(at('org.txt'), 'utf8');
    expect(text).toContain(`Account ${LOCKED} (locked) — not scanned: sts:AssumeRole failed: AccessDenied`);
    expect(text).toMatch(new RegExp(`Accounts not scanned\\n  ${RETIRED} \\(retired\\): SUSPENDED`));
    expect(text.indexOf(`Account ${MANAGEMENT}`)).toBeLessThan(text.indexOf(`Account ${MEMBER}`));
  });

  it('an account that does not answer fails alone, with the call that timed out; the others complete', async () => {
    const scenario = await loadScenario('organization');
    scenario.faults.push({ operation: '*', accountId: WORKLOADS, error: 'hang', latencyMs: 0, seed: 1 });
    const run = await scanOrganization(scenario, [
      '--organization',
      '--fail-on',
      'high',
      '--format',
      'json',
      '--quiet',
      '--timeout',
      '4',
      '--max-attempts',
      '1',
    ]);
    expect(run.code, run.stderr).toBe(4);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.scan.accounts?.failed.map((a) => [a.id, a.error.code])).toEqual([
      [WORKLOADS, 'TimeoutError'],
      [LOCKED, 'AccessDenied'],
    ]);
    expect(report.scan.accounts?.scanned.map((a) => a.id)).toEqual([MANAGEMENT, MEMBER]);
    expect(byAccount(report, MEMBER).find((r) => r.checkId === 'CloudTrail.1')?.status).toBe('PASSED');
  });

  it('--accounts narrows the organization; --exclude-accounts leaves some out', async () => {
    const run = await scanOrganization(await loadScenario('organization'), [
      '--organization',
      '--accounts',
      `${MEMBER},${WORKLOADS},${RETIRED}`,
      '--exclude-accounts',
      WORKLOADS,
      '--format',
      'json',
      '--quiet',
    ]);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.scan.accounts?.scanned.map((a) => a.id)).toEqual([MEMBER]);
    expect(report.scan.accounts?.skipped.map((a) => a.id)).toEqual([RETIRED]);
    // Without its management account in the scan, the member keeps the organization trail's WARNING.
    expect(byAccount(report, MEMBER).find((r) => r.checkId === 'CloudTrail.1')).toMatchObject({
      status: 'WARNING',
      reasonCode: 'ORGANIZATION_TRAIL_UNREADABLE',
    });
  });

  it('a caller that may not list the organization is one line, exit 2', async () => {
    const run = await scanOrganization(await loadScenario('organization'), ['--organization', '--quiet'], 1);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "trailscan: cannot list the organization's accounts (organizations:ListAccounts failed: AccessDeniedException); run it from the management account or a delegated administrator, with organizations:ListAccounts granted, or name the accounts with --accounts\n",
    );
  });

  it('an external id the role requires is passed', async () => {
    const scenario = await loadScenario('organization');
    const member = scenario.accounts.find((a) => a.accountId === MEMBER)!;
    member.roles = [{ name: 'Auditor', externalId: 'org-audit-7' }];
    const flags = ['--accounts', MEMBER, '--role-name', 'Auditor', '--format', 'json', '--quiet'];
    const without = JSON.parse((await scanOrganization(scenario, flags)).stdout) as ScanReport;
    expect(without.scan.accounts?.failed.map((a) => a.id)).toEqual([MEMBER]);
    const withId = JSON.parse(
      (await scanOrganization(scenario, [...flags, '--external-id', 'org-audit-7'])).stdout,
    ) as ScanReport;
    expect(withId.scan.accounts?.scanned.map((a) => a.id)).toEqual([MEMBER]);
  });

  it('shards 1/3, 2/3 and 3/3 merged equal one scan of the whole organization, result for result', async () => {
    // The organization trail's owner falls in one shard only: the others still judge their members by it.
    const world = buildWorld({
      regions: 3,
      members: 13,
      memberTrails: true,
      suspendedMembers: 1,
      unassumableMembers: 1,
    });
    const flags = ['--organization', '--format', 'json', '--quiet', '--fail-on', 'high'];
    const runs = await scansOf(world, [
      ['scan', ...flags],
      ...[1, 2, 3].map((k) => ['scan', ...flags, '--shard', `${k}/3`, '-o', `json=${at(`shard-${k}.json`)}`]),
    ]);
    const [whole, ...shards] = runs.map((r) => JSON.parse(r.stdout) as ScanReport);
    for (const shard of shards) {
      expect(validateReport(shard), JSON.stringify(validateReport.errors)).toBe(true);
      expect(shard.scan.accounts?.scanned.length).toBeGreaterThan(0);
    }
    const merge = await runCli([
      'merge',
      ...[1, 2, 3].map((k) => at(`shard-${k}.json`)),
      '--format',
      'json',
      '--quiet',
    ]);
    const merged = JSON.parse(merge.stdout) as ScanReport;
    expect(validateReport(merged), JSON.stringify(validateReport.errors)).toBe(true);
    expect(merged.results).toEqual(whole!.results);
    expect(merged.summary).toEqual(whole!.summary);
    expect(merged.gate).toEqual(whole!.gate);
    expect(merge.code).toBe(runs[0]!.code);
    const { shard: _shard, ...accounts } = merged.scan.accounts!;
    expect(accounts).toEqual(whole!.scan.accounts);
    expect(merged.scan.accounts?.scanned).toHaveLength(12);

    // The same shard twice, or reports of another version, are refused in one line.
    const twice = await runCli(['merge', at('shard-1.json'), at('shard-1.json')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^trailscan: .*shard-1\.json and .*shard-1\.json both cover account \d{12}\n$/);
  });
});
