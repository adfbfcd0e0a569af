/** `--standard`: which checks a scan runs, with which parameter defaults. */
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { historyDays, optInsOf, selectChecks } from '../../src/cli/selection.js';
import { UsageError } from '../../src/errors.js';
import { STANDARDS, standardsOf, type StandardId } from '../../src/model/check.js';

const ids = (standard: Parameters<typeof selectChecks>[3]) =>
  selectChecks(builtinChecks, undefined, {}, standard).map((s) => s.check.id);

describe('standards', () => {
  it('the default runs Security Hub’s security controls, not its tagging standard', () => {
    expect(ids(undefined)).toEqual(
      builtinChecks.filter((c) => c.standards.includes('aws-foundational')).map((c) => c.id),
    );
    expect(ids(undefined)).toContain('CloudTrail.6');
    expect(ids(undefined)).not.toContain('CloudTrail.9');
    expect(ids('aws-resource-tagging')).toEqual(['CloudTrail.9']);
  });

  it('a CIS profile runs the checks its benchmark version maps, as each check’s compliance says', () => {
    for (const standard of ['cis-1.4', 'cis-3.0', 'cis-5.0'] as const) {
      const benchmark = STANDARDS[standard].benchmark;
      expect(ids(standard)).toEqual(builtinChecks.filter((c) => benchmark in c.compliance).map((c) => c.id));
    }
    expect(ids('cis-1.4')).toContain('CloudTrail.6');
    expect(ids('cis-1.4')).not.toContain('CloudTrail.3');
  });

  it('all leaves out the checks an option turns on', () => {
    expect(ids('all')).toEqual(
      expect.arrayContaining(builtinChecks.filter((c) => c.standards.length > 0).map((c) => c.id)),
    );
    expect(ids('all')).not.toContain('trailscan.trail-tampering');
  });

  it('--history adds the checks that read event history, to any standard, and only it does', () => {
    const history = optInsOf(historyDays(30, undefined));
    const withHistory = (standard: Parameters<typeof selectChecks>[3]) =>
      selectChecks(builtinChecks, undefined, {}, standard, history).map((s) => s.check.id);
    expect(withHistory(undefined)).toEqual([...ids(undefined), 'trailscan.trail-tampering']);
    const all = new Set([...ids('all'), 'trailscan.trail-tampering']);
    expect(withHistory('all')).toEqual(builtinChecks.map((c) => c.id).filter((id) => all.has(id)));
    expect(selectChecks(builtinChecks, ['trailscan.trail-tampering'], {}, 'all', history)).toHaveLength(1);
  });

  it('naming a check that reads event history without --history says what to add', () => {
    expect(() => selectChecks(builtinChecks, ['trailscan.trail-tampering', 'CloudTrail.1'])).toThrow(
      new UsageError('trailscan.trail-tampering reads CloudTrail event history: add --history'),
    );
  });

  it('the window: --history [DAYS] first, else the config’s history (true: 90 days)', () => {
    expect(historyDays(undefined, undefined)).toBeUndefined();
    expect(historyDays(undefined, false)).toBeUndefined();
    expect(historyDays(undefined, true)).toBe(90);
    expect(historyDays(undefined, 14)).toBe(14);
    expect(historyDays(7, 14)).toBe(7);
    expect([...optInsOf(undefined)]).toEqual([]);
  });

  it('a standard sets its parameter defaults, and the config overrides them', () => {
    const params = (standard: StandardId, config = {}) =>
      selectChecks(builtinChecks, ['CloudTrail.5'], { 'CloudTrail.5': config }, standard)[0]?.params;
    expect(params('aws-foundational')).toEqual({});
    expect(params('cis-1.4')).toEqual({ maxDeliveryAgeHours: 24 });
    expect(params('cis-1.4', { maxDeliveryAgeHours: 6 })).toEqual({ maxDeliveryAgeHours: 6 });
    expect(selectChecks(builtinChecks, ['CloudTrail.1'], {}, 'cis-3.0')[0]?.params).toEqual({
      splitReadWriteSelectors: 'FAILED',
    });
  });

  it('every check belongs to some standard or says why not', () => {
    for (const check of builtinChecks) {
      if (check.source === 'security-hub') expect(standardsOf(check).length, check.id).toBeGreaterThan(0);
    }
  });
});
