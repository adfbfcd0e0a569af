import type { Reporter } from './types.js';

/** The JSON report: every result, passes included; validated by schemas/report.schema.json. */
export const renderJson: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
