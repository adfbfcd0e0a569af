import { describe, expect, it } from 'vitest';
import { isGated } from '../../src/engine/summary.js';
import { bucket, err, inventory, ok, trail } from '../fixtures/inventory.js';
import { incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';

describe('the gate', () => {
  it.each([
    ['critical', 'CRITICAL', true],
    ['critical', 'HIGH', false],
    ['high', 'HIGH', true],
    ['medium', 'LOW', false],
    ['low', 'LOW', true],
    ['low', 'INFORMATIONAL', false],
    ['none', 'CRITICAL', false],
  ] as const)('--fail-on %s gates a %s failure: %s', (failOn, severity, expected) => {
    expect(isGated(severity, failOn)).toBe(expected);
  });

  it('exits 0 for a compliant, complete scan', () => {
    expect(reportOf(inventory()).gate).toMatchObject({ exitCode: 0, complete: true, gatedFailures: 0 });
  });

  it('exits 3 on failures at or above the threshold, even when incomplete', () => {
    expect(reportOf(incompleteInventory(), { failOn: 'high' }).gate).toMatchObject({ exitCode: 3, complete: false });
  });

  it('exits 4 when below-threshold failures meet an incomplete scan', () => {
    expect(
      reportOf(incompleteInventory(), { failOn: 'critical', checks: ['CloudTrail.3', 'CloudTrail.4'] }).gate,
    ).toMatchObject({
      exitCode: 4,
      complete: false,
    });
  });

  it('exits 0 with failures below the threshold on a complete scan', () => {
    const report = reportOf(mixedInventory(), { failOn: 'critical', checks: ['CloudTrail.4'] });
    expect(report.summary.byStatus.FAILED).toBe(1);
    expect(report.gate.exitCode).toBe(0);
  });

  it('a failed call the verdicts could do without still makes the scan incomplete: exit 4', () => {
    // One logging trail is enough for CloudTrail.3, so the other trail's unreadable status changes no verdict.
    const inv = inventory({
      trails: [
        trail(),
        trail({ name: 'second', status: err('cloudtrail:GetTrailStatus', 'us-east-1', 'InternalFailure') }),
      ],
    });
    const report = reportOf(inv, { checks: ['CloudTrail.3'] });
    expect(report.summary.byStatus).toMatchObject({ NOT_AVAILABLE: 0, FAILED: 0 });
    expect(report.gate).toMatchObject({ exitCode: 4, complete: false, reason: 'scan incomplete: 1 API call failed' });
  });

  it('a failed call the scan worked around (a recovered error) makes it incomplete: exit 4', () => {
    const inv = inventory();
    inv.recoveredErrors.push(err('s3:ListBuckets', 'us-east-1', 'AccessDenied').error);
    expect(reportOf(inv).gate).toMatchObject({ exitCode: 4, complete: false });
  });

  it('a cross-account bucket (WARNING) does not make the scan incomplete', () => {
    const report = reportOf(inventory({ buckets: [bucket({ presence: ok({ state: 'foreign' }) })] }));
    expect(report.summary.byStatus.WARNING).toBe(2);
    expect(report.gate).toMatchObject({ exitCode: 0, complete: true });
  });
});

describe('control status (Security Hub)', () => {
  const statusOf = (inv: ReturnType<typeof inventory>, id: string) =>
    reportOf(inv).summary.controls.find((c) => c.id === id)?.status;

  it('FAILED beats everything, UNKNOWN beats PASSED, NO_DATA without results', () => {
    expect(statusOf(mixedInventory(), 'CloudTrail.4')).toBe('FAILED');
    expect(
      statusOf(
        inventory({ trails: [trail({ status: err('cloudtrail:GetTrailStatus', 'us-east-1') })] }),
        'CloudTrail.3',
      ),
    ).toBe('UNKNOWN');
    expect(statusOf(inventory(), 'CloudTrail.4')).toBe('PASSED');
    expect(statusOf(inventory({ trails: [] }), 'CloudTrail.4')).toBe('NO_DATA');
  });
});

describe('evaluation of an inventory lacking a slice', () => {
  it('reports NOT_COLLECTED for the checks that need it, and evaluates the others', () => {
    const report = reportOf(inventory({ slices: ['trails'] }));
    const byCheck = Object.fromEntries(report.summary.controls.map((c) => [c.id, c.status]));
    expect(byCheck).toMatchObject({ 'CloudTrail.2': 'PASSED', 'CloudTrail.1': 'UNKNOWN', 'CloudTrail.6': 'UNKNOWN' });
    expect(report.results.find((r) => r.checkId === 'CloudTrail.1')).toMatchObject({
      status: 'NOT_AVAILABLE',
      reasonCode: 'NOT_COLLECTED',
    });
  });
});
