import { describe, expect, it } from 'vitest';
import { ASFF_LIMITS } from '../../reporters/asff.js';
import { renderAsff } from './render.js';
import { expectGenerated } from '../support/generated.js';
import type { CheckMetadata } from '../../src/model/check.js';
import type { ScanReport } from '../../src/model/report.js';
import { fixtureChecks, mixedInventory, reportOf } from '../fixtures/report.js';
import { ASFF_SCHEMA_FILE, asffBatchValidator, deriveAsffSchema } from './asff-schema.js';
import {
  everyStatusInventory,
  everyStatusReport,
  multiAccountReport,
  options,
  rescanned,
  FINDING_REPORTS,
} from './reports.js';

interface Finding {
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Region: string;
  Title: string;
  Description: string;
  Severity: { Label: string };
  Resources: { Type: string; Id: string; Partition: string; Region: string }[];
  Compliance: {
    Status: string;
    SecurityControlId?: string;
    RelatedRequirements: string[];
    StatusReasons: { ReasonCode: string }[];
  };
  Workflow: { Status: string };
  Remediation: { Recommendation: { Text: string; Url: string } };
  ProductFields: Record<string, string>;
}

const findingsOf = (report: ScanReport, checks: readonly CheckMetadata[] = fixtureChecks) =>
  JSON.parse(renderAsff(report, { ...options, checks })) as Finding[];

const validateBatch = asffBatchValidator();

/** What BatchImportFindings would say about the file, sent 100 findings at a time as the README does. */
function importProblems(findings: readonly unknown[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < findings.length; i += ASFF_LIMITS.findingsPerBatch) {
    const batch = { Findings: findings.slice(i, i + ASFF_LIMITS.findingsPerBatch) };
    problems.push(...validateBatch(batch).map((p) => `batch ${i / ASFF_LIMITS.findingsPerBatch}: ${p}`));
  }
  return problems;
}

describe('the ASFF schema', () => {
  it('is up to date: the one derived from the vendored Security Hub model', () => {
    expectGenerated(ASFF_SCHEMA_FILE, `${JSON.stringify(deriveAsffSchema(), null, 2)}\n`);
  });

  it.each<[string, (finding: Record<string, unknown>) => void]>([
    ['a required field is missing', (f) => delete f['GeneratorId']],
    ['Severity is missing (required by the user guide, not the model)', (f) => delete f['Severity']],
    [
      'the compliance status is not one of Security Hub’s',
      (f) => ((f['Compliance'] as { Status: string }).Status = 'PASS'),
    ],
    ['the title is longer than 256 characters', (f) => (f['Title'] = 'x'.repeat(257))],
    [
      'a resource carries details nobody validated',
      (f) => ((f['Resources'] as object[])[0] = { Type: 'AwsS3Bucket', Id: 'x', Details: {} }),
    ],
    ['a field is not in the format', (f) => (f['Colour'] = 'red')],
    ['a timestamp is not RFC 3339', (f) => (f['UpdatedAt'] = '20 Nov 2026')],
  ])('rejects a finding where %s', (_, spoil) => {
    const [finding] = findingsOf(everyStatusReport()) as unknown as Record<string, unknown>[];
    expect(importProblems([finding])).toEqual([]);
    spoil(finding!);
    expect(importProblems([finding])).not.toEqual([]);
  });

  it('rejects a batch of more than 100 findings', () => {
    const findings = findingsOf(
      multiAccountReport([
        '111111111111',
        '222222222222',
        '333333333333',
        '444444444444',
        '555555555555',
        '666666666666',
      ]),
    );
    expect(findings.length).toBeGreaterThan(100);
    expect(validateBatch({ Findings: findings })).not.toEqual([]);
  });
});

