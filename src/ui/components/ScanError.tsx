import { Text } from 'ink';
import { terminalLine } from '../../terminal-text.js';
import { errorMessage } from '../text.js';
import type { Palette } from '../theme.js';

export function ScanError({ error, palette }: { error: unknown; palette: Palette }) {
  return <Text color={palette.color('bad')}>✗ Scan failed: {terminalLine(errorMessage(error))}</Text>;
}
