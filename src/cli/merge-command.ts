/** `trailscan merge REPORT.json…`: the shard reports of one scan as one report, in every format, gated as a whole. */
import { builtinChecks } from '../../checks/index.js';
import { UsageError } from '../errors.js';
import { mergeReports } from '../engine/merge.js';
import { reportSchema } from '../model/report.js';
import { readStructuredFile, validate } from '../structured-file.js';
import { wantsColor, currentTerminal } from './terminal.js';
import type { ParsedArgs } from './args.js';
import type { Io } from './main.js';
import { deliverReport } from './report-command.js';
import { planOutputs } from './write.js';

/** Reports of a thousand accounts run to tens of megabytes; this leaves room for far more. */
const REPORT_LIMITS = { maxBytes: 512 * 1024 * 1024 };

export async function runMergeCommand(args: ParsedArgs, io: Io): Promise<number> {
  const outputs = await planOutputs(args.outputs.map((o) => ({ path: o.path, label: `-o ${o.format}` })));
  const reports = [];
  for (const file of args.positionals) {
    const label = `report ${file}`;
    const { data } = await readStructuredFile(file, label, 'json', REPORT_LIMITS);
    reports.push({ label: file, report: validate(reportSchema, data, label) });
  }
  const report = mergeReports(reports, args.failOn);
  const checks = report.scan.checks.map((id) => {
    const check = builtinChecks.find((c) => c.id === id);
    if (check === undefined) throw new UsageError(`the reports have results of ${id}, which is not a built-in check`);
    return check;
  });
  const reporterOptions = { checks, color: wantsColor(args.color, currentTerminal(), 'stdout') };
  return deliverReport({ report }, { args, io, outputs, reporterOptions, tui: false });
}
