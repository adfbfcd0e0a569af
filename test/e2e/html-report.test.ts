/**
 * The HTML report in a real browser: the demo's, a large world's and a multi-account one, opened from
 * file:// in headless Chromium. Screenshots of the light and dark report are written to
 * test-results/screenshots/ for review.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureChecks } from '../fixtures/report.js';
import { renderHtml } from '../reporters/render.js';
import { multiAccountReport } from '../reporters/reports.js';
import { accessibilityViolations, launchBrowser, openReport, type OpenedReport } from '../support/browser.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'trailscan-html-'));
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const files = {
  demo: path.join(dir, 'demo.html'),
  large: path.join(dir, 'large.html'),
  accounts: path.join(dir, 'accounts.html'),
};

let context: BrowserContext;

beforeAll(async () => {
  const [demo, large] = await Promise.all([
    runCli(['demo', '--quiet', '--format', 'json', '-o', `html=${files.demo}`]),
    runCli(['demo', '--scenario', 'large', '--quiet', '--format', 'json', '-o', `html=${files.large}`]),
  ]);
  expect([demo.stderr, large.stderr]).toEqual(['', '']);
  const accounts = multiAccountReport(['111111111111', '222222222222', '333333333333']);
  writeFileSync(files.accounts, renderHtml(accounts, { checks: fixtureChecks, color: false }));
  context = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await context.close();
});

/** The findings table's rows as text, one string of cells per row. */
const findingRows = (page: Page) =>
  page.evaluate<string[]>(`[...document.querySelectorAll('[data-table="findings"] tbody tr.result-row')].map((row) =>
    [...row.querySelectorAll('td')].map((td) => td.textContent.trim()).join(' | '))`);
const findingsCount = async (page: Page) => (await page.locator('[data-table="findings"] .count').textContent()) ?? '';
/** How many results match the filters: "Showing 1–100 of 156 results". */
const matching = async (page: Page) =>
  Number(/ of ([\d,]+) results/.exec(await findingsCount(page))?.[1]?.replaceAll(',', ''));