describe('renderAsff', () => {
  it.each(FINDING_REPORTS)('writes findings BatchImportFindings accepts, 100 at a time, for %s', (_, build) => {
    const findings = findingsOf(build());
    expect(findings.length).toBeGreaterThan(0);
    expect(importProblems(findings)).toEqual([]);
  });

  it('writes one finding per result, passes included, with Security Hub’s compliance status', () => {
    const report = everyStatusReport();
    const findings = findingsOf(report);
    expect(findings.map((f) => [f.GeneratorId, f.Resources[0]?.Id, f.Compliance.Status])).toEqual(
      report.results.map((r) => [`trailscan/${r.checkId}`, r.resource.id, r.status]),
    );
    expect(new Set(findings.map((f) => f.Compliance.Status))).toEqual(
      new Set(['PASSED', 'FAILED', 'WARNING', 'NOT_AVAILABLE']),
    );
  });

  it('files each finding under its account’s default product, in the resource’s Region', () => {
    const report = multiAccountReport(['111111111111', '222222222222']);
    const findings = findingsOf(report);
    report.results.forEach((result, i) => {
      const finding = findings[i]!;
      const { accountId, region, partition } = result.resource;
      const filedIn = region === 'global' ? 'us-east-1' : region;
      expect(finding.AwsAccountId).toBe(accountId);
      expect(finding.Region).toBe(filedIn);
      expect(finding.ProductArn).toBe(
        `arn:${partition}:securityhub:${filedIn}:${accountId}:product/${accountId}/default`,
      );
      expect(finding.Resources[0]).toEqual({
        Type: result.resource.type,
        Id: result.resource.id,
        Partition: partition,
        Region: filedIn,
      });
    });
    expect(new Set(findings.map((f) => f.AwsAccountId))).toEqual(new Set(['111111111111', '222222222222']));
  });

  it('keeps each finding’s Id when the account is scanned again, later and by another version', () => {
    const ids = (report: ScanReport) => findingsOf(report).map((f) => f.Id);
    const first = ids(everyStatusReport());
    expect(new Set(first).size).toBe(first.length);
    expect(ids(rescanned(everyStatusInventory(), new Date('2027-01-05T08:00:00Z')))).toEqual(first);
    expect(first[0]).toMatch(/^trailscan\/CloudTrail\.\d\/\d{12}\/[a-z0-9-]+\/[0-9a-f]{16}$/);
  });

  it('resolves passes, suppresses accepted risks and leaves the rest new, with the suppression reason', () => {
    const report = everyStatusReport();
    const findings = findingsOf(report);
    report.results.forEach((result, i) => {
      const finding = findings[i]!;
      if (result.suppressed !== undefined) {
        expect(finding.Workflow.Status).toBe('SUPPRESSED');
        expect(finding.ProductFields['trailscan/SuppressionReason']).toBe(result.suppressed.reason);
      } else expect(finding.Workflow.Status).toBe(result.status === 'PASSED' ? 'RESOLVED' : 'NEW');
    });
    expect(findings.some((f) => f.Workflow.Status === 'SUPPRESSED')).toBe(true);
  });

  it('carries the reason, the remediation commands, the requirements and the failed calls', () => {
    const report = everyStatusReport();
    const findings = findingsOf(report);
    const failed = report.results.findIndex((r) => r.status === 'FAILED' && r.checkId === 'CloudTrail.2');
    expect(findings[failed]!.Description).toBe(report.results[failed]!.reason);
    expect(findings[failed]!.Remediation.Recommendation.Text).toContain('aws cloudtrail update-trail');
    expect(findings[failed]!.Compliance.RelatedRequirements).toContain('CIS AWS Foundations Benchmark v1.4.0 3.7');
    expect(findings[failed]!.Compliance.StatusReasons).toEqual([
      { ReasonCode: report.results[failed]!.reasonCode, Description: report.results[failed]!.reason },
    ]);
    const unavailable = report.results.findIndex((r) => r.status === 'NOT_AVAILABLE');
    expect(findings[unavailable]!.ProductFields['trailscan/FailedCalls']).toMatch(/AccessDenied/);
    expect(findings[failed]!.Severity.Label).toBe('MEDIUM');
  });

  it('says where each check comes from, and gives a Security Hub control id only to Security Hub controls', () => {
    const report = everyStatusReport();
    const hub = findingsOf(report);
    expect(hub.every((f) => f.Compliance.SecurityControlId === f.GeneratorId.replace('trailscan/', ''))).toBe(true);
    expect(hub[0]?.ProductFields['trailscan/Source']).toBe('AWS Security Hub control');
    const own = findingsOf(
      report,
      fixtureChecks.map((c) => ({ ...c, source: 'trailscan' as const })),
    );
    expect(own.some((f) => f.Compliance.SecurityControlId !== undefined)).toBe(false);
    expect(own[0]?.ProductFields['trailscan/Source']).toBe('trailscan check');
    expect(importProblems(own)).toEqual([]);
  });

  it('cuts texts to Security Hub’s limits', () => {
    const report = reportOf(mixedInventory());
    const long = 'x'.repeat(3000);
    report.results[0] = {
      ...report.results[0]!,
      reason: long,
      remediation: { text: long, commands: [], url: 'https://example.com' },
    };
    const checks = fixtureChecks.map((c) => ({ ...c, title: long }));
    const [finding] = findingsOf(report, checks);
    expect(finding!.Title).toHaveLength(256);
    expect(finding!.Description).toHaveLength(1024);
    expect(finding!.Remediation.Recommendation.Text).toHaveLength(512);
    expect(importProblems([finding])).toEqual([]);
  });

  it('fails clearly when a result belongs to a check it was not given', () => {
    expect(() => findingsOf(everyStatusReport(), fixtureChecks.slice(1))).toThrow(
      /results for CloudTrail\.1 but no check metadata/,
    );
  });
});
