import { describe, expect, it } from 'vitest';
import {
  COLUMN_GAP,
  CURSOR_WIDTH,
  DEFAULT_TERMINAL,
  detailHeight,
  listHeight,
  liveRegionLines,
  rowColumns,
  terminalSizeOf,
} from '../../src/ui/layout.js';
import { mixedInventory, reportOf } from '../fixtures/report.js';

const { results } = reportOf(mixedInventory());

describe('heights', () => {
  it('leave a spare line, so the live area never fills the terminal', () => {
    const terminal = { columns: 80, rows: 24 };
    expect(listHeight(terminal) + 4 + 1 + 1).toBe(23);
    expect(detailHeight(terminal) + 1).toBe(23);
    expect(liveRegionLines(terminal) + 1).toBe(23);
  });

  it('never go below one line', () => {
    const tiny = { columns: 20, rows: 2 };
    expect([listHeight(tiny), detailHeight(tiny), liveRegionLines(tiny)]).toEqual([1, 1, 1]);
  });
});

describe('rowColumns', () => {
  const widthOf = (columns: ReturnType<typeof rowColumns>) => {
    const { status, severity, control, title, resource, region } = columns;
    const shown = [status, severity, control, title, resource, region].filter((w) => w > 0);
    return CURSOR_WIDTH + shown.reduce((a, b) => a + b, 0) + COLUMN_GAP * (shown.length - 1);
  };

  for (const width of [80, 120]) {
    for (const grouping of ['severity', 'region'] as const) {
      it(`grouped by ${grouping} at ${width} columns: fills the width exactly, the title taking the slack`, () => {
        expect(widthOf(rowColumns(width, grouping, results))).toBe(width);
      });
    }

    it(`grouped by control at ${width} columns: the resource takes what it needs, the Region follows it`, () => {
      const columns = rowColumns(width, 'control', results);
      expect(columns.resource).toBe('legacy-trail-logs'.length);
      expect(widthOf(columns)).toBeLessThan(width);
    });
  }

  it('cuts long resource names to fit a narrow terminal', () => {
    const long = results.map((r) => ({ ...r, resource: { ...r.resource, name: 'x'.repeat(200) } }));
    expect(widthOf(rowColumns(80, 'control', long))).toBe(80);
  });

  it('never makes a row wider than a narrow terminal: title, then Region, then severity give way', () => {
    for (const grouping of ['severity', 'control', 'region'] as const) {
      for (let width = 24; width <= 140; width += 1) {
        expect(widthOf(rowColumns(width, grouping, results)), `${grouping} at ${width}`).toBeLessThanOrEqual(width);
      }
    }
    expect(rowColumns(44, 'severity', results)).toMatchObject({ title: 0, region: expect.any(Number) });
    expect(rowColumns(30, 'control', results)).toMatchObject({ title: 0, region: 0 });
  });

  it('hides the column the group header already states', () => {
    expect(rowColumns(100, 'severity', results).severity).toBe(0);
    expect(rowColumns(100, 'control', results)).toMatchObject({ control: 0, title: 0 });
    expect(rowColumns(100, 'region', results).region).toBe(0);
  });

  it('sizes the fixed columns to their longest value, and gives the title the most room', () => {
    const columns = rowColumns(120, 'severity', results);
    expect(columns).toMatchObject({ status: 6, control: 'CloudTrail.6'.length, region: 'eu-west-1'.length });
    expect(columns.resource).toBe('legacy-trail-logs'.length);
    expect(columns.title).toBeGreaterThan(columns.resource);
  });
});

describe('terminalSizeOf', () => {
  it('takes what the stream reports, and the defaults for what it does not', () => {
    expect(terminalSizeOf({ columns: 132, rows: 50 })).toEqual({ columns: 132, rows: 50 });
    expect(terminalSizeOf({})).toEqual(DEFAULT_TERMINAL);
    expect(terminalSizeOf({ columns: 0, rows: 0 })).toEqual(DEFAULT_TERMINAL);
  });
});
