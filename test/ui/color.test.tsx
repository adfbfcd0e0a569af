import { vi } from 'vitest';

// Ink colours through chalk, which turns itself off when the test runner's stdout is not a terminal.
vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '1';
});

import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Screen } from '../../src/ui/components/Screen.js';
import { createPalette } from '../../src/ui/theme.js';
import { mixedInventory, reportOf } from '../fixtures/report.js';
import { keys, resultsState } from './scan-fixtures.js';

/** The foreground colours chalk uses at its basic level, which FORCE_COLOR=1 selects. */
const COLOURS = [...Array.from({ length: 8 }, (_, i) => 30 + i), ...Array.from({ length: 8 }, (_, i) => 90 + i)].map(
  (code) => `\u001B[${code}m`,
);
const RED = '\u001B[31m';

const state = resultsState(reportOf(mixedInventory()), { columns: 100, rows: 30 }, ...keys('f'));
const frame = (color: boolean) => render(<Screen state={state} palette={createPalette(color)} />).lastFrame() ?? '';

afterEach(cleanup);

describe('colour', () => {
  it('reinforces statuses and severities when on', () => {
    const coloured = frame(true);
    expect(coloured).toContain(`${RED}✗ FAIL`);
    expect(COLOURS.filter((colour) => coloured.includes(colour)).length).toBeGreaterThan(3);
  });

  it('is absent when off: every meaning stays in symbols and words', () => {
    const plain = frame(false);
    expect(COLOURS.filter((colour) => plain.includes(colour))).toEqual([]);
    for (const mark of ['✗ FAIL', '✓ PASS', 'CRITICAL', 'HIGH', 'MEDIUM', 'LOW']) expect(plain).toContain(mark);
  });
});
