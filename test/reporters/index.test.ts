import { describe, expect, it } from 'vitest';
import { reporters } from '../../reporters/index.js';
import { everyStatusReport, options } from './reports.js';

describe('reporters', () => {
  it('offers each format by name', () => {
    expect(Object.keys(reporters)).toEqual(['json', 'sarif', 'junit']);
  });

  it.each(Object.entries(reporters))('renders %s as text ending in a newline', (_, render) => {
    expect(render(everyStatusReport(), options)).toMatch(/\S\n$/);
  });
});
