/**
 * One result's detail as screen lines, laid out for a given width. Laying it out here rather than
 * letting the terminal wrap means the pane can scroll by exact lines, and commands wrap only where a
 * shell still reads them as one command.
 */
import type { Result } from '../model/result.js';
import { SEVERITY_TONES, formatMark, markOf, type Tone } from './theme.js';
import { compactJson, wrapCommand, wrapText } from './text.js';

interface Segment {
  text: string;
  tone?: Tone;
  bold?: boolean;
}
export type DetailLine = Segment[];

const LABEL_WIDTH = 12;
/** Evidence can be large (every candidate trail, every grant): the JSON report has it all. */
const EVIDENCE_LINES_PER_FIELD = 3;

function field(label: string, value: string, width: number, maxLines = Infinity): DetailLine[] {
  const room = width - LABEL_WIDTH;
  const wrapped = wrapText(value, room);
  const shown =
    wrapped.length > maxLines
      ? [...wrapped.slice(0, maxLines - 1), `${(wrapped[maxLines - 1] ?? '').slice(0, room - 1)}…`]
      : wrapped;
  return shown.map((text, index) => [{ text: (index === 0 ? label : '').padEnd(LABEL_WIDTH), bold: true }, { text }]);
}

/** Several values under one label, each starting on its own line. */
function labelled(label: string, values: readonly string[], width: number, maxLinesEach = Infinity): DetailLine[] {
  return values.flatMap((value, index) => field(index === 0 ? label : '', value, width, maxLinesEach));
}

const blank: DetailLine = [];
const heading = (text: string): DetailLine => [{ text, bold: true }];
const plain = (text: string): DetailLine => [{ text }];

function suppressionText(suppressed: NonNullable<Result['suppressed']>): string {
  const until = suppressed.expires === undefined ? '' : ` until ${suppressed.expires}`;
  return `${suppressed.reason}${until} (rule: ${suppressed.rule})`;
}

export function detailLines(result: Result, width: number): DetailLine[] {
  const mark = markOf(result);
  const { resource } = result;
  const lines: DetailLine[] = [
    [
      { text: formatMark(mark), tone: mark.tone, bold: true },
      { text: '  ' },
      { text: result.severity, tone: SEVERITY_TONES[result.severity], bold: true },
      { text: `  ${result.checkId}` },
      ...(result.checkSource === 'plugin' ? [{ text: '  plugin check', tone: 'muted' as const }] : []),
    ],
    ...wrapText(result.title, width).map((text) => [{ text, bold: true }]),
    blank,
    ...field('Reason', result.reason, width),
    ...field('Code', result.reasonCode, width),
    ...field('Resource', `${resource.name} (${resource.type})`, width),
    ...field('ARN', resource.id, width),
    ...field('Region', `${resource.region} · account ${resource.accountId}`, width),
  ];
  lines.push(
    ...labelled(
      'Evidence',
      Object.entries(result.evidence).map(([key, value]) => `${key}: ${compactJson(value)}`),
      width,
      EVIDENCE_LINES_PER_FIELD,
    ),
    ...labelled(
      'Errors',
      (result.errors ?? []).map((e) => `${e.operation} in ${e.region}: ${e.code} — ${e.message}`),
      width,
    ),
  );
  if (result.suppressed !== undefined) {
    lines.push(...field('Suppressed', suppressionText(result.suppressed), width));
    lines.push(...field('Status', result.status, width));
  }
  const { remediation } = result;
  if (remediation !== undefined) {
    lines.push(blank, heading('Remediation'), ...wrapText(remediation.text, width).map(plain));
    if (remediation.commands.length > 0) lines.push(blank);
    for (const command of remediation.commands) lines.push(...wrapCommand(command, width).map(plain));
    lines.push(blank, heading('Reference'), ...wrapText(remediation.url, width).map(plain));
  }
  return lines;
}
