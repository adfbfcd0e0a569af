import { Box, Text } from 'ink';
import type { ScanReport } from '../../model/report.js';
import { detailLines } from '../detail.js';
import { FILTER_LABELS, listFindings, type FindingList as List } from '../findings.js';
import { detailHeight, listHeight, type TerminalSize } from '../layout.js';
import type { Browse } from '../state.js';
import { plural } from '../text.js';
import type { Palette } from '../theme.js';
import { DetailPane } from './DetailPane.js';
import { FindingList } from './FindingList.js';
import { HelpPane } from './HelpPane.js';
import { SummaryBar } from './SummaryBar.js';

function emptyMessage(report: ScanReport, browse: Browse): string {
  const { total, byStatus } = report.summary;
  if (total === 0) return 'No findings: no check produced a result.';
  if (browse.search !== '') return `No result matches "${browse.search}" (showing ${FILTER_LABELS[browse.filter]}).`;
  if (browse.filter === 'failed') {
    return byStatus.PASSED === total ? `No failed results: all ${total} results passed.` : 'No failed results.';
  }
  return 'No warnings and no results that could not be evaluated.';
}

function ListHeader({ browse, list, total, palette }: { browse: Browse; list: List; total: number; palette: Palette }) {
  if (browse.draft !== undefined) {
    return (
      <Text wrap="truncate-end">
        <Text bold>Search: </Text>
        {browse.draft}
        <Text color={palette.color('accent')}>█</Text>
        <Text color={palette.color('muted')}> Enter applies · Esc clears</Text>
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end" color={palette.color('accent')}>
      <Text bold>Showing {FILTER_LABELS[browse.filter]}</Text>: {list.results.length} of {plural(total, 'result')} ·
      grouped by {browse.grouping}
      {browse.search === '' ? '' : ` · search "${browse.search}"`}
    </Text>
  );
}

function Footer({ children, palette }: { children: string; palette: Palette }) {
  return (
    <Text wrap="truncate-end" color={palette.color('muted')}>
      {children}
    </Text>
  );
}

export interface ResultsViewProps {
  report: ScanReport;
  browse: Browse;
  terminal: TerminalSize;
  palette: Palette;
}

/** The summary bar over the findings list (or the help), or one result's detail on its own. */
export function ResultsView({ report, browse, terminal, palette }: ResultsViewProps) {
  const list = listFindings(report, browse);
  const selected = list.results[browse.cursor];
  if (browse.pane === 'detail' && selected !== undefined) {
    const lines = detailLines(selected, terminal.columns);
    const height = detailHeight(terminal);
    const last = Math.min(browse.detailTop + height, lines.length);
    return (
      <Box flexDirection="column">
        <DetailPane lines={lines} top={browse.detailTop} height={height} palette={palette} />
        <Footer palette={palette}>
          {`Lines ${browse.detailTop + 1}–${last} of ${lines.length} · ↑↓ PgUp PgDn scroll · Esc, Enter or q closes`}
        </Footer>
      </Box>
    );
  }
  const height = listHeight(terminal);
  const position = list.results.length === 0 ? '' : `${browse.cursor + 1}/${list.results.length}  `;
  return (
    <Box flexDirection="column">
      <SummaryBar report={report} palette={palette} />
      <ListHeader browse={browse} list={list} total={report.results.length} palette={palette} />
      {browse.pane === 'help' ? (
        <HelpPane height={height} />
      ) : (
        <FindingList
          list={list}
          grouping={browse.grouping}
          cursor={browse.cursor}
          scrollTop={browse.scrollTop}
          height={height}
          width={terminal.columns}
          emptyMessage={emptyMessage(report, browse)}
          palette={palette}
        />
      )}
      <Footer palette={palette}>
        {browse.pane === 'help'
          ? '?, Esc or q closes the help'
          : `${position}↑↓ move · Enter details · f filter · / search · g group · ? help · q quit`}
      </Footer>
    </Box>
  );
}
