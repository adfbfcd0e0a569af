/** Reading the HTML report back in tests: its embedded results, and a form of it fit for a golden file. */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { CLIENT_SCRIPT, STYLES } from '../../reporters/html/assets.js';
import { PAYLOAD_ELEMENT_ID, type Payload } from '../../reporters/html/payload.js';

const PAYLOAD = new RegExp(`(<script type="[^"]+" id="${PAYLOAD_ELEMENT_ID}">)([^<]*)(</script>)`);

export function payloadOf(page: string): Payload {
  const base64 = PAYLOAD.exec(page)?.[2];
  if (base64 === undefined) throw new Error('the page has no payload');
  return JSON.parse(gunzipSync(Buffer.from(base64, 'base64')).toString('utf8')) as Payload;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

/**
 * The page with its bundled style and script (checked against their sources elsewhere) named rather than
 * copied, and its compressed results decoded: what a reviewer can read in a diff.
 */
export function readablePage(page: string): string {
  return page
    .replace(`<style>${STYLES}</style>`, '<style>/* STYLES of reporters/html/assets.ts */</style>')
    .replace(`<script>${CLIENT_SCRIPT}</script>`, '<script>/* CLIENT_SCRIPT of reporters/html/assets.ts */</script>')
    .replace(sha256(STYLES), 'HASH-OF-STYLES')
    .replace(sha256(CLIENT_SCRIPT), 'HASH-OF-CLIENT_SCRIPT')
    .replace(PAYLOAD, (_, open: string, _base64: string, close: string) =>
      [open, '/* decoded: */', JSON.stringify(payloadOf(page), null, 2), close].join('\n'),
    );
}
