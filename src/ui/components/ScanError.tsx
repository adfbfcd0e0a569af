import { Text } from 'ink';
import { errorMessage } from '../text.js';
import type { Palette } from '../theme.js';

export function ScanError({ error, palette }: { error: unknown; palette: Palette }) {
  return <Text color={palette.color('bad')}>✗ Scan failed: {errorMessage(error)}</Text>;
}
