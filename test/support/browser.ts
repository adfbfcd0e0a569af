/** The HTML report's browser tests: the benchmark's Chromium, the clipboard allowed, and axe-core. */
import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../bench/browser.js';

export { openReport, type OpenedReport } from '../../bench/browser.js';

export async function launchBrowser(): Promise<BrowserContext> {
  const context = await launchChromium();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return context;
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
  // Runs in the page (no DOM types here): keep what a failure message needs.
  return page.evaluate<Violation[]>(`axe.run(document, { runOnly: ${JSON.stringify(AXE_TAGS)} }).then((results) =>
    results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
}
