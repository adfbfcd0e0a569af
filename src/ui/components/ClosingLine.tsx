import { Text } from 'ink';
import type { ScanReport } from '../../model/report.js';
import { finishedRegions, type Closing, type Phase, type ScanProgress } from '../state.js';
import { statusCounts, verdictOf, type Palette } from '../theme.js';
import { ScanError } from './ScanError.js';

function ReportSummary({ report, palette }: { report: ScanReport; palette: Palette }) {
  const { summary, gate } = report;
  const verdict = verdictOf(gate);
  const counts = statusCounts(summary).filter(({ count }) => count > 0);
  // One line whatever the width: the reason, last, is what gives way.
  return (
    <Text wrap="truncate-end">
      {counts.length === 0 && 'No results'}
      {counts.map(({ mark, count }, index) => (
        <Text key={mark.word} color={palette.color(mark.tone)}>
          {index === 0 ? '' : ' · '}
          {mark.symbol} {count} {mark.word}
        </Text>
      ))}
      {' — '}
      <Text bold color={palette.color(verdict.tone)}>
        {verdict.word}
      </Text>
      , exit {gate.exitCode}: {gate.reason}
    </Text>
  );
}

export interface ClosingLineProps {
  closing: Closing;
  phase: Phase;
  scan: ScanProgress;
  palette: Palette;
}

/** The one line left on screen after the UI closes. */
export function ClosingLine({ closing, phase, scan, palette }: ClosingLineProps) {
  if (closing === 'interrupted') {
    const progress =
      phase.kind === 'scanning' ? ` after ${finishedRegions(scan)} of ${scan.regions.length} Regions` : '';
    return <Text color={palette.color('warn')}>Interrupted{progress}</Text>;
  }
  switch (phase.kind) {
    case 'results':
      return <ReportSummary report={phase.report} palette={palette} />;
    case 'failed':
      return <ScanError error={phase.error} palette={palette} />;
    case 'scanning':
      return null;
  }
}
