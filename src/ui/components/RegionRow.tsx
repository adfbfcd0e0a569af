import { Box, Text } from 'ink';
import type { RegionLine, RegionProgress } from '../state.js';
import { plural } from '../text.js';
import { spinnerFrame, type Palette, type Tone } from '../theme.js';

/** Wide enough for the longest Region names (ap-southeast-5, us-gov-west-1) and a gap. */
const REGION_WIDTH = 16;

interface Look {
  symbol: string;
  tone: Tone;
  text: string;
}

function lookOf(progress: RegionProgress, elapsedMs: number): Look {
  switch (progress.state) {
    case 'waiting':
      return { symbol: '·', tone: 'muted', text: 'waiting' };
    case 'scanning':
      return { symbol: spinnerFrame(elapsedMs), tone: 'accent', text: 'scanning' };
    case 'done': {
      const trails =
        progress.trailsSeen === 0
          ? 'no trails'
          : `${plural(progress.trailsSeen, 'trail')} seen, ${progress.trailsHomed} homed here`;
      return { symbol: '✓', tone: 'good', text: `done · ${trails}` };
    }
    case 'error':
      return { symbol: '✗', tone: 'bad', text: `error: ${progress.error.operation} ${progress.error.code}` };
    case 'skipped':
      return { symbol: '-', tone: 'muted', text: `skipped: ${progress.reason}` };
  }
}

export interface RegionRowProps {
  line: RegionLine;
  /** Drives the spinner of a Region being scanned. */
  elapsedMs: number;
  palette: Palette;
}

/** One Region and where its scan stands; the same line while live and once printed for good. */
export function RegionRow({ line, elapsedMs, palette }: RegionRowProps) {
  const look = lookOf(line.progress, elapsedMs);
  return (
    <Box>
      <Box width={2} flexShrink={0}>
        <Text color={palette.color(look.tone)}>{look.symbol}</Text>
      </Box>
      <Box width={REGION_WIDTH} flexShrink={0}>
        <Text wrap="truncate-end">{line.region}</Text>
      </Box>
      <Text wrap="truncate-end" color={line.progress.state === 'done' ? undefined : palette.color(look.tone)}>
        {look.text}
      </Text>
    </Box>
  );
}
