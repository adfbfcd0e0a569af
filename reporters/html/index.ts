/**
 * The HTML audit report: one self-contained file for people who read a report rather than run a scan.
 *
 * Everything is inline (styles, script, data), and a Content-Security-Policy allows nothing else: the page
 * can make no network request, from `file://`, a web server or an e-mail attachment alike. The summary
 * parts are written here and read without the script; the result tables (sortable, filterable, paged, with
 * each result's details) are drawn by the script from the embedded results, so 10,000 results stay a file
 * of about a megabyte that opens at once.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ScanReport } from '../../src/model/report.js';
import { checkLookup, sourceLabel } from '../controls.js';
import { rendered, type Reporter } from '../types.js';
import { CLIENT_SCRIPT, STYLES } from './assets.js';
import { markup, trusted, type Markup } from './markup.js';
import { PAYLOAD_ELEMENT_ID, PAYLOAD_TYPE, type Payload } from './payload.js';
import {
  contents,
  controlsSection,
  findingsSection,
  masthead,
  matrixSection,
  notEvaluatedSection,
  severitySection,
  suppressedSection,
  type ReportView,
} from './sections.js';

const sha256Base64 = (text: string) => createHash('sha256').update(text).digest('base64');

/**
 * Only the page's own style and script run, identified by hash; no fetch, image, font or frame from
 * anywhere; forms and `<base>` cannot send the reader elsewhere.
 */
function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${sha256Base64(STYLES)}'`,
    `script-src 'sha256-${sha256Base64(CLIENT_SCRIPT)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function payloadOf(report: ScanReport, view: ReportView): Payload {
  return {
    controls: report.summary.controls.map(({ id, title, severity }) => {
      const check = view.checkOf(id);
      return {
        id,
        title,
        severity,
        source: sourceLabel(check),
        references: [check.documentationUrl, ...check.references],
      };
    }),
    results: report.results.map(({ title: _title, severity: _severity, ...rest }) => rest),
  };
}

/** gzip, then base64: the script decompresses it with the browser's own DecompressionStream. */
export const encodePayload = (payload: Payload): string =>
  gzipSync(JSON.stringify(payload), { level: 9 }).toString('base64');

function accountsOf(report: ScanReport): string[] {
  const others = new Set(report.results.map((r) => r.resource.accountId));
  others.delete(report.scan.account.id);
  return [report.scan.account.id, ...[...others].sort()];
}

function page(view: ReportView, payload: string): Markup {
  const { report } = view;
  const title = `trailscan audit — ${view.accounts.length === 1 ? `account ${report.scan.account.id}` : `${view.accounts.length.toString()} accounts`} — ${report.scan.startedAt.slice(0, 10)}`;
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="trailscan ${report.tool.version}">
<title>${title}</title>
<style>${trusted(STYLES)}</style>
</head>
<body>
<a class="skip-link" href="#findings">Skip to the findings</a>
${masthead(view)}
${contents(view)}
<main>
${controlsSection(view)}
${matrixSection(view)}
${severitySection(view)}
${findingsSection(view)}
${suppressedSection(view)}
${notEvaluatedSection(view)}
</main>
<footer class="footer"><p>Written by <a href="${report.tool.informationUri}" rel="noreferrer">trailscan</a> ${report.tool.version} on ${report.scan.finishedAt}. A snapshot: this page makes no network request and changes nothing.</p></footer>
<script type="${PAYLOAD_TYPE}" id="${PAYLOAD_ELEMENT_ID}">${payload}</script>
<script>${trusted(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
}

export const renderHtml: Reporter = (report, { checks }) => {
  const view: ReportView = { report, checkOf: checkLookup(checks, 'HTML'), accounts: accountsOf(report) };
  return rendered(page(view, encodePayload(payloadOf(report, view))).html);
};
