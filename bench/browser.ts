/**
 * Headless Chromium driven by playwright-core: Debian's `chromium` package (scripts/install-chromium.sh),
 * a fresh profile per launch and no background networking, so that the only request a page makes is one
 * it makes itself. Used by the benchmark and by the HTML report's browser tests.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium package (scripts/install-chromium.sh)`);
  }
  // launchPersistentContext passes --user-data-dir: a fresh profile for every launch.
  const profile = mkdtempSync(path.join(tmpdir(), 'trailscan-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
  });
}

export interface OpenedReport {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every URL the page asked for, the file itself included. */
  requests: string[];
  /** Milliseconds from the start of navigation to the first row of the findings table. */
  openMs: number;
}

/** Opens an HTML report file and waits for its findings table; any request but the file itself is refused. */
export async function openReport(context: BrowserContext, file: string): Promise<OpenedReport> {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const started = performance.now();
  await page.goto(url);
  await page.locator('[data-table="findings"] tbody tr').first().waitFor();
  return { page, errors, requests, openMs: performance.now() - started };
}