// axe takes seconds per run on a busy 2-CPU machine.
describe.each(Object.entries(files))('the %s report in headless Chromium', { timeout: 120_000 }, (name, file) => {
  let opened: OpenedReport;
  beforeAll(async () => {
    opened = await openReport(context, file);
  });
  afterEach(async () => {
    await opened.page.getByRole('button', { name: 'Reset filters' }).click();
  });
  afterAll(async () => {
    await opened.page.close();
  });

  it('opens from file:// with no console error and no request but the file itself', () => {
    expect(opened.errors).toEqual([]);
    expect(opened.requests).toEqual([pathToFileURL(file).href]);
  });

  it('has no serious or critical accessibility violation (axe-core), details open, light and dark', async () => {
    const { page } = opened;
    await page.locator('[data-table="findings"] button.disclose').first().click();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const violations = await accessibilityViolations(page);
      expect(
        violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
        `${name} ${colorScheme}`,
      ).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('filters by status and searches, changing what is shown', async () => {
    const { page } = opened;
    const all = await findingRows(page);
    const total = await matching(page);
    await page.selectOption('#findings-status', 'FAILED');
    const failed = await findingRows(page);
    expect(failed.length).toBeGreaterThan(0);
    expect(await matching(page)).toBeLessThan(total);
    for (const row of failed) expect(row).toMatch(/^▸ ✗ Failed \|/);
    expect(await findingsCount(page)).toMatch(/filtered from/);

    const needle = (failed[0]?.split(' | ')[3] ?? '').split(/\s/)[0] ?? '';
    await page.fill('#findings-search', needle);
    const searched = await findingRows(page);
    expect(searched.length).toBeGreaterThan(0);
    for (const row of searched) expect(row).toContain(needle);

    await page.getByRole('button', { name: 'Reset filters' }).click();
    expect(await page.inputValue('#findings-search')).toBe('');
    expect(await findingRows(page)).toEqual(all);
  });

  it('filters by severity, control, Region and account', async () => {
    const { page } = opened;
    for (const [filter, column] of [
      ['severity', 1],
      ['control', 2],
      ['region', 4],
      ['account', 5],
    ] as const) {
      const values = await page.evaluate<[string, string][]>(
        `[...document.querySelectorAll('#findings-${filter} option')].map((o) => [o.value, o.textContent])`,
      );
      const [value, text] = values.find(([v]) => v !== '') ?? [];
      await page.selectOption(`#findings-${filter}`, value ?? '');
      const rows = await findingRows(page);
      expect(rows.length, `${filter} ${text ?? ''}`).toBeGreaterThan(0);
      for (const row of rows) expect(row.split(' | ')[column], filter).toContain(text ?? '');
      await page.selectOption(`#findings-${filter}`, '');
    }
  });
});

describe('the demo report', () => {
  let page: Page;
  beforeAll(async () => {
    ({ page } = await openReport(context, files.demo));
  });
  afterAll(async () => {
    await page.close();
  });

  it('marks the failing control and Region of the matrix failed in text, and lists its findings on selection', async () => {
    const cell = page.locator('button.cell__button[data-control="CloudTrail.4"][data-region="eu-west-1"]');
    expect((await cell.textContent())?.trim()).toBe('✗ Failed');
    expect(await cell.locator('xpath=..').getAttribute('class')).toContain('cell--failed');
    await cell.click();
    expect(await page.inputValue('#findings-control')).toBe('CloudTrail.4');
    expect(await page.inputValue('#findings-region')).toBe('eu-west-1');
    const rows = await findingRows(page);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/✗ Failed \| Low \| CloudTrail\.4 \| eu-app-trail/);
    expect(await page.evaluate('document.activeElement.id')).toBe('findings-title');
    await page.getByRole('button', { name: 'Reset filters' }).click();
  });

  it('copies a remediation command with its copy button', async () => {
    await page.selectOption('#findings-status', 'FAILED');
    await page.locator('[data-table="findings"] button.disclose').first().click();
    const command = page.locator('[data-table="findings"] .details .command').first();
    const text = await command.locator('code').textContent();
    expect(text).toMatch(/^aws /);
    await command.getByRole('button').click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(text);
    expect(await command.getByRole('button').textContent()).toBe('Copied');
    await page.getByRole('button', { name: 'Reset filters' }).click();
  });

  it('sorts by a column, and says so', async () => {
    const header = page.locator('[data-table="findings"] th', { hasText: 'Region' });
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const regions = (await findingRows(page)).map((row) => row.split(' | ')[4] ?? '');
    expect(regions).toEqual([...regions].sort());
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
  });

  it('is reachable by keyboard: the skip link, then the filters, with a visible focus', async () => {
    await page.reload();
    await page.locator('[data-table="findings"] tbody tr').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to the findings');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('findings-search');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).toBe('solid');
  });

  it('writes the light and dark screenshots at 1280×800', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.evaluate('window.scrollTo(0, 0)');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const file = path.join(SCREENSHOTS, `demo-${colorScheme}.png`);
      const png = await page.screenshot({ path: file });
      expect(png.readUInt32BE(16)).toBe(1280);
      expect(png.readUInt32BE(20)).toBe(800);
    }
  });
});

describe('the large and multi-account reports', () => {
  it('pages the large world’s findings', async () => {
    const { page } = await openReport(context, files.large);
    expect(await findingRows(page)).toHaveLength(100);
    expect(await findingsCount(page)).toMatch(/^Showing 1–100 of /);
    await page.getByRole('button', { name: 'Next page' }).click();
    expect(await findingsCount(page)).toMatch(/^Showing 101–/);
    await page.close();
  });

  it('shows a controls × accounts matrix and filters by account from it', async () => {
    const { page } = await openReport(context, files.accounts);
    const cell = page.locator('button.cell__button[data-control="CloudTrail.2"][data-account="222222222222"]');
    expect((await cell.textContent())?.trim()).toBe('✗ Failed');
    await cell.click();
    const rows = await findingRows(page);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/CloudTrail\.2 \|.*\| 222222222222 \|/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'accounts-light.png') });
    await page.close();
  });
});
