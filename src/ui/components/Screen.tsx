import { Box, Text } from 'ink';
import type { State } from '../state.js';
import type { Palette } from '../theme.js';
import { ClosingLine } from './ClosingLine.js';
import { ResultsView } from './ResultsView.js';
import { ScanError } from './ScanError.js';
import { ScanLog } from './ScanLog.js';
import { ScanningView } from './ScanningView.js';

function Body({ state, palette }: ScreenProps) {
  const { phase, closing } = state;
  if (closing !== undefined) return <ClosingLine closing={closing} phase={phase} scan={state.scan} palette={palette} />;
  switch (phase.kind) {
    case 'scanning':
      return (
        <ScanningView
          scan={state.scan}
          elapsedMs={state.now - state.startedAt}
          terminal={state.terminal}
          palette={palette}
        />
      );
    case 'results':
      return <ResultsView report={phase.report} browse={phase.browse} terminal={state.terminal} palette={palette} />;
    case 'failed':
      return (
        <Box flexDirection="column">
          <ScanError error={phase.error} palette={palette} />
          <Text color={palette.color('muted')}>q quits</Text>
        </Box>
      );
  }
}

export interface ScreenProps {
  state: State;
  palette: Palette;
}

/** Everything on screen: the permanent scan log, then the live area for the current phase. */
export function Screen({ state, palette }: ScreenProps) {
  return (
    <Box flexDirection="column">
      <ScanLog entries={state.log} palette={palette} />
      <Body state={state} palette={palette} />
    </Box>
  );
}
