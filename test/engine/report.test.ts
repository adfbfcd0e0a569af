import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/model/report.js';
import { OTHER_ACCOUNT_ID, bucket, inventory, ok, trail } from '../fixtures/inventory.js';
import { incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';

describe('remediation', () => {
  it('a failure carries the check’s fix and its reference', () => {
    const failure = reportOf(mixedInventory()).results.find(
      (r) => r.checkId === 'CloudTrail.4' && r.status === 'FAILED',
    );
    expect(failure?.remediation).toMatchObject({
      commands: [expect.stringContaining('--enable-log-file-validation')],
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4',
    });
  });

  it('a resource managed elsewhere gets advice, not commands the account cannot run', () => {
    const inv = inventory({
      trails: [trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true })],
      buckets: [bucket({ presence: ok({ state: 'foreign' }) })],
    });
    const warnings = reportOf(inv).results.filter((r) => r.status === 'WARNING');
    expect(warnings.length).toBeGreaterThan(0);
    for (const result of warnings) expect(result.remediation?.commands, result.checkId).toEqual([]);
  });
});

describe('buildReport', () => {
  it('produces a report that matches its schema, failures first', () => {
    const report = reportOf(mixedInventory());
    expect(reportSchema.parse(report)).toEqual(report);
    expect(report.results[0]?.status).toBe('FAILED');
    expect(report.results[0]?.severity).toBe('CRITICAL');
    expect(report.gate.exitCode).toBe(3);
  });

  it('exits 4 when a Region could not be read and nothing gated failed', () => {
    const report = reportOf(incompleteInventory(), { failOn: 'none' });
    expect(report.gate).toMatchObject({ exitCode: 4, complete: false });
    expect(report.errors).toHaveLength(1);
  });
});
