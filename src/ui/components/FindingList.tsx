import { Box, Text } from 'ink';
import type { Result } from '../../model/result.js';
import type { FindingGroup, FindingList as List, Grouping } from '../findings.js';
import { COLUMN_GAP, CURSOR_WIDTH, rowColumns, type RowColumns } from '../layout.js';
import { SEVERITY_TONES, formatMark, markOf, type Palette } from '../theme.js';

function Cell({ width, children, color, bold }: { width: number; children: string; color?: string; bold?: boolean }) {
  if (width === 0) return null;
  return (
    <Box width={width} flexShrink={0}>
      <Text wrap="truncate-end" color={color} bold={bold}>
        {children}
      </Text>
    </Box>
  );
}

interface FindingRowProps {
  result: Result;
  columns: RowColumns;
  selected: boolean;
  palette: Palette;
}

function FindingRow({ result, columns, selected, palette }: FindingRowProps) {
  const mark = markOf(result);
  return (
    <Box>
      <Box width={CURSOR_WIDTH} flexShrink={0}>
        <Text bold color={palette.color('accent')}>
          {selected ? '›' : ' '}
        </Text>
      </Box>
      <Box columnGap={COLUMN_GAP}>
        <Cell width={columns.status} color={palette.color(mark.tone)} bold>
          {formatMark(mark)}
        </Cell>
        <Cell width={columns.severity} color={palette.color(SEVERITY_TONES[result.severity])}>
          {result.severity}
        </Cell>
        <Cell width={columns.control} bold={selected}>
          {result.checkId}
        </Cell>
        <Cell width={columns.title} bold={selected}>
          {result.title}
        </Cell>
        <Cell width={columns.resource} bold={selected}>
          {result.resource.name}
        </Cell>
        <Cell width={columns.region} color={palette.color('muted')}>
          {result.resource.region}
        </Cell>
      </Box>
    </Box>
  );
}

function GroupHeader({ group, palette }: { group: FindingGroup; palette: Palette }) {
  const tone = group.severity === undefined ? 'accent' : SEVERITY_TONES[group.severity];
  return (
    <Text wrap="truncate-end">
      <Text bold color={palette.color(tone)}>
        {group.key} ({group.results.length})
      </Text>
      {group.title !== undefined && group.severity !== undefined && (
        <Text>
          {'  '}
          <Text color={palette.color(SEVERITY_TONES[group.severity])}>{group.severity}</Text>
          {'  '}
          {group.title}
        </Text>
      )}
    </Text>
  );
}

export interface FindingListProps {
  list: List;
  grouping: Grouping;
  cursor: number;
  scrollTop: number;
  height: number;
  width: number;
  /** What to say when nothing is listed. */
  emptyMessage: string;
  palette: Palette;
}

/** The grouped results, windowed to the height with the selected row in view. */
export function FindingList({
  list,
  grouping,
  cursor,
  scrollTop,
  height,
  width,
  emptyMessage,
  palette,
}: FindingListProps) {
  if (list.results.length === 0) {
    return (
      <Box height={height}>
        <Text color={palette.color('muted')}>{emptyMessage}</Text>
      </Box>
    );
  }
  const columns = rowColumns(width, grouping, list.results);
  return (
    <Box flexDirection="column" height={height}>
      {list.lines
        .slice(scrollTop, scrollTop + height)
        .map((line) =>
          line.kind === 'group' ? (
            <GroupHeader key={`group:${line.group.key}`} group={line.group} palette={palette} />
          ) : (
            <FindingRow
              key={`row:${line.position}`}
              result={line.result}
              columns={columns}
              selected={line.position === cursor}
              palette={palette}
            />
          ),
        )}
    </Box>
  );
}
