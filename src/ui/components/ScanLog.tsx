import { Static, Text } from 'ink';
import type { LogEntry } from '../state.js';
import type { Palette } from '../theme.js';
import { RegionRow } from './RegionRow.js';

function LogLine({ entry, palette }: { entry: LogEntry; palette: Palette }) {
  switch (entry.kind) {
    case 'identity': {
      const { account } = entry;
      return (
        <Text wrap="truncate-end">
          <Text bold>Account {account.id}</Text>
          <Text color={palette.color('muted')}>
            {' '}
            ({account.partition}) · {account.identityArn}
          </Text>
        </Text>
      );
    }
    case 'region':
      return <RegionRow line={entry} elapsedMs={0} palette={palette} />;
    case 'notice':
      return <Text color={palette.color('warn')}>! {entry.message}</Text>;
  }
}

export interface ScanLogProps {
  entries: LogEntry[];
  palette: Palette;
}

/**
 * The identity, then each Region as it finishes (or is skipped), and notices: printed once above the live
 * area and never redrawn. It must stay mounted for the whole session, or Ink would print it all again.
 */
export function ScanLog({ entries, palette }: ScanLogProps) {
  return <Static items={entries}>{(entry, index) => <LogLine key={index} entry={entry} palette={palette} />}</Static>;
}
