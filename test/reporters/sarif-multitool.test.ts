/** SARIF Multitool with GitHub's rules on our SARIF, and on a file it must reject. */
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { multitoolFindings } from './multitool.js';
import { renderSarif } from './render.js';
import { everyStatusReport, options } from './reports.js';

describe('SARIF Multitool with GitHub rules', () => {
  it('reports nothing on our SARIF', async () => {
    expect(await multitoolFindings('report', renderSarif(everyStatusReport(), options))).toEqual([]);
  });

  it('does report a SARIF file GitHub would reject, so silence above means something', async () => {
    const log = JSON.parse(renderSarif(everyStatusReport(), options)) as Sarif.Log;
    log.runs[0]!.results![0]!.locations = [];
    expect((await multitoolFindings('broken', JSON.stringify(log))).join('\n')).toMatch(/^GH1015 error/m);
  });
});
