/** `trailscan checks` and `trailscan iam-policy`: what trailscan evaluates, and what it needs to do so. */
import { builtinChecks } from '../../checks/index.js';
import { DEFAULT_STANDARD, standardsOf, type StandardChoice } from '../model/check.js';
import { iamPolicy } from '../aws/plan.js';
import { loadConfig } from '../config.js';
import { requiredSlices } from '../engine/evaluate.js';
import type { ParsedArgs } from './args.js';
import { selectChecks } from './selection.js';

/** The checks, with the standards each belongs to; only those of one standard when it is given. */
export function listChecks(format: 'text' | 'json', standard?: StandardChoice): string {
  const listed = builtinChecks.filter(
    (c) => standard === undefined || standard === 'all' || standardsOf(c).includes(standard),
  );
  if (format === 'json') {
    const checks = listed.map((c) => ({
      id: c.id,
      source: c.source,
      title: c.title,
      severity: c.severity,
      resourceType: c.resourceType,
      description: c.description,
      documentationUrl: c.documentationUrl,
      references: c.references,
      tags: c.tags,
      standards: standardsOf(c),
      standardParameters: c.standardParameters ?? {},
      compliance: c.compliance,
      reasons: c.reasons,
      parameters: c.parameters.toJSONSchema(),
    }));
    return `${JSON.stringify(checks, null, 2)}\n`;
  }
  const width = Math.max(...listed.map((c) => c.id.length));
  const rows = listed.map((c) => {
    const standards = standardsOf(c);
    return `${c.id.padEnd(width)}  ${c.severity.padEnd(13)}  ${c.title}\n${' '.repeat(width + 17)}standards: ${standards.length === 0 ? 'none (select with --checks or --standard all)' : standards.join(', ')}`;
  });
  return `${rows.join('\n')}\n`;
}

/** The least-privilege policy for the selected checks (all by default). */
export async function printIamPolicy(args: ParsedArgs, warn: (line: string) => void): Promise<string> {
  const { config, warnings } = await loadConfig(args.config);
  for (const warning of warnings) warn(`trailscan: ${warning}`);
  const standard = args.standard ?? config.standard ?? DEFAULT_STANDARD;
  const selected = selectChecks(builtinChecks, args.checks ?? config.checks, config.parameters, standard);
  return `${JSON.stringify(iamPolicy(requiredSlices(selected)), null, 2)}\n`;
}
