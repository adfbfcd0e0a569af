/**
 * Keeps every check in the same shape: id in its source's namespace, file, registry entry, test file,
 * metadata and README row in step. Each failure says what to do.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkIdProblem } from '../../checks/api.js';
import { builtinChecks } from '../../checks/index.js';
import { SLICES } from '../../src/model/inventory.js';
import { checkFileOf } from '../support/check-files.js';

const root = new URL('../../', import.meta.url);

/** Security Hub's severities for the controls trailscan implements or will (CONTROLS.md). */
const SECURITY_HUB_SEVERITIES: Record<string, string> = {
  'CloudTrail.1': 'HIGH',
  'CloudTrail.2': 'MEDIUM',
  'CloudTrail.3': 'HIGH',
  'CloudTrail.4': 'LOW',
  'CloudTrail.5': 'LOW',
  'CloudTrail.6': 'CRITICAL',
  'CloudTrail.7': 'LOW',
  'CloudTrail.9': 'LOW',
  'CloudTrail.10': 'MEDIUM',
  'S3.22': 'MEDIUM',
  'S3.23': 'MEDIUM',
  'CloudWatch.5': 'LOW',
  'KMS.4': 'MEDIUM',
};

describe('the check registry', () => {
  it('is sorted by id and has unique ids', () => {
    const ids = builtinChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids, 'keep checks/index.ts sorted by id').toEqual(
      [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
  });

  it('registers every check module in checks/', () => {
    const modules = readdirSync(new URL('checks/', root)).filter(
      (f) => f.endsWith('.ts') && !['api.ts', 'index.ts'].includes(f),
    );
    expect(modules.sort(), 'every module in checks/ is registered in checks/index.ts, named after its id').toEqual(
      builtinChecks.map((c) => `${checkFileOf(c.id)}.ts`).sort(),
    );
  });

  describe.each(builtinChecks.map((c) => [c.id, c] as const))('%s', (id, check) => {
    it('is the default export of the file named after its id', async () => {
      const file = new URL(`checks/${checkFileOf(id)}.ts`, root).pathname;
      const module = (await import(/* @vite-ignore */ file)) as { default?: unknown };
      expect(
        module.default,
        `checks/${checkFileOf(id)}.ts must \`export default defineCheck({ id: '${id}', … })\``,
      ).toBe(check);
    });

    it('has its own table-driven test file', () => {
      const test = new URL(`test/checks/${checkFileOf(id)}.test.ts`, root);
      expect(existsSync(test), `create test/checks/${checkFileOf(id)}.test.ts`).toBe(true);
      expect(readFileSync(test, 'utf8')).toContain(id);
    });

    it('has an id of its source’s namespace', () => {
      expect(checkIdProblem(id, check.source)).toBeUndefined();
    });

    it('has complete metadata', () => {
      expect(check.title.length).toBeGreaterThan(10);
      expect(check.description.length).toBeGreaterThan(20);
      expect(check.documentationUrl).toMatch(/^https:\/\//);
      expect(check.tags.length, 'tag the check with the AWS services it looks at').toBeGreaterThan(0);
      expect(Object.keys(check.reasons).length, 'declare the reason codes in `reasons`').toBeGreaterThan(0);
      const needs = check.needs(check.parameters.parse({}));
      expect(needs.length).toBeGreaterThan(0);
      for (const slice of needs) expect(SLICES).toContain(slice);
    });

    if (check.source === 'security-hub') {
      it('follows Security Hub: its documentation page and severity', () => {
        const [service = ''] = id.split('.');
        expect(check.documentationUrl).toBe(
          `https://docs.aws.amazon.com/securityhub/latest/userguide/${service.toLowerCase()}-controls.html#${checkFileOf(id)}`,
        );
        expect(check.severity, `add ${id} to SECURITY_HUB_SEVERITIES from CONTROLS.md`).toBe(
          SECURITY_HUB_SEVERITIES[id],
        );
      });
    }
  });
});
