/**
 * The parts of the HTML report written on the server, readable without the script: scope and gate, the
 * controls, the matrix, the severity chart, and what was suppressed or could not be evaluated.
 */
import type { CheckMetadata } from '../../src/model/check.js';
import type { CollectionError } from '../../src/model/inventory.js';
import type { ScanReport } from '../../src/model/report.js';
import type { Result, Status } from '../../src/model/result.js';
import { sourceLabel } from '../controls.js';
import {
  CONTROL_STATUS_LABELS,
  CONTROL_STATUS_ORDER,
  SEVERITY_ORDER,
  SEVERITY_TEXT,
  STATUS_LABELS,
  STATUS_ORDER,
  isWebUrl,
  type Label,
} from './labels.js';
import { markup, type Content, type Markup } from './markup.js';

export interface ReportView {
  report: ScanReport;
  checkOf: (checkId: string) => CheckMetadata;
  /** Every account with results, the scanned one first. */
  accounts: string[];
}

const plural = (n: number, word: string, words = `${word}s`) => `${n.toLocaleString('en')} ${n === 1 ? word : words}`;

/** CloudTrail.2 before CloudTrail.10. */
const byControlId = new Intl.Collator('en', { numeric: true }).compare;

export function badge(label: Label, text = label.text): Markup {
  return markup`<span class="status status--${label.tone}"
    ><span class="status__symbol" aria-hidden="true">${label.symbol}</span> ${text}</span
  >`;
}

function link(url: string, text: Content): Markup {
  return isWebUrl(url) ? markup`<a href="${url}" rel="noreferrer">${text}</a>` : markup`${text}`;
}

/** `2026-11-20T10:00:00.000Z` → `2026-11-20 10:00:00 UTC`: the same for every reader, wherever they are. */
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

function gateLabel(exitCode: number): Label & { title: string } {
  if (exitCode === 0) return { symbol: '✓', text: 'Passed', tone: 'passed', title: 'Gate passed' };
  if (exitCode === 3) return { symbol: '✗', text: 'Failed', tone: 'failed', title: 'Gate failed' };
  return { symbol: '?', text: 'Incomplete', tone: 'warning', title: 'Scan incomplete' };
}

export function masthead(view: ReportView): Markup {
  const { scan, gate, tool } = view.report;
  const { accounts } = view;
  const verdict = gateLabel(gate.exitCode);
  const skipped = scan.regions.skipped;
  const scope: [string, Content][] = [
    [accounts.length === 1 ? 'Account' : 'Accounts', accounts.join(', ')],
    ['Partition', scan.account.partition],
    ['Identity', scan.account.identityArn],
    ['Source', scan.source === 'aws' ? 'Live AWS APIs' : 'A saved inventory, evaluated offline'],
    [
      'Scanned',
      `${utc(scan.startedAt)}, ${(scan.durationMs / 1000).toFixed(1)} s` +
        (scan.source === 'aws' ? `, ${plural(scan.apiCalls.total, 'API call')}` : ''),
    ],
    ['Regions', `${plural(scan.regions.scanned.length, 'Region')}: ${scan.regions.scanned.join(', ')}`],
    ...(skipped.length > 0
      ? [['Not scanned', skipped.map((s) => `${s.region} (${s.reason})`).join(', ')] as [string, Content]]
      : []),
    ['Controls', scan.checks.join(', ')],
    ['Gate', `--fail-on ${gate.failOn}`],
  ];
  return markup`<header class="masthead">
    <p class="masthead__tool">trailscan ${tool.version} · CloudTrail posture audit</p>
    <h1>${accounts.length === 1 ? `Account ${accounts[0] ?? ''}` : `${accounts.length.toString()} accounts`}</h1>
    <section class="gate gate--${verdict.tone}" aria-labelledby="gate-title">
      <h2 id="gate-title">
        <span aria-hidden="true">${verdict.symbol}</span> ${verdict.title}: exit code ${gate.exitCode}
      </h2>
      <p>${gate.reason}.${gate.complete ? '' : ' Some of the account could not be seen: see “Not evaluated”.'}</p>
    </section>
    <dl class="scope">
      ${scope.map(
        ([term, value]) =>
          markup`<div>
            <dt>${term}</dt>
            <dd>${value}</dd>
          </div>`,
      )}
    </dl>
  </header>`;
}

