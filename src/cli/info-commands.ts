/** `trailscan checks` and `trailscan iam-policy`: what trailscan evaluates, and what it needs to do so. */
import { builtinChecks } from '../../checks/index.js';
import { iamPolicy } from '../aws/plan.js';
import { loadConfig } from '../config.js';
import { requiredSlices } from '../engine/evaluate.js';
import type { ParsedArgs } from './args.js';
import { selectChecks } from './selection.js';

export function listChecks(format: 'text' | 'json'): string {
  if (format === 'json') {
    const checks = builtinChecks.map((c) => ({
      id: c.id,
      source: c.source,
      title: c.title,
      severity: c.severity,
      resourceType: c.resourceType,
      description: c.description,
      documentationUrl: c.documentationUrl,
      references: c.references,
      tags: c.tags,
      compliance: c.compliance,
      reasons: c.reasons,
      parameters: c.parameters.toJSONSchema(),
    }));
    return `${JSON.stringify(checks, null, 2)}\n`;
  }
  const width = Math.max(...builtinChecks.map((c) => c.id.length));
  return `${builtinChecks.map((c) => `${c.id.padEnd(width)}  ${c.severity.padEnd(8)}  ${c.title}`).join('\n')}\n`;
}

/** The least-privilege policy for the selected checks (all by default). */
export async function printIamPolicy(args: ParsedArgs): Promise<string> {
  const { config } = await loadConfig(args.config);
  const selected = selectChecks(builtinChecks, args.checks ?? config.checks, config.parameters);
  return `${JSON.stringify(iamPolicy(requiredSlices(selected)), null, 2)}\n`;
}
