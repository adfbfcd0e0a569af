import { Box, Text } from 'ink';
import { EXIT, type ScanReport } from '../../model/report.js';
import { SEVERITIES, STATUSES } from '../../model/result.js';
import { formatDuration, plural } from '../text.js';
import { SEVERITY_TONES, statusCounts, verdictOf, type Palette, type Tone } from '../theme.js';

const LABEL_WIDTH = 9;

function Label({ children }: { children: string }) {
  return <Text bold>{children.padEnd(LABEL_WIDTH)}</Text>;
}

/** Whether a gate that failed on results also could not see everything: worth saying, as exit 3 hides it. */
const alsoIncomplete = (gate: ScanReport['gate']): boolean => !gate.complete && gate.exitCode !== EXIT.incomplete;

export interface SummaryBarProps {
  report: ScanReport;
  palette: Palette;
}

/** Four lines: the scan, counts by status, failures by severity, and the gate with its exit code. */
export function SummaryBar({ report, palette }: SummaryBarProps) {
  const { scan, summary, gate } = report;
  const verdict = verdictOf(gate);
  const allPassed = summary.total > 0 && summary.byStatus.PASSED === summary.total;
  // Zero counts recede, so what needs attention stands out.
  const toneIf = (count: number, tone: Tone) => palette.color(count > 0 ? tone : 'muted');
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Label>Account</Label>
        {scan.account.id} ({scan.account.partition}) · {plural(scan.regions.scanned.length, 'Region')} scanned
        {scan.regions.skipped.length > 0 ? `, ${scan.regions.skipped.length} skipped` : ''} ·{' '}
        {plural(summary.total, 'result')} · {formatDuration(scan.durationMs)}
      </Text>
      <Text wrap="truncate-end">
        <Label>Results</Label>
        {statusCounts(summary).map(({ mark, count }, index) => (
          <Text key={mark.word} color={index < STATUSES.length ? toneIf(count, mark.tone) : palette.color('muted')}>
            {index === 0 ? '' : '  '}
            {mark.symbol} {count} {mark.word}
          </Text>
        ))}
        {allPassed && <Text color={palette.color('good')}> · All {summary.total} results passed</Text>}
      </Text>
      <Text wrap="truncate-end">
        <Label>Failed</Label>
        {SEVERITIES.map((severity, index) => {
          const count = summary.failedBySeverity[severity];
          return (
            <Text key={severity} color={toneIf(count, SEVERITY_TONES[severity])}>
              {index === 0 ? '' : '  '}
              {severity} {count}
            </Text>
          );
        })}
      </Text>
      <Text wrap="truncate-end">
        <Label>Gate</Label>
        <Text bold color={palette.color(verdict.tone)}>
          {verdict.symbol} {verdict.word}
        </Text>{' '}
        · exit {gate.exitCode} · {gate.reason}
        {alsoIncomplete(gate) ? ' · scan incomplete' : ''}
      </Text>
    </Box>
  );
}
