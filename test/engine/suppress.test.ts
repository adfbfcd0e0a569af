import { describe, expect, it } from 'vitest';
import { applySuppressions } from '../../src/engine/suppress.js';
import { incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';

const results = reportOf(mixedInventory()).results;
const now = new Date('2026-11-20T10:00:00Z');
const publicBucket = 'arn:aws:s3:::legacy-trail-logs';

describe('applySuppressions', () => {
  it('marks matching non-passing results with the reason and leaves the others alone', () => {
    const { results: out } = applySuppressions(
      results,
      [{ check: 'CloudTrail.6', resource: publicBucket, reason: 'public website logs', expires: '2026-12-31' }],
      now,
    );
    const suppressed = out.filter((r) => r.suppressed !== undefined);
    expect(suppressed.map((r) => [r.checkId, r.resource.id])).toEqual([['CloudTrail.6', publicBucket]]);
    expect(suppressed[0]?.suppressed).toEqual({
      reason: 'public website logs',
      expires: '2026-12-31',
      rule: `CloudTrail.6 ${publicBucket}`,
    });
  });

  it('matches globs over the resource and * over checks', () => {
    const { results: out } = applySuppressions(
      results,
      [{ check: '*', resource: 'arn:aws:s3:::legacy-*', reason: 'retired' }],
      now,
    );
    expect(
      out
        .filter((r) => r.suppressed)
        .map((r) => r.checkId)
        .sort(),
    ).toEqual(['CloudTrail.6', 'CloudTrail.7']);
  });

  it('never marks a passing result, nor one that could not be evaluated', () => {
    const incomplete = reportOf(incompleteInventory()).results;
    const { results: out } = applySuppressions(incomplete, [{ check: '*', resource: '*', reason: 'all' }], now);
    expect(
      out.filter((r) => r.status === 'PASSED' || r.status === 'NOT_AVAILABLE').every((r) => r.suppressed === undefined),
    ).toBe(true);
    expect(out.filter((r) => r.status === 'FAILED').every((r) => r.suppressed !== undefined)).toBe(true);
  });

  it('a suppression cannot make a blind scan look complete', () => {
    const report = reportOf(incompleteInventory(), { suppressions: [{ check: '*', resource: '*', reason: 'all' }] });
    expect(report.gate).toMatchObject({ exitCode: 4, complete: false });
  });

  it('an expired suppression stops applying and is reported; one expiring today still applies', () => {
    const expired = { check: 'CloudTrail.6', resource: publicBucket, reason: 'temporary', expires: '2026-11-19' };
    const today = { check: 'CloudTrail.7', resource: publicBucket, reason: 'temporary', expires: '2026-11-20' };
    const outcome = applySuppressions(results, [expired, today], now);
    expect(outcome.expired).toEqual([expired]);
    expect(outcome.results.filter((r) => r.suppressed).map((r) => r.checkId)).toEqual(['CloudTrail.7']);
  });

  it('takes glob characters of regular expressions literally', () => {
    const { results: out } = applySuppressions(
      results,
      [{ check: '*', resource: 'arn:aws:s3:::legacy.trail.logs', reason: 'x' }],
      now,
    );
    expect(out.some((r) => r.suppressed)).toBe(false);
  });
});

describe('suppressions in the report', () => {
  it('leave the gate and the counts but stay in the results', () => {
    const all = reportOf(mixedInventory(), { suppressions: [{ check: '*', resource: '*', reason: 'accepted' }] });
    expect(all.gate.exitCode).toBe(0);
    expect(all.summary.byStatus.FAILED).toBe(0);
    expect(all.summary.suppressed).toBeGreaterThan(0);
    expect(all.results.filter((r) => r.suppressed)).toHaveLength(all.summary.suppressed);
  });
});
