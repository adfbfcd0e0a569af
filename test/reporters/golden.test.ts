/**
 * Golden files: the exact SARIF, JUnit XML, ASFF and OCSF of a fixed report, and its HTML page (with the
 * bundled assets named and the compressed results decoded), so every change to the output shows up in
 * review as a diff (`npm run regenerate` rewrites them).
 */
import { describe, it } from 'vitest';
import { readablePage } from './html-page.js';
import { renderAsff, renderHtml, renderJunit, renderOcsf, renderSarif } from './render.js';
import { everyStatusReport, options } from './reports.js';
import { expectGenerated } from '../support/generated.js';

describe.each<[string, typeof renderSarif]>([
  ['every-status.sarif', renderSarif],
  ['every-status.xml', renderJunit],
  ['every-status.asff.json', renderAsff],
  ['every-status.ocsf.json', renderOcsf],
  ['every-status.html', (report, opts) => readablePage(renderHtml(report, opts))],
])('golden file %s', (file, render) => {
  it('is up to date: the output for the report with every status', () => {
    expectGenerated(new URL(`./golden/${file}`, import.meta.url), render(everyStatusReport(), options));
  });
});
