/**
 * Golden files: the exact SARIF and JUnit XML of a fixed report, so every change to the output shows up in
 * review as a diff (`npm run regenerate` rewrites them).
 */
import { describe, it } from 'vitest';
import { renderJunit, renderSarif } from './render.js';
import { everyStatusReport, options } from './reports.js';
import { expectGenerated } from '../support/generated.js';

describe.each<[string, typeof renderSarif]>([
  ['every-status.sarif', renderSarif],
  ['every-status.xml', renderJunit],
])('golden file %s', (file, render) => {
  it('is up to date: the output for the report with every status', () => {
    expectGenerated(new URL(`./golden/${file}`, import.meta.url), render(everyStatusReport(), options));
  });
});
