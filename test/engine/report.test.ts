import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/model/report.js';
import { incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';

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
