import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureChecks, incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';
import { renderHtml } from './render.js';
import type { ScanReport } from '../../src/model/report.js';
import { inventory, trail } from '../fixtures/inventory.js';
import { payloadOf } from './html-page.js';
import { everyStatusReport, multiAccountReport, options } from './reports.js';

const render = (report: ScanReport, checks = fixtureChecks) => renderHtml(report, { ...options, checks });
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

describe('renderHtml', () => {
  it('is one file: no external script, style, image, font or frame, and a policy that forbids them', () => {
    const page = render(everyStatusReport());
    expect(page).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(page).not.toMatch(/\ssrc=/i);
    expect(page).not.toMatch(/@import|url\(/i);
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1]?.replaceAll('&#39;', "'");
    expect(policy).toContain("default-src 'none'");
    // The policy names exactly the inline style and script the page holds.
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts).toHaveLength(1);
    expect(policy).toContain(`style-src 'sha256-${sha256(style)}'`);
    expect(policy).toContain(`script-src 'sha256-${sha256(scripts[0] ?? '')}'`);
  });

  it('carries every result, suppressed ones included, for the tables the script draws', () => {
    const report = everyStatusReport();
    const { results, controls } = payloadOf(render(report));
    expect(results.map((r) => [r.checkId, r.resource.id, r.status, r.suppressed?.reason])).toEqual(
      report.results.map((r) => [r.checkId, r.resource.id, r.status, r.suppressed?.reason]),
    );
    expect(controls.map((c) => c.id)).toEqual(report.summary.controls.map((c) => c.id));
    expect(controls[0]).toMatchObject({ source: 'AWS Security Hub control' });
    expect(controls[0]?.references[0]).toBe(fixtureChecks[0]?.documentationUrl);
  });

  it.each<[string, () => ScanReport, RegExp]>([
    ['failed', () => reportOf(mixedInventory()), /✗<\/span> Gate failed: exit code 3/],
    [
      'incomplete',
      () => reportOf(incompleteInventory(), { failOn: 'none' }),
      /\?<\/span> Scan incomplete: exit code 4/,
    ],
    ['passed', () => reportOf(inventory()), /✓<\/span> Gate passed: exit code 0/],
  ])('states the gate verdict of a %s scan first, in words', (_, build, verdict) => {
    const page = render(build());
    expect(page).toMatch(verdict);
    expect(page.indexOf('id="gate-title"')).toBeLessThan(page.indexOf('id="controls"'));
  });

  it('marks each matrix cell with its worst status in a word and a symbol, not only a colour', () => {
    const page = render(reportOf(mixedInventory()));
    const cell = (control: string, region: string) =>
      new RegExp(
        `<td class="cell cell--(\\w+)">\\s*<button[^>]*data-control="${control}"\\s+data-region="${region}"[^>]*aria-label="([^"]*)"[^>]*>\\s*<span aria-hidden="true">(.)</span> (\\w+)`,
      )
        .exec(page)
        ?.slice(1);
    expect(cell('CloudTrail.4', 'eu-west-1')).toEqual([
      'failed',
      'CloudTrail.4, eu-west-1: Failed (1 failed). Show these findings',
      '✗',
      'Failed',
    ]);
    expect(cell('CloudTrail.4', 'us-east-1')).toEqual([
      'passed',
      'CloudTrail.4, us-east-1: Passed (1 passed). Show these findings',
      '✓',
      'Passed',
    ]);
    expect(cell('CloudTrail.1', 'global')?.[3]).toBe('Passed');
  });

  it('adds a controls × accounts matrix only when the results come from several accounts', () => {
    const several = render(multiAccountReport(['111111111111', '222222222222']));
    expect(several).toContain('Worst status per control and account, all Regions');
    expect(several).toMatch(/data-control="CloudTrail.4"\s+data-account="222222222222"/);
    expect(several).toContain('<h1>2 accounts</h1>');
    expect(render(everyStatusReport())).not.toContain('per control and account');
  });

  it('escapes what the audited account controls: names, reasons, titles', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const report = reportOf(inventory({ trails: [trail({ name: hostile, logFileValidationEnabled: false })] }));
    report.gate.reason = `</script><script>alert(2)</script>`;
    const page = render(
      report,
      fixtureChecks.map((c) => ({ ...c, title: `<b>${c.title}</b>` })),
    );
    expect(page).not.toContain(hostile);
    expect(page).not.toContain('<script>alert(2)');
    expect(page).not.toContain('<b>CloudTrail');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(2)');
    expect(payloadOf(page).results.some((r) => r.resource.name === hostile)).toBe(true);
  });

  it('links only to web pages: a reference of another scheme is shown as text', () => {
    const checks = fixtureChecks.map((c) => ({ ...c, documentationUrl: 'javascript:alert(1)' }));
    const page = render(reportOf(mixedInventory()), checks);
    expect(page).not.toMatch(/href="javascript:/i);
    expect(page).toContain('CloudTrail.1');
  });

  it('names each control’s source, as the check declares it', () => {
    const checks = fixtureChecks.map((c) => (c.id === 'CloudTrail.7' ? { ...c, source: 'plugin' as const } : c));
    const page = render(everyStatusReport(), checks);
    expect(page).toMatch(/CloudTrail\.7<\/a><\/th>\s*<td>[^<]*<\/td>\s*<td>plugin check<\/td>/);
    expect(page).toMatch(/CloudTrail\.6<\/a><\/th>\s*<td>[^<]*<\/td>\s*<td>AWS Security Hub control<\/td>/);
  });

  it('renders the same report to the same bytes', () => {
    expect(render(everyStatusReport())).toBe(render(everyStatusReport()));
  });
});

it('bundles the page script and styles from their sources (npm run build:html)', () => {
  const script = fileURLToPath(new URL('../../scripts/build-html-assets.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});
