import { describe, expect, it } from 'vitest';
import { reporters } from '../../reporters/index.js';
import { REPORT_FORMATS } from '../../src/cli/args.js';
import { everyStatusReport, options } from './reports.js';

describe('reporters', () => {
  it('offers each format the command line accepts, by name', () => {
    expect(Object.keys(reporters)).toEqual([...REPORT_FORMATS]);
  });

  it.each(Object.entries(reporters))('renders %s as text ending in a newline', (_, render) => {
    expect(render(everyStatusReport(), options)).toEqual({ ok: true, text: expect.stringMatching(/\S\n$/) });
  });
});
