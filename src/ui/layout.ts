/**
 * How the screen is divided. The reducer needs the same heights as the components (to page and to keep
 * the selection in view), so both take them from here.
 */
import type { Result } from '../model/result.js';
import type { Grouping } from './findings.js';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** What to assume when the stream does not say (not a TTY, or a terminal that reports 0). */
export const DEFAULT_TERMINAL: TerminalSize = { columns: 80, rows: 24 };

/**
 * The live area always stays at least one line shorter than the terminal: once it fills the screen,
 * Ink can no longer redraw it in place and clears the whole terminal on every frame instead.
 */
const SPARE_LINES = 1;

const SUMMARY_LINES = 4;
const LIST_HEADER_LINES = 1;
const FOOTER_LINES = 1;
const PROGRESS_LINES = 1;

/** Lines for the results list (or the help that replaces it) under the summary bar. */
export const listHeight = ({ rows }: TerminalSize): number =>
  Math.max(1, rows - SPARE_LINES - SUMMARY_LINES - LIST_HEADER_LINES - FOOTER_LINES);

/** Lines for the detail pane, which takes the whole screen but its footer. */
export const detailHeight = ({ rows }: TerminalSize): number => Math.max(1, rows - SPARE_LINES - FOOTER_LINES);

/** Lines for Regions still in progress or waiting, above the progress bar. */
export const liveRegionLines = ({ rows }: TerminalSize): number => Math.max(1, rows - SPARE_LINES - PROGRESS_LINES);

/** A page is one screenful less a line, so the line you were on stays in view. */
export const pageSize = (height: number): number => Math.max(1, height - 1);

export const CURSOR_WIDTH = 2;
export const COLUMN_GAP = 2;
const STATUS_WIDTH = 6;
const MIN_FLEX_WIDTH = 8;
/** The resource column never takes more than this share of the flexible width. */
const RESOURCE_SHARE = 0.4;

/** Widths of a finding row's columns; 0 means the column is hidden because the group header says it. */
export interface RowColumns {
  status: number;
  severity: number;
  control: number;
  title: number;
  resource: number;
  region: number;
}

const longest = (values: readonly string[]): number => Math.max(0, ...values.map((v) => v.length));

export function rowColumns(width: number, grouping: Grouping, results: readonly Result[]): RowColumns {
  const columns: RowColumns = {
    status: STATUS_WIDTH,
    severity: grouping === 'severity' ? 0 : longest(results.map((r) => r.severity)),
    control: grouping === 'control' ? 0 : longest(results.map((r) => r.checkId)),
    title: 0,
    resource: 0,
    region: grouping === 'region' ? 0 : longest(results.map((r) => r.resource.region)),
  };
  let showTitle = grouping !== 'control';
  /** The room left for the title and the resource, once the fixed columns and the gaps are placed. */
  const flexibleRoom = () => {
    const fixed = [columns.status, columns.severity, columns.control, columns.region].filter((w) => w > 0);
    const gaps = COLUMN_GAP * (fixed.length + (showTitle ? 2 : 1) - 1);
    return width - CURSOR_WIDTH - fixed.reduce((sum, w) => sum + w, 0) - gaps;
  };
  // A narrow terminal gives up the title first (the detail shows it), then the Region, the severity and
  // the control (the group headers and the detail show those): a row never wraps.
  if (showTitle && flexibleRoom() < 2 * MIN_FLEX_WIDTH) showTitle = false;
  if (flexibleRoom() < MIN_FLEX_WIDTH) columns.region = 0;
  if (flexibleRoom() < MIN_FLEX_WIDTH) columns.severity = 0;
  if (flexibleRoom() < MIN_FLEX_WIDTH) columns.control = 0;
  const flexible = Math.max(1, flexibleRoom());
  const names = longest(results.map((r) => r.resource.name));
  // Without a title the resource has the room to itself, but takes no more than it needs: the Region
  // then stays next to it.
  columns.resource = showTitle
    ? Math.max(MIN_FLEX_WIDTH, Math.min(names, Math.floor(flexible * RESOURCE_SHARE)))
    : Math.max(1, Math.min(names, flexible));
  columns.title = showTitle ? flexible - columns.resource : 0;
  return columns;
}

/** A stream's size, falling back to the defaults for whatever it does not report. */
export function terminalSizeOf(stream: { columns?: number; rows?: number }): TerminalSize {
  return {
    columns: stream.columns !== undefined && stream.columns > 0 ? stream.columns : DEFAULT_TERMINAL.columns,
    rows: stream.rows !== undefined && stream.rows > 0 ? stream.rows : DEFAULT_TERMINAL.rows,
  };
}
