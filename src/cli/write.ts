/** Where reports go: stdout, or files written atomically (a temp file renamed into place). */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reporters } from '../../reporters/index.js';
import type { ReporterOptions } from '../../reporters/types.js';
import { UsageError } from '../errors.js';
import type { ScanReport } from '../model/report.js';
import type { OutputTarget, ReportFormat } from './args.js';

/** The report in a format; a format that cannot hold it is a usage error (exit 2) that says why. */
export function render(report: ScanReport, format: ReportFormat, options: ReporterOptions): string {
  const output = reporters[format](report, options);
  if (!output.ok) throw new UsageError(output.error);
  return output.text;
}

/** Readers never see a half-written file: write beside it, then rename over it. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const directory = path.dirname(path.resolve(file));
  const temporary = path.join(directory, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(directory, { recursive: true });
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export async function writeReportFiles(
  report: ScanReport,
  targets: readonly OutputTarget[],
  options: ReporterOptions,
): Promise<void> {
  await Promise.all(
    // Files never carry colour codes.
    targets.map((t) => writeAtomically(t.path, render(report, t.format, { ...options, color: false }))),
  );
}
