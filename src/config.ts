/**
 * The config file (`--config`, or trailscan.config.json|yaml|yml in the working directory), validated
 * against a schema (`schemas/config.schema.json`, generated from this definition). Command-line flags
 * override it. Every problem is one line naming the file and the path in it.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { REGION_PATTERN } from './aws/regions.js';
import { HISTORY_DAYS, STANDARD_CHOICES } from './model/check.js';
import { failOnSchema } from './model/report.js';
import { readStructuredFile, validate } from './structured-file.js';

const regionName = z.string().regex(REGION_PATTERN, { message: 'not a Region name (e.g. us-east-1)' });
const isoDate = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    standard: z
      .enum(STANDARD_CHOICES)
      .optional()
      .describe('The standard whose checks and parameter defaults a scan follows (default aws-foundational)'),
    checks: z.array(z.string()).optional().describe('Run only these controls'),
    history: z
      .union([z.boolean(), z.number().int().min(1).max(HISTORY_DAYS.max)])
      .optional()
      .describe(
        `Also read CloudTrail event history and run the checks that need it (as --history): true for ${HISTORY_DAYS.default} days, or the number of days`,
      ),
    parameters: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe('Per control id, its parameters (see `trailscan checks --format json`)'),
    plugins: z
      .array(z.string().min(1))
      .optional()
      .describe('Plugin check modules: paths relative to this file (./checks), or installed package names'),
    pluginTimeoutSeconds: z
      .number()
      .positive()
      .max(600)
      .optional()
      .describe('How long one plugin check may run before it is stopped and NOT_AVAILABLE (default 10)'),
    regions: z.array(regionName).optional().describe('Scan only these Regions'),
    excludeRegions: z.array(regionName).optional(),
    failOn: failOnSchema.optional(),
    suppressions: z
      .array(
        z
          .object({
            check: z.string().describe('A control id, or * for all'),
            resource: z
              .string()
              .min(1)
              .describe('An ARN (AWS::::Account:<id> for the account), or a glob: * matches anything'),
            reason: z.string().min(1).describe('Why the risk is accepted'),
            expires: isoDate.optional().describe('Last day the suppression applies (UTC)'),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();
export type Config = z.infer<typeof configSchema>;

const DEFAULT_CONFIG_FILES = ['trailscan.config.json', 'trailscan.config.yaml', 'trailscan.config.yml'];

async function findDefault(cwd: string): Promise<string | undefined> {
  for (const name of DEFAULT_CONFIG_FILES) {
    const candidate = path.join(cwd, name);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // Not there: try the next name.
    }
  }
  return undefined;
}

/** A config is a page of settings; a larger file is a mistake (an env file, a log) and YAML could blow up. */
const CONFIG_LIMITS = { maxBytes: 1024 * 1024 };

export interface LoadedConfig {
  config: Config;
  file?: string;
  /** The YAML parser's warnings, one line each. */
  warnings: string[];
}

/** The config, or an empty one when there is no file. */
export async function loadConfig(explicit: string | undefined, cwd = process.cwd()): Promise<LoadedConfig> {
  const file = explicit ?? (await findDefault(cwd));
  if (file === undefined) return { config: {}, warnings: [] };
  const label = `config ${file}`;
  const { data, warnings } = await readStructuredFile(file, label, 'yaml', CONFIG_LIMITS);
  return { config: validate(configSchema, data ?? {}, label), file, warnings };
}
