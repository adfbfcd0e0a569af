/**
 * The config file (`--config`, or trailscan.config.json|yaml|yml in the working directory), validated
 * against a schema (`schemas/config.schema.json`, generated from this definition). Command-line flags
 * override it. Every problem is one line naming the file and the path in it.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { REGION_PATTERN } from './aws/regions.js';
import { UsageError } from './errors.js';
import { failOnSchema } from './model/report.js';

const regionName = z.string().regex(REGION_PATTERN, { message: 'not a Region name (e.g. us-east-1)' });
const isoDate = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    checks: z.array(z.string()).optional().describe('Run only these controls'),
    parameters: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe('Per control id, its parameters (see `trailscan checks --format json`)'),
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

export const DEFAULT_CONFIG_FILES = ['trailscan.config.json', 'trailscan.config.yaml', 'trailscan.config.yml'];

/** A zod issue as `path: message`, the path in the file's own notation (`suppressions[0].expires`). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
  return where === '' ? issue.message : `${where}: ${issue.message}`;
}

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

/** The config, or an empty one when there is no file. */
export async function loadConfig(
  explicit: string | undefined,
  cwd = process.cwd(),
): Promise<{ config: Config; file?: string }> {
  const file = explicit ?? (await findDefault(cwd));
  if (file === undefined) return { config: {} };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new UsageError(`config ${file} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const parsed = configSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new UsageError(`config ${file}: ${issue === undefined ? 'invalid' : describeIssue(issue)}`);
  }
  return { config: parsed.data, file };
}
