/**
 * The plain-text report: grouped by account when there are several, then by severity, failures first, one line per result with its reason and,
 * for failures, the commands that fix them; a summary and the gate verdict last. Colour is optional and
 * never the only signal: every line spells out its status. Control characters in AWS data are escaped.
 */
import { styleText } from 'node:util';
import type { ScanReport } from '../src/model/report.js';
import { SEVERITIES, type Result, type Status } from '../src/model/result.js';
import { terminalSafe } from '../src/terminal-text.js';
import { accountReports } from './accounts.js';
import { rendered, type Reporter } from './types.js';

type Style = Parameters<typeof styleText>[0];

const STATUS_LABEL: Record<Status, { mark: string; word: string; style: Style }> = {
  FAILED: { mark: '✗', word: 'FAILED', style: 'red' },
  WARNING: { mark: '!', word: 'WARNING', style: 'yellow' },
  NOT_AVAILABLE: { mark: '?', word: 'N/A', style: 'magenta' },
  PASSED: { mark: '✓', word: 'PASSED', style: 'green' },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function header(report: ScanReport): string {
  const { scan } = report;
  const skipped = scan.regions.skipped.map((s) => s.region);
  const regions =
    `${plural(scan.regions.scanned.length, 'Region')} scanned` +
    (skipped.length > 0 ? ` (skipped, not enabled: ${skipped.join(', ')})` : '');
  const source =
    scan.source === 'aws'
      ? `${plural(scan.apiCalls.total, 'API call')} in ${(scan.durationMs / 1000).toFixed(1)} s`
      : 'from a saved inventory';
  const who =
    scan.accounts === undefined
      ? `account ${scan.account.id} (${scan.account.partition})`
      : `${plural(scan.accounts.scanned.length + scan.accounts.failed.length, 'account')} from ${scan.account.id} (${scan.account.partition})` +
        (scan.accounts.shard === undefined ? '' : `, shard ${scan.accounts.shard.index}/${scan.accounts.shard.count}`);
  return `trailscan ${report.tool.version} · ${who} · ${regions} · ${plural(scan.checks.length, 'control')} · ${source}`;
}

/** The results of a report (or of one account's part of it), by severity. */
function severityLines(report: ScanReport, paint: (style: Style, text: string) => string, indent: string): string[] {
  const lines: string[] = [];
  for (const severity of SEVERITIES) {
    const results = report.results.filter((r) => r.severity === severity);
    if (results.length === 0) continue;
    lines.push('', paint('bold', `${indent}${severity}`));
    for (const result of results) lines.push(...resultLines(result, paint));
  }
  return lines;
}

/** With several accounts: a section per account, then the accounts left out. */
function accountLines(report: ScanReport, paint: (style: Style, text: string) => string): string[] {
  const accounts = report.scan.accounts;
  if (accounts === undefined) return severityLines(report, paint, '');
  const names = new Map([...accounts.scanned, ...accounts.failed].map((a) => [a.id, a.name]));
  const lines: string[] = [];
  for (const part of accountReports(report)) {
    const { id } = part.scan.account;
    const name = names.get(id);
    const failed = accounts.failed.find((a) => a.id === id);
    const state = failed === undefined ? '' : ` — not scanned: ${failed.error.operation} failed: ${failed.error.code}`;
    lines.push('', paint('bold', `Account ${id}${name === undefined ? '' : ` (${name})`}${state}`));
    lines.push(...severityLines(part, paint, '  '));
  }
  if (accounts.skipped.length > 0) {
    lines.push('', paint('bold', 'Accounts not scanned'));
    for (const a of accounts.skipped) lines.push(`  ${a.id}${a.name === undefined ? '' : ` (${a.name})`}: ${a.reason}`);
  }
  return lines;
}

function resultLines(result: Result, paint: (style: Style, text: string) => string): string[] {
  const label = STATUS_LABEL[result.status];
  const status = paint(label.style, `${label.mark} ${label.word.padEnd(7)}`);
  const where = `${result.resource.name} ${paint('dim', result.resource.region)}`;
  const suppressed = result.suppressed === undefined ? '' : paint('dim', ` [suppressed: ${result.suppressed.reason}]`);
  const check =
    result.checkSource === 'plugin' ? `${result.checkId} ${paint('dim', '[plugin]')}` : result.checkId.padEnd(13);
  const lines = [`  ${status} ${check} ${where}${suppressed}`, `              ${result.reason}`];
  if (result.status === 'FAILED' && result.suppressed === undefined) {
    for (const command of result.remediation?.commands ?? [])
      lines.push(`              ${paint('cyan', 'fix:')} ${command}`);
  }
  return lines;
}

function summaryLines(report: ScanReport, paint: (style: Style, text: string) => string): string[] {
  const { byStatus, failedBySeverity, suppressed } = report.summary;
  const failedDetail = SEVERITIES.filter((s) => failedBySeverity[s] > 0)
    .map((s) => `${failedBySeverity[s]} ${s.toLowerCase()}`)
    .join(', ');
  const counts = [
    `${byStatus.FAILED} failed${failedDetail === '' ? '' : ` (${failedDetail})`}`,
    plural(byStatus.WARNING, 'warning'),
    `${byStatus.NOT_AVAILABLE} not available`,
    `${byStatus.PASSED} passed`,
    ...(suppressed > 0 ? [`${suppressed} suppressed`] : []),
  ].join(' · ');
  const controls = report.summary.controls
    .map((c) => `${c.id}${c.source === 'plugin' ? ' [plugin]' : ''} ${c.status}`)
    .join(' · ');
  const gateStyle: Style = report.gate.exitCode === 0 ? 'green' : report.gate.exitCode === 3 ? 'red' : 'yellow';
  return [
    `Controls: ${controls}`,
    `Results: ${counts}`,
    paint(gateStyle, `Exit ${report.gate.exitCode}: ${report.gate.reason}`),
  ];
}

export const renderText: Reporter = (unsafe, options) => {
  // AWS data reaches a terminal (or a file printed on one): its control characters are shown, never acted on.
  const report = terminalSafe(unsafe);
  // The caller decided colour for the stream the text goes to; styleText must not second-guess it.
  const paint = (style: Style, text: string) =>
    options.color ? styleText(style, text, { validateStream: false }) : text;
  const lines = [header(report), ...accountLines(report, paint)];
  if (report.results.length === 0) lines.push('', 'No results: nothing in scope for the selected controls.');
  for (const expired of report.suppressions.expired) {
    lines.push(
      '',
      paint(
        'yellow',
        `Expired suppression (${expired.expires}) no longer applies: ${expired.check} ${expired.resource} — ${expired.reason}`,
      ),
    );
  }
  lines.push('', ...summaryLines(report, paint));
  return rendered(`${lines.join('\n')}\n`);
};
