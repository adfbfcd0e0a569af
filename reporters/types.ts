/** A reporter renders a scan report as text. Pure: the CLI decides where the text goes and what a failure means. */
import type { CheckMetadata } from '../src/model/check.js';
import type { ScanReport } from '../src/model/report.js';

export interface ReporterOptions {
  /** Metadata of the checks the report covers (rules, help texts, references). */
  checks: readonly CheckMetadata[];
  /** Use ANSI colours (text output to a colour terminal only). */
  color: boolean;
}

/** The rendered text, or why this format cannot hold the report (as a value: the CLI decides what it means). */
export type Rendered = { ok: true; text: string } | { ok: false; error: string };

export const rendered = (text: string): Rendered => ({ ok: true, text });

export type Reporter = (report: ScanReport, options: ReporterOptions) => Rendered;
