import { randomBytes } from 'node:crypto';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { resourcePath } from '../../reporters/locations.js';
import { GITHUB_LIMITS, SARIF_SCHEMA_URI, renderSarif as sarifReporter } from '../../reporters/sarif.js';
import { renderSarif } from './render.js';
import type { CheckMetadata } from '../../src/model/check.js';
import type { ScanReport } from '../../src/model/report.js';
import type { Result } from '../../src/model/result.js';
import { inventory, trail } from '../fixtures/inventory.js';
import { fixtureChecks, incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';
import { everyControlFailingReport, everyStatusInventory, everyStatusReport, options, rescanned } from './reports.js';
import { sarifProblems, sarifSchema } from './sarif-checks.js';

const render = (report: ScanReport, checks: readonly CheckMetadata[] = fixtureChecks) =>
  renderSarif(report, { ...options, checks });
const runOf = (report: ScanReport, checks?: readonly CheckMetadata[]): Sarif.Run => {
  const log = JSON.parse(render(report, checks)) as Sarif.Log;
  return log.runs[0]!;
};
const fingerprints = (run: Sarif.Run) =>
  (run.results ?? []).map((r) => r.partialFingerprints?.['primaryLocationLineHash']);
const resourceOf = (result: Sarif.Result) => (result.properties as { resource: Result['resource'] }).resource;
const firstFailure = (report: ScanReport) => report.results.find((r) => r.status === 'FAILED')!;

describe('renderSarif', () => {
  it.each<[string, () => ScanReport]>([
    ['a healthy account', () => reportOf(inventory())],
    ['an account with failures', () => reportOf(mixedInventory())],
    ['an account failing every control', everyControlFailingReport],
    ['an incomplete scan', () => reportOf(incompleteInventory(), { failOn: 'none' })],
    ['every status, a suppression and collection errors', everyStatusReport],
  ])('writes valid SARIF 2.1.0 that GitHub code scanning accepts, for %s', (_, build) => {
    expect(sarifProblems(render(build()))).toEqual([]);
  });

  it('points $schema at the schema the file is validated against', () => {
    const log = JSON.parse(render(everyStatusReport())) as Sarif.Log;
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(sarifSchema['id']).toBe(SARIF_SCHEMA_URI);
  });

  it('describes every check as a rule, in order, whether or not it has findings', () => {
    const rules = runOf(reportOf(inventory())).tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(fixtureChecks.map((c) => c.id));
    fixtureChecks.forEach((check, i) => {
      const rule = rules[i]!;
      expect(rule.shortDescription?.text).toBe(check.title);
      expect(rule.fullDescription?.text).toBe(check.description);
      expect(rule.helpUri).toBe(check.documentationUrl);
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      for (const url of [check.documentationUrl, ...check.references]) expect(rule.help?.markdown).toContain(url);
      expect(rule.properties?.tags).toEqual(expect.arrayContaining(['security', 'aws', 'cloudtrail']));
    });
  });

  it('puts the remediation of the findings in the rule help, Markdown-escaped', () => {
    const rule = runOf(reportOf(mixedInventory())).tool.driver.rules?.find((r) => r.id === 'CloudTrail.2');
    expect(rule?.help?.text).toContain('(replace <kms-key-arn>)');
    expect(rule?.help?.markdown).toContain('(replace \\<kms-key-arn\\>)');
  });

  it.each([
    ['CloudTrail.6', 'CRITICAL', 'error', '9.5'],
    ['CloudTrail.1', 'HIGH', 'error', '8.0'],
    ['CloudTrail.2', 'MEDIUM', 'warning', '5.5'],
    ['CloudTrail.4', 'LOW', 'note', '2.0'],
  ])('maps %s (%s) to level %s and security-severity "%s"', (id, severity, level, score) => {
    const run = runOf(everyControlFailingReport());
    const rule = run.tool.driver.rules?.find((r) => r.id === id);
    expect(fixtureChecks.find((c) => c.id === id)?.severity).toBe(severity);
    expect(rule?.defaultConfiguration?.level).toBe(level);
    expect(rule?.properties?.['security-severity']).toBe(score);
    const results = (run.results ?? []).filter((r) => r.ruleId === id);
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(result.level).toBe(level);
  });

  it('reports only unsuppressed FAILED results: no pass, warning, unavailable or suppressed one', () => {
    const report = everyStatusReport();
    const statuses = new Set(report.results.map((r) => (r.suppressed ? 'suppressed' : r.status)));
    expect(statuses).toEqual(new Set(['PASSED', 'FAILED', 'WARNING', 'NOT_AVAILABLE', 'suppressed']));
    const expected = report.results.filter((r) => r.status === 'FAILED' && r.suppressed === undefined);
    const results = runOf(report).results ?? [];
    expect(results.map((r) => [r.ruleId, resourceOf(r).id])).toEqual(expected.map((r) => [r.checkId, r.resource.id]));
    expect(results).toHaveLength(3);
  });

  it('locates each result at its resource pseudo-path, with the ARN as a logical location', () => {
    const results = runOf(everyStatusReport()).results ?? [];
    for (const result of results) {
      const resource = resourceOf(result);
      const [location] = result.locations ?? [];
      expect(location?.physicalLocation?.artifactLocation?.uri).toBe(resourcePath(resource));
      expect(location?.physicalLocation?.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
      expect(location?.logicalLocations).toEqual([
        { name: resource.name, fullyQualifiedName: resource.id, kind: 'resource' },
      ]);
    }
  });

  it('writes the reason as the message, and the remediation commands in its Markdown', () => {
    const report = reportOf(mixedInventory());
    const failure = firstFailure(report);
    const [result] = runOf(report).results ?? [];
    expect(result?.message.text).toBe(`${failure.reason}.`);
    for (const command of failure.remediation?.commands ?? []) expect(result?.message.markdown).toContain(command);
    expect(result?.properties).toMatchObject({ reasonCode: failure.reasonCode, evidence: failure.evidence });
  });

  it('keeps AWS data inside its Markdown: backticks and a newline cannot close the code block or start a heading', () => {
    const name = 'x```\n# Heading\n<img src=x onerror=alert(1)>&lt;';
    const report = reportOf(inventory({ trails: [trail({ name, logFileValidationEnabled: false })] }));
    const markdown = runOf(report).results?.[0]?.message.markdown ?? '';
    const lines = markdown.split('\n');
    const open = lines.findIndex((line) => /^`{3,}sh$/.test(line));
    const fence = lines[open]?.replace('sh', '') ?? '';
    expect(fence.length).toBeGreaterThan(3);
    expect(lines.slice(open + 1).findIndex((line) => line === fence)).toBe(1);
    expect(lines.filter((line) => line.startsWith('#'))).toEqual([]);
    // Outside the code block (inside it nothing is rendered) the name is text, not HTML or an entity.
    const prose = lines.slice(0, open).join('\n');
    expect(prose).not.toMatch(/(?<!\\)<img/);
    expect(prose).toContain('\\&lt;');
  });

  describe('fingerprints', () => {
    it('stay the same when the same account is scanned again, later and by another version', () => {
      const first = runOf(rescanned(everyStatusInventory(), new Date('2026-11-20T10:00:00Z')));
      const second = runOf(rescanned(everyStatusInventory(), new Date('2027-02-03T04:05:06Z')));
      expect(second.invocations?.[0]?.startTimeUtc).not.toBe(first.invocations?.[0]?.startTimeUtc);
      expect(second.tool.driver.version).toBe('9.9.9');
      expect(fingerprints(second)).toEqual(fingerprints(first));
      expect(fingerprints(runOf(everyStatusReport()))).toEqual(fingerprints(first));
    });

    it('differ between resources and between controls on the same resource', () => {
      const run = runOf(reportOf(mixedInventory()));
      const hashes = fingerprints(run);
      const legacyTrail = (run.results ?? []).filter((r) => resourceOf(r).name === 'legacy');
      expect(new Set(legacyTrail.map((r) => r.ruleId)).size).toBeGreaterThan(1);
      expect(hashes.length).toBe(5);
      expect(new Set(hashes).size).toBe(hashes.length);
      for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{16}:1$/);
    });

    it('number a repeated finding so it stays a distinct alert', () => {
      const report = reportOf(mixedInventory());
      const failure = firstFailure(report);
      const run = runOf({ ...report, results: [failure, failure] });
      const [first, second] = fingerprints(run);
      expect(first).toMatch(/:1$/);
      expect(second).toBe(first?.replace(/:1$/, ':2'));
    });
  });

  describe('scan completeness', () => {
    it('marks a complete scan successful, with only notes about Regions skipped by design', () => {
      const report = reportOf(mixedInventory());
      const [invocation] = runOf(report).invocations ?? [];
      expect(report.gate.complete).toBe(true);
      expect(invocation).toMatchObject({
        executionSuccessful: true,
        startTimeUtc: report.scan.startedAt,
        endTimeUtc: report.scan.finishedAt,
        exitCode: report.gate.exitCode,
      });
      expect(invocation?.toolExecutionNotifications?.map((n) => [n.level, n.message.text])).toEqual([
        ['note', 'Region af-south-1 was not scanned: not opted in.'],
      ]);
    });

    it('marks an incomplete scan unsuccessful and says what was not evaluated, and why', () => {
      const report = everyStatusReport();
      const run = runOf(report);
      const [invocation] = run.invocations ?? [];
      expect(report.gate.complete).toBe(false);
      expect(invocation?.executionSuccessful).toBe(false);
      const notifications = invocation?.toolExecutionNotifications ?? [];
      const descriptors = run.tool.driver.notifications ?? [];
      for (const n of notifications) expect(descriptors[n.descriptor?.index ?? -1]?.id).toBe(n.descriptor?.id);
      const rules = run.tool.driver.rules ?? [];
      for (const n of notifications.filter((n) => n.associatedRule)) {
        expect(rules[n.associatedRule?.index ?? -1]?.id).toBe(n.associatedRule?.id);
      }

      const notEvaluated = report.results.filter((r) => r.status === 'NOT_AVAILABLE' && !r.suppressed);
      expect(notifications.filter((n) => n.descriptor?.id === 'TS1001').map((n) => n.associatedRule?.id)).toEqual(
        notEvaluated.map((r) => r.checkId),
      );
      const failedCalls = notifications.filter((n) => n.descriptor?.id === 'TS1002');
      expect(failedCalls).toHaveLength(report.errors.length);
      report.errors.forEach((error, i) => {
        expect(failedCalls[i]?.level).toBe('error');
        expect(failedCalls[i]?.message.text).toContain(`${error.operation} in ${error.region}`);
        expect(failedCalls[i]?.message.text).toContain(error.code);
      });
    });

    it('files each account under its own category', () => {
      expect(runOf(reportOf(mixedInventory())).automationDetails).toEqual({ id: 'trailscan/aws/111122223333/' });
    });
  });

  it('renders the same report to the same bytes', () => {
    expect(render(everyStatusReport())).toBe(render(everyStatusReport()));
  });

  it('leaves INFORMATIONAL failures out: GitHub would show them without a security severity', () => {
    const report = reportOf(mixedInventory());
    const informational = fixtureChecks.map((c) =>
      c.id === 'CloudTrail.2' ? { ...c, severity: 'INFORMATIONAL' as const } : c,
    );
    const downgraded = report.results.map((r) =>
      r.checkId === 'CloudTrail.2' ? { ...r, severity: 'INFORMATIONAL' as const } : r,
    );
    const run = runOf({ ...report, results: downgraded }, informational);
    expect(run.results?.map((r) => r.ruleId)).not.toContain('CloudTrail.2');
    expect(run.tool.driver.rules?.[1]?.properties?.['security-severity']).toBe('0.0');
  });

  describe('GitHub limits', () => {
    const manyCompliance: CheckMetadata = {
      ...fixtureChecks[0]!,
      description: 'x'.repeat(2000),
      compliance: { 'Framework A': Array.from({ length: 30 }, (_, i) => `1.${i}`) },
    };

    it('keeps at most 20 tags, the full compliance mapping staying in the rule properties', () => {
      const rule = runOf(reportOf(inventory()), [manyCompliance]).tool.driver.rules?.[0];
      expect(rule?.properties?.tags).toHaveLength(GITHUB_LIMITS.tagsPerRule);
      expect(rule?.properties?.['compliance']).toEqual(manyCompliance.compliance);
    });

    it('cuts descriptions at 1,024 characters, the help keeping the whole text', () => {
      const rule = runOf(reportOf(inventory()), [manyCompliance]).tool.driver.rules?.[0];
      expect(rule?.fullDescription?.text).toHaveLength(GITHUB_LIMITS.descriptionChars);
      expect(rule?.help?.text).toContain(manyCompliance.description);
    });

    it('refuses more results than GitHub takes in one run, in one line', () => {
      const report = reportOf(mixedInventory());
      const failure = firstFailure(report);
      const results = Array.from({ length: GITHUB_LIMITS.resultsPerRun + 1 }, (_, i) => ({
        ...failure,
        resource: { ...failure.resource, id: `${failure.resource.id}-${i}` },
      }));
      expect(sarifReporter({ ...report, results }, options)).toEqual({
        ok: false,
        error:
          "SARIF: 25,001 results of account 111122223333 exceed GitHub code scanning's limit of 25,000 per run; narrow the scan with --regions or --checks",
      });
    });

    it('refuses a file larger than GitHub takes', () => {
      const report = reportOf(mixedInventory());
      const failure = firstFailure(report);
      const noise = randomBytes(11_000_000).toString('base64');
      const huge = { ...failure, evidence: { noise } };
      expect(sarifReporter({ ...report, results: [huge] }, options)).toEqual({
        ok: false,
        error: expect.stringMatching(/^SARIF: the file exceeds .* bytes gzipped/),
      });
    });
  });

  it('fails clearly when a result belongs to a check it was not given', () => {
    const withoutBucketChecks = fixtureChecks.filter((c) => c.id !== 'CloudTrail.6');
    expect(() => render(reportOf(mixedInventory()), withoutBucketChecks)).toThrow(
      'SARIF: the report has results for CloudTrail.6 but no check metadata for it',
    );
  });
});
