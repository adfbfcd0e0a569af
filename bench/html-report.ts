/**
 * The HTML report at organization scale: a scan report replicated over enough synthetic accounts to hold
 * 10,000 results (each account's results carry its own id, as an organization scan's will), rendered by
 * the reporter, then opened in headless Chromium. Reports the file size and the time from navigation to
 * the first row of the findings table (median of several fresh page loads).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinChecks } from '../checks/index.js';
import { renderHtml } from '../reporters/html/index.js';
import { gate, summarize } from '../src/engine/summary.js';
import type { ScanReport } from '../src/model/report.js';
import { launchChromium, openReport } from './browser.js';

export const HTML_TARGETS = { results: 10_000, maxBytes: 5_000_000, maxOpenMs: 2_000 } as const;

/** `base` scanned in as many accounts as it takes to hold `count` results (cut to exactly that). */
export function organizationReport(base: ScanReport, count: number): ScanReport {
  const accounts = Math.ceil(count / base.results.length);
  const text = JSON.stringify(base.results);
  const results = Array.from({ length: accounts }, (_, i) =>
    i === 0
      ? base.results
      : (JSON.parse(text.replaceAll(base.scan.account.id, String(300000000000 + i))) as ScanReport['results']),
  )
    .flat()
    .slice(0, count);
  return {
    ...base,
    summary: summarize(results, builtinChecks),
    gate: gate(results, base.gate.failOn, [], base.errors.length),
    results,
  };
}

export async function benchHtmlReport(base: ScanReport, directory: string, loads: number) {
  const report = organizationReport(base, HTML_TARGETS.results);
  const started = performance.now();
  const output = renderHtml(report, { checks: builtinChecks, color: false });
  if (!output.ok) throw new Error(output.error);
  const html = output.text;
  const renderMs = performance.now() - started;
  const file = path.join(directory, `report-${HTML_TARGETS.results.toString()}.html`);
  writeFileSync(file, html);
  const context = await launchChromium();
  try {
    const openMs: number[] = [];
    for (let i = 0; i < loads; i += 1) {
      const opened = await openReport(context, file);
      if (opened.errors.length > 0) throw new Error(`the report logged errors: ${opened.errors.join('; ')}`);
      openMs.push(opened.openMs);
      await opened.page.close();
    }
    const sorted = [...openMs].sort((a, b) => a - b);
    return {
      results: report.results.length,
      accounts: new Set(report.results.map((r) => r.resource.accountId)).size,
      bytes: Buffer.byteLength(html),
      renderMs: Math.round(renderMs),
      openMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN),
      loads: openMs.map(Math.round),
      file,
    };
  } finally {
    await context.close();
  }
}