export function contents(view: ReportView): Markup {
  const sections: [string, string][] = [
    ['controls', 'Controls'],
    ['matrix', view.accounts.length > 1 ? 'Controls × Regions and accounts' : 'Controls × Regions'],
    ['severity', 'Failed results by severity'],
    ['findings', 'Findings'],
    ['suppressed', 'Suppressed'],
    ['not-evaluated', 'Not evaluated'],
  ];
  return markup`<nav class="contents" aria-label="Sections">
    <ul>
      ${sections.map(([id, title]) => markup`<li><a href="#${id}">${title}</a></li>`)}
    </ul>
  </nav>`;
}

export function controlsSection(view: ReportView): Markup {
  const { controls } = view.report.summary;
  const sorted = [...controls].sort(
    (a, b) =>
      CONTROL_STATUS_ORDER.indexOf(a.status) - CONTROL_STATUS_ORDER.indexOf(b.status) ||
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      byControlId(a.id, b.id),
  );
  const tally = CONTROL_STATUS_ORDER.map(
    (status) => [status, controls.filter((c) => c.status === status).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([status, n]) =>
      badge(CONTROL_STATUS_LABELS[status], `${n.toString()} ${CONTROL_STATUS_LABELS[status].text.toLowerCase()}`),
    );
  return markup`<section id="controls" aria-labelledby="controls-title">
    <h2 id="controls-title">Controls</h2>
    <p class="tally">${tally}</p>
    <div class="scroll">
      <table class="controls">
        <caption class="visually-hidden">
          Controls by status: unsuppressed results per status
        </caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Control</th>
            <th scope="col">Title</th>
            <th scope="col">Source</th>
            <th scope="col">Severity</th>
            ${STATUS_ORDER.map((s) => markup`<th scope="col" class="number">${STATUS_LABELS[s].text}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${sorted.map(
            (c) =>
              markup`<tr>
                <td>${badge(CONTROL_STATUS_LABELS[c.status])}</td>
                <th scope="row">${link(view.checkOf(c.id).documentationUrl, c.id)}</th>
                <td>${c.title}</td>
                <td>${sourceLabel(view.checkOf(c.id))}</td>
                <td>${SEVERITY_TEXT[c.severity]}</td>
                ${STATUS_ORDER.map((s) => markup`<td class="number">${c.counts[s].toLocaleString('en')}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

/** The worst unsuppressed status of some results, and how many there are of each. */
function cellOf(results: readonly Result[]): { worst: Status | undefined; counts: Map<Status, number> } {
  const counts = new Map<Status, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return { worst: STATUS_ORDER.find((s) => counts.has(s)), counts };
}

interface Dimension {
  /** `region` or `account`: the findings filter a cell sets. */
  key: 'region' | 'account';
  caption: string;
  columns: string[];
  of: (result: Result) => string;
}

function matrixTable(view: ReportView, dimension: Dimension): Markup {
  const active = view.report.results.filter((r) => r.suppressed === undefined);
  const groups = new Map<string, Result[]>();
  for (const r of active) {
    const key = `${r.checkId}\u0000${dimension.of(r)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const controls = view.report.summary.controls;
  const cell = (checkId: string, column: string) => {
    const { worst, counts } = cellOf(groups.get(`${checkId}\u0000${column}`) ?? []);
    if (worst === undefined)
      return markup`<td class="cell cell--none">
        <span aria-hidden="true">–</span><span class="visually-hidden">no result</span>
      </td>`;
    const label = STATUS_LABELS[worst];
    const detail = STATUS_ORDER.filter((s) => counts.has(s))
      .map((s) => `${(counts.get(s) ?? 0).toString()} ${STATUS_LABELS[s].text.toLowerCase()}`)
      .join(', ');
    return markup`<td class="cell cell--${label.tone}">
      <button
        type="button"
        class="cell__button"
        data-control="${checkId}"
        data-${dimension.key}="${column}"
        title="${detail}"
        aria-label="${checkId}, ${column}: ${label.text} (${detail}). Show these findings"
      >
        <span aria-hidden="true">${label.symbol}</span> ${label.text}
      </button>
    </td>`;
  };
  return markup`<div class="scroll">
    <table class="matrix">
      <caption>
        ${dimension.caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">Control</th>
          ${dimension.columns.map((c) => markup`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${controls.map(
          (c) =>
            markup`<tr>
              <th scope="row">${c.id}</th>
              ${dimension.columns.map((column) => cell(c.id, column))}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** Regions as results name them: account-wide (`global`) first, then the scanned Regions, then any other. */
function regionColumns(report: ScanReport): string[] {
  const seen = new Set(report.results.map((r) => r.resource.region));
  const others = [...seen].filter((r) => r !== 'global' && !report.scan.regions.scanned.includes(r)).sort();
  return [...(seen.has('global') ? ['global'] : []), ...[...report.scan.regions.scanned].sort(), ...others];
}

export function matrixSection(view: ReportView): Markup {
  const several = view.accounts.length > 1;
  const legend = STATUS_ORDER.map((s) => badge(STATUS_LABELS[s]));
  return markup`<section id="matrix" aria-labelledby="matrix-title">
    <h2 id="matrix-title">${several ? 'Controls × Regions and accounts' : 'Controls × Regions'}</h2>
    <p>
      Each cell shows the worst status of the control's unsuppressed results there; select it to list them. ${legend}
      <span class="status status--none"><span aria-hidden="true">–</span> no result</span>
    </p>
    ${matrixTable(view, {
      key: 'region',
      caption: several ? 'Worst status per control and Region, all accounts' : 'Worst status per control and Region',
      columns: regionColumns(view.report),
      of: (r) => r.resource.region,
    })}
    ${
      several
        ? matrixTable(view, {
            key: 'account',
            caption: 'Worst status per control and account, all Regions',
            columns: view.accounts,
            of: (r) => r.resource.accountId,
          })
        : ''
    }
  </section>`;
}

/** Horizontal bars, one per severity, each with its number written beside it. */
export function severitySection(view: ReportView): Markup {
  const { failedBySeverity } = view.report.summary;
  const max = Math.max(1, ...SEVERITY_ORDER.map((s) => failedBySeverity[s]));
  const rowHeight = 36;
  const labelWidth = 130;
  const barSpace = 440;
  const summary = SEVERITY_ORDER.map((s) => `${failedBySeverity[s].toString()} ${SEVERITY_TEXT[s].toLowerCase()}`).join(
    ', ',
  );
  return markup`<section id="severity" aria-labelledby="severity-title">
    <h2 id="severity-title">Failed results by severity</h2>
    <svg
      class="chart"
      viewBox="0 0 640 ${SEVERITY_ORDER.length * rowHeight}"
      role="img"
      aria-labelledby="severity-title severity-desc"
    >
      <desc id="severity-desc">Unsuppressed failed results: ${summary}.</desc>
      ${SEVERITY_ORDER.map((s, i) => {
        const n = failedBySeverity[s];
        const width = n === 0 ? 0 : Math.max(4, Math.round((n / max) * barSpace));
        const y = i * rowHeight;
        return markup`<g class="chart__row chart__row--${s.toLowerCase()}">
          <text x="0" y="${y + 22}" class="chart__label">${SEVERITY_TEXT[s]}</text>
          <rect
            x="${labelWidth}"
            y="${y + 6}"
            width="${width}"
            height="${rowHeight - 12}"
            rx="3"
            class="chart__bar"
          ></rect>
          <text x="${labelWidth + width + 8}" y="${y + 22}" class="chart__value">${n.toLocaleString('en')}</text>
        </g>`;
      })}
    </svg>
  </section>`;
}

export function findingsSection(view: ReportView): Markup {
  const { byStatus } = view.report.summary;
  const total = STATUS_ORDER.reduce((n, s) => n + byStatus[s], 0);
  return markup`<section id="findings" aria-labelledby="findings-title">
    <h2 id="findings-title" tabindex="-1">Findings</h2>
    <p>
      ${plural(total, 'unsuppressed result')}:
      ${STATUS_ORDER.map((s) => markup`${badge(STATUS_LABELS[s], `${byStatus[s].toLocaleString('en')} ${STATUS_LABELS[s].text.toLowerCase()}`)} `)}
    </p>
    <div class="result-table" data-table="findings">
      <noscript
        ><p>
          The findings table needs JavaScript; the JSON report (<code>-o json=FILE</code>) holds every result.
        </p></noscript
      >
    </div>
  </section>`;
}

export function suppressedSection(view: ReportView): Markup {
  const { suppressed } = view.report.summary;
  const { expired } = view.report.suppressions;
  return markup`<section id="suppressed" aria-labelledby="suppressed-title">
    <h2 id="suppressed-title">Suppressed (${suppressed.toLocaleString('en')})</h2>
    <p>
      ${suppressed === 0 ? 'No result was suppressed.' : `${plural(suppressed, 'result')} matched a suppression in the configuration: accepted, and left out of the gate, the matrix and the findings.`}
    </p>
    ${suppressed > 0 ? markup`<div class="result-table" data-table="suppressed"></div>` : ''}
    ${
      expired.length > 0
        ? markup`<h3>Expired suppressions, no longer applied</h3>
            <ul>
              ${expired.map(
                (e) =>
                  markup`<li><code>${e.check}</code> <code>${e.resource}</code>: ${e.reason} (expired ${e.expires})</li>`,
              )}
            </ul>`
        : ''
    }
  </section>`;
}

/** Failed calls, one row per operation and error, with the Regions they failed in. */
function failedCalls(errors: readonly CollectionError[]): Markup {
  const groups = new Map<string, CollectionError[]>();
  for (const e of errors) {
    const key = `${e.operation}\u0000${e.code}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const rows = [...groups.values()].sort(
    (a, b) =>
      (a[0]?.operation ?? '').localeCompare(b[0]?.operation ?? '') ||
      (a[0]?.code ?? '').localeCompare(b[0]?.code ?? ''),
  );
  return markup`<div class="scroll">
    <table>
      <caption>
        API calls that failed
      </caption>
      <thead>
        <tr>
          <th scope="col">Operation</th>
          <th scope="col">Error</th>
          <th scope="col">Regions</th>
          <th scope="col" class="number">Calls</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((group) => {
          const [first] = group;
          const regions = [...new Set(group.map((e) => e.region))].sort().join(', ');
          return markup`<tr>
            <th scope="row"><code>${first?.operation}</code></th>
            <td><code>${first?.code}</code></td>
            <td>${regions}</td>
            <td class="number">${group.length.toLocaleString('en')}</td>
            <td>${first?.message}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

export function notEvaluatedSection(view: ReportView): Markup {
  const { report } = view;
  const unavailable = report.summary.byStatus.NOT_AVAILABLE;
  const { skipped } = report.scan.regions;
  return markup`<section id="not-evaluated" aria-labelledby="not-evaluated-title">
    <h2 id="not-evaluated-title">Not evaluated (${unavailable.toLocaleString('en')})</h2>
    <p>
      ${
        report.gate.complete
          ? 'Every control was evaluated for every resource in scope.'
          : `${plural(unavailable, 'result')} could not be evaluated: the calls they need failed. They count as neither passed nor failed, and the scan is incomplete.`
      }
    </p>
    ${unavailable > 0 ? markup`<div class="result-table" data-table="not-evaluated"></div>` : ''}
    ${report.errors.length > 0 ? failedCalls(report.errors) : ''}
    ${
      skipped.length > 0
        ? markup`<h3>Regions not scanned</h3>
            <ul>
              ${skipped.map((s) => markup`<li>${s.region}: ${s.reason}</li>`)}
            </ul>`
        : ''
    }
  </section>`;
}
