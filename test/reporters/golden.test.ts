/**
 * Golden files: the exact SARIF and JUnit XML of a fixed report, so every change to the output shows up in
 * review as a diff. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/reporters/golden.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJunit, renderSarif } from './render.js';
import { everyStatusReport, options } from './reports.js';

const update = process.env['UPDATE_GOLDEN'] === '1';

describe.each<[string, typeof renderSarif]>([
  ['every-status.sarif', renderSarif],
  ['every-status.xml', renderJunit],
])('golden file %s', (file, render) => {
  it('matches the output for the report with every status', () => {
    const path = new URL(`./golden/${file}`, import.meta.url);
    const actual = render(everyStatusReport(), options);
    if (update) writeFileSync(path, actual);
    expect(actual).toBe(readFileSync(path, 'utf8'));
  });
});
