import { describe, expect, it } from 'vitest';
import { centralLogBucket } from '../../examples/acme-checks/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { reportSchema } from '../../src/model/report.js';
import { OTHER_ACCOUNT_ID, bucket, inventory, ok, trail } from '../fixtures/inventory.js';
import { examplePluginChecks, incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';

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

describe('plugin checks', () => {
  it('their findings, evaluated in isolation, are results beside the built-in ones, in the summary and the gate', () => {
    const report = reportOf(mixedInventory(), { checks: [], plugins: examplePluginChecks() });
    expect(reportSchema.parse(report)).toEqual(report);
    expect(report.results.find((r) => r.status === 'FAILED')).toMatchObject({
      checkId: 'acme.central-log-bucket',
      checkSource: 'plugin',
      severity: 'HIGH',
      resource: { name: 'legacy' },
      reasonCode: 'OTHER_BUCKET',
      remediation: { url: centralLogBucket.documentationUrl },
    });
    expect(report.summary.controls.map((c) => [c.id, c.source, c.status])).toEqual([
      ['acme.central-log-bucket', 'plugin', 'FAILED'],
      ['acme.trail-owner-tag', 'plugin', 'PASSED'],
    ]);
    expect(report.gate).toMatchObject({ exitCode: 3, gatedFailures: 1 });
  });

  it('a suppression applies to a plugin result as to any other', () => {
    const suppressions = [
      { check: 'acme.central-log-bucket', resource: '*:trail/legacy', reason: 'moving to the archive' },
    ];
    const report = reportOf(mixedInventory(), { checks: [], plugins: examplePluginChecks(), suppressions });
    expect(report.results.filter((r) => r.suppressed).map((r) => r.checkId)).toEqual(['acme.central-log-bucket']);
    expect(report.gate.exitCode).toBe(0);
  });

  it('the engine never runs plugin code itself', () => {
    expect(() => evaluate(mixedInventory(), examplePluginChecks())).toThrow(
      'plugin check acme.central-log-bucket was not evaluated in isolation',
    );
  });

  it('needing a slice the inventory lacks is NOT_COLLECTED, as for a built-in check', () => {
    const [, ownerTag] = examplePluginChecks();
    const results = evaluate(inventory({ slices: ['trails'] }), [ownerTag!]);
    expect(results.map((r) => [r.checkId, r.status, r.reasonCode, r.evidence])).toEqual([
      ['acme.trail-owner-tag', 'NOT_AVAILABLE', 'NOT_COLLECTED', { missingSlices: ['trailTags'] }],
    ]);
  });
});
