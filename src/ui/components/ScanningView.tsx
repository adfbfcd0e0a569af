import { Box, Text } from 'ink';
import { liveRegionLines, type TerminalSize } from '../layout.js';
import { finishedRegions, type RegionLine, type ScanProgress, type VerifyProgress } from '../state.js';
import { formatDuration, plural } from '../text.js';
import { spinnerFrame, type Palette } from '../theme.js';
import { RegionRow } from './RegionRow.js';

const BAR_MAX_WIDTH = 30;
const BAR_MIN_WIDTH = 10;

interface ProgressBarProps {
  /** What is counted: Regions of one account, or the accounts of several. */
  unit: 'Regions' | 'accounts';
  finished: number;
  total: number;
  apiCalls: number;
  failedApiCalls: number;
  elapsedMs: number;
  width: number;
  palette: Palette;
}

/** A bar filled to `done` of `total`, followed by what it counts. */
function Bar({
  done,
  total,
  text,
  width,
  palette,
}: {
  done: number;
  total: number;
  text: string;
  width: number;
  palette: Palette;
}) {
  const barWidth = Math.max(BAR_MIN_WIDTH, Math.min(BAR_MAX_WIDTH, width - text.length));
  const filled = total === 0 ? 0 : Math.round((done / total) * barWidth);
  return (
    <Text wrap="truncate-end">
      <Text color={palette.color('accent')}>{'█'.repeat(filled)}</Text>
      <Text color={palette.color('muted')}>{'░'.repeat(barWidth - filled)}</Text>
      {text}
    </Text>
  );
}

function ProgressBar({ unit, finished, total, apiCalls, failedApiCalls, elapsedMs, width, palette }: ProgressBarProps) {
  const failed = failedApiCalls > 0 ? ` (${failedApiCalls} failed)` : '';
  const text = ` ${finished}/${total} ${unit} · ${plural(apiCalls, 'API call')}${failed} · ${formatDuration(elapsedMs)} · Ctrl-C stops`;
  return <Bar done={finished} total={total} text={text} width={width} palette={palette} />;
}

/** Digest verification: a bar over the objects found so far, with the chains and log files read. */
function VerifyBar({ verify, width, palette }: { verify: VerifyProgress; width: number; palette: Palette }) {
  const found = verify.digestsFound + verify.logFilesFound;
  const read = verify.digestsRead + verify.logFilesRead;
  const logs = verify.logFilesFound === 0 ? '' : ` · log files ${verify.logFilesRead}/${verify.logFilesFound}`;
  const text = ` digests ${verify.digestsRead}/${verify.digestsFound}${logs} · chains ${verify.chainsRead}/${verify.chains}`;
  return <Bar done={read} total={found} text={text} width={width} palette={palette} />;
}

export interface ScanningViewProps {
  scan: ScanProgress;
  elapsedMs: number;
  terminal: TerminalSize;
  palette: Palette;
}

/**
 * The live part of the scan: Regions in progress, then those waiting, then the progress bar; with several
 * accounts, the accounts not scanned and the accounts done.
 */
export function ScanningView({ scan, elapsedMs, terminal, palette }: ScanningViewProps) {
  const open: RegionLine[] = scan.regions.flatMap((region) => {
    const progress = scan.progress[region];
    return progress?.state === 'scanning' || progress?.state === 'waiting' ? [{ region, progress }] : [];
  });
  // Those being scanned first: they are what is happening now.
  open.sort((a, b) => Number(b.progress.state === 'scanning') - Number(a.progress.state === 'scanning'));
  const room = liveRegionLines(terminal);
  const shown = open.length > room ? open.slice(0, room - 1) : open;
  const hidden = open.slice(shown.length);
  const hiddenScanning = hidden.filter((line) => line.progress.state === 'scanning').length;
  const hiddenWaiting = hidden.length - hiddenScanning;
  const more = [
    hiddenScanning > 0 ? `${hiddenScanning} more scanning` : undefined,
    hiddenWaiting > 0 ? `${hiddenWaiting} ${hiddenScanning > 0 ? '' : 'more '}waiting` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  return (
    <Box flexDirection="column">
      {scan.regions.length === 0 && scan.accounts === undefined && (
        <Text color={palette.color('accent')}>
          {spinnerFrame(elapsedMs)} Identifying the caller and listing Regions…
        </Text>
      )}
      {shown.map((line) => (
        <RegionRow key={line.region} line={line} elapsedMs={elapsedMs} palette={palette} />
      ))}
      {more !== '' && (
        <Box paddingLeft={2}>
          <Text color={palette.color('muted')}>… and {more}</Text>
        </Box>
      )}
      {scan.verify !== undefined && <VerifyBar verify={scan.verify} width={terminal.columns} palette={palette} />}
      {scan.accounts !== undefined && scan.accounts.failed.length > 0 && (
        <Text color={palette.color('warn')} wrap="truncate-end">
          {`${plural(scan.accounts.failed.length, 'account')} not scanned: ${scan.accounts.failed.map((a) => a.accountId).join(', ')}`}
        </Text>
      )}
      <ProgressBar
        unit={scan.accounts === undefined ? 'Regions' : 'accounts'}
        finished={scan.accounts === undefined ? finishedRegions(scan) : scan.accounts.done}
        total={scan.accounts === undefined ? scan.regions.length : scan.accounts.total}
        apiCalls={scan.apiCalls}
        failedApiCalls={scan.failedApiCalls}
        elapsedMs={elapsedMs}
        width={terminal.columns}
        palette={palette}
      />
    </Box>
  );
}
