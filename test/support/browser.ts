/**
 * Headless Chromium for the HTML report tests: Debian's `chromium` package (scripts/install-chromium.sh,
 * which .ci/run calls) driven by playwright-core, with a fresh profile and nothing running in the
 * background that could make a request of its own.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import axe from 'axe-core';
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

export async function launchBrowser(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium package (scripts/install-chromium.sh)`);
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'trailscan-chromium-'));
  // launchPersistentContext passes --user-data-dir=<profile>: a fresh profile for every run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return context;
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every URL the page asked for, the file itself included. */
  requests: string[];
  /** Milliseconds from navigation to the first row of the findings table. */
  openMs: number;
}

/** Opens a report file and waits for its findings table; anything but the file itself is refused. */
export async function openReport(context: BrowserContext, file: string): Promise<OpenedPage> {
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

export interface Violation {
  id: string;
  impact: string | null | undefined;
  nodes: string[];
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** axe-core's WCAG 2.1 A/AA rules and best practices, on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(axe.source);
  // In the page (no DOM types here): run axe, keep what a report needs.
  return page.evaluate(`axe.run(document, { runOnly: ${JSON.stringify(AXE_TAGS)} }).then((results) =>
    results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
}
