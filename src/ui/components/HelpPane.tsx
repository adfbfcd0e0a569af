import { Box, Text } from 'ink';
import { FILTERS, FILTER_LABELS, GROUPINGS } from '../findings.js';
import { STATUS_MARKS, SUPPRESSED_MARK, formatMark } from '../theme.js';

const KEY_WIDTH = 14;

const KEYS: readonly (readonly [string, string])[] = [
  ['↑ ↓  k j', 'move'],
  ['PgUp PgDn', 'page up, page down'],
  ['Home End', 'first, last'],
  ['Enter', 'details of the selected result (Esc, Enter or q closes)'],
  ['f', `filter: ${FILTERS.map((f) => FILTER_LABELS[f]).join(' → ')}`],
  ['/', 'search by control or resource (Enter applies, Esc clears)'],
  ['g', `group by ${GROUPINGS.join(' → ')}`],
  ['Esc', 'clear the search'],
  ['?', 'this help'],
  ['q', 'quit'],
  ['Ctrl-C', 'interrupt'],
];

const MARKS = [...Object.values(STATUS_MARKS), SUPPRESSED_MARK].map(formatMark).join('   ');

export interface HelpPaneProps {
  height: number;
}

export function HelpPane({ height }: HelpPaneProps) {
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold>Keys</Text>
      {KEYS.map(([keys, what]) => (
        <Text key={keys} wrap="truncate-end">
          {'  '}
          <Text bold>{keys.padEnd(KEY_WIDTH)}</Text>
          {what}
        </Text>
      ))}
      <Text bold>Marks</Text>
      <Text wrap="truncate-end">
        {'  '}
        {MARKS} (suppressed)
      </Text>
    </Box>
  );
}
