import { Box, Text } from 'ink';
import type { DetailLine } from '../detail.js';
import type { Palette } from '../theme.js';

export interface DetailPaneProps {
  lines: readonly DetailLine[];
  top: number;
  height: number;
  palette: Palette;
}

/** One result in full, scrolled to `top`. Lines come laid out for the width, so nothing wraps here. */
export function DetailPane({ lines, top, height, palette }: DetailPaneProps) {
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(top, top + height).map((segments, index) => (
        <Text key={top + index} wrap="truncate-end">
          {segments.length === 0
            ? ' '
            : segments.map((segment, at) => (
                <Text
                  key={at}
                  bold={segment.bold}
                  color={segment.tone === undefined ? undefined : palette.color(segment.tone)}
                >
                  {segment.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
