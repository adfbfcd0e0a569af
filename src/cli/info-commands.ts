/** `trailscan checks` and `trailscan iam-policy`: what trailscan evaluates, and what it needs to do so. */
import { iamPolicy, memberRoleTemplate, organizationScannerPolicy } from '../aws/plan.js';
import { loadConfig, type LoadedConfig } from '../config.js';
import { requiredSlices } from '../engine/evaluate.js';
import { CHECK_SOURCES, DEFAULT_STANDARD, OPT_INS, standardsOf } from '../model/check.js';
import type { ParsedArgs } from './args.js';
import { checkRegistry } from './registry.js';
import { historyDays, optInsOf, selectChecks } from './selection.js';

/** The config, its warnings said as they would be by a scan. */
async function configWithWarnings(args: ParsedArgs, warn: (line: string) => void): Promise<LoadedConfig> {
  const loaded = await loadConfig(args.config);
  for (const warning of loaded.warnings) warn(`trailscan: ${warning}`);
  return loaded;
}

/**
 * Every check, built in and loaded from plugins, with the standards each belongs to; only those of one
 * standard (plugin checks included) when it is given.
 */
export async function listChecks(args: ParsedArgs, warn: (line: string) => void): Promise<string> {
  const { checks } = await checkRegistry(args, await configWithWarnings(args, warn));
  const { standard } = args;
  // A plugin check belongs to no standard and runs whichever is chosen.
  const listed = checks.filter(
    (c) => standard === undefined || standard === 'all' || c.source === 'plugin' || standardsOf(c).includes(standard),
  );
  if (args.format === 'json') {
    const described = listed.map((c) => ({
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
      ...(c.optIn === undefined ? {} : { optIn: OPT_INS[c.optIn].flag }),
      standardParameters: c.standardParameters ?? {},
      compliance: c.compliance,
      reasons: c.reasons,
      parameters: c.parameters.toJSONSchema(),
    }));
    return `${JSON.stringify(described, null, 2)}\n`;
  }
  const width = Math.max(...listed.map((c) => c.id.length));
  const rows = listed.map((c) => {
    const standards = standardsOf(c);
    const belongs =
      c.source === 'plugin'
        ? `${CHECK_SOURCES.plugin.label}: runs whenever it is loaded`
        : c.optIn !== undefined
          ? `standards: none (runs with ${OPT_INS[c.optIn].flag})`
          : `standards: ${standards.length === 0 ? 'none (select with --checks or --standard all)' : standards.join(', ')}`;
    return `${c.id.padEnd(width)}  ${c.severity.padEnd(13)}  ${c.title}\n${' '.repeat(width + 17)}${belongs}`;
  });
  return `${rows.join('\n')}\n`;
}

/** The role a scan of several accounts assumes in each, unless --role-name names another. */
export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';

/** The read-only role the CloudFormation template creates, unless --role-name names another. */
const READ_ONLY_ROLE_NAME = 'TrailscanReadOnly';

/**
 * The least-privilege policy for the selected checks (all by default); with --organization, the scanning
 * principal's; with --format cloudformation, a template of the read-only role for every member account.
 */
export async function printIamPolicy(args: ParsedArgs, warn: (line: string) => void): Promise<string> {
  const loaded = await configWithWarnings(args, warn);
  const { config } = loaded;
  const { checks } = await checkRegistry(args, loaded);
  const standard = args.standard ?? config.standard ?? DEFAULT_STANDARD;
  const optIns = optInsOf(historyDays(args.historyDays, config.history));
  const selected = selectChecks(checks, args.checks ?? config.checks, config.parameters, standard, optIns);
  const slices = requiredSlices(selected);
  // Accounts created by Organizations already have OrganizationAccountAccessRole (with full access): the
  // read-only role gets a name of its own, to pass to the scan with --role-name.
  const document =
    args.format === 'cloudformation'
      ? memberRoleTemplate(slices, args.roleName ?? READ_ONLY_ROLE_NAME)
      : args.organization
        ? organizationScannerPolicy(slices, args.roleName ?? DEFAULT_ROLE_NAME)
        : iamPolicy(slices);
  return `${JSON.stringify(document, null, 2)}\n`;
}
