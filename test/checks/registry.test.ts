/** Keeps every check in the same shape: id, file, registry entry, tests and README row in step. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { SLICES } from '../../src/model/inventory.js';

const root = new URL('../../', import.meta.url);
const fileOf = (id: string) => id.toLowerCase().replace('.', '-');
const exportOf = (id: string) => id.replace(/^CloudTrail\./, 'cloudTrail');

describe('the check registry', () => {
  it('is sorted by control number and has unique ids', () => {
    const ids = builtinChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
  });

  it('registers every check module in checks/', () => {
    const modules = readdirSync(new URL('checks/', root)).filter((f) => /^cloudtrail-\d+\.ts$/.test(f));
    expect(modules.sort()).toEqual(builtinChecks.map((c) => `${fileOf(c.id)}.ts`).sort());
  });

  describe.each(builtinChecks.map((c) => [c.id, c] as const))('%s', (id, check) => {
    it('lives in a file and export named after its id', async () => {
      const module = (await import(/* @vite-ignore */ new URL(`checks/${fileOf(id)}.ts`, root).pathname)) as Record<
        string,
        unknown
      >;
      expect(module[exportOf(id)]).toBe(check);
    });

    it('has its own table-driven test file', () => {
      const test = new URL(`test/checks/${fileOf(id)}.test.ts`, root);
      expect(existsSync(test)).toBe(true);
      expect(readFileSync(test, 'utf8')).toContain(id);
    });

    it('has complete metadata', () => {
      expect(check.title.length).toBeGreaterThan(10);
      expect(check.description.length).toBeGreaterThan(20);
      expect(check.references[0]).toBe(
        `https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#${fileOf(id)}`,
      );
      const needs = check.needs(check.parameters.parse({}));
      expect(needs.length).toBeGreaterThan(0);
      for (const slice of needs) expect(SLICES).toContain(slice);
    });
  });

  it('uses Security Hub severities', () => {
    expect(Object.fromEntries(builtinChecks.map((c) => [c.id, c.severity]))).toEqual({
      'CloudTrail.1': 'HIGH',
      'CloudTrail.2': 'MEDIUM',
      'CloudTrail.3': 'HIGH',
      'CloudTrail.4': 'LOW',
      'CloudTrail.5': 'LOW',
      'CloudTrail.6': 'CRITICAL',
      'CloudTrail.7': 'LOW',
    });
  });
});
