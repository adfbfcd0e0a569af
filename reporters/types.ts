/** A reporter renders a scan report as text. Pure: the CLI decides where the text goes. */
import type { CheckMetadata } from '../src/model/check.js';
import type { ScanReport } from '../src/model/report.js';

export interface ReporterOptions {
  /** Metadata of the checks the report covers (rules, help texts, references). */
  checks: readonly CheckMetadata[];
  /** Use ANSI colours (text output to a colour terminal only). */
  color: boolean;
}

export type Reporter = (report: ScanReport, options: ReporterOptions) => string;
