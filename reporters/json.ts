import { rendered, type Reporter } from './types.js';

/** The JSON report: every result, passes included; validated by schemas/report.schema.json. */
export const renderJson: Reporter = (report) => rendered(`${JSON.stringify(report, null, 2)}\n`);
