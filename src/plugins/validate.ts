/**
 * What a plugin check must be, checked when it is loaded: its metadata (a zod schema of the check's shape),
 * its id, its parameter schema and the slices it needs. Each problem is one line naming what to fix.
 */
import * as z from 'zod';
import { COMMON_REASONS, STANDARDS, type Check, type StandardId } from '../model/check.js';
import { SLICES } from '../model/inventory.js';
import { resourceTypeSchema, severitySchema } from '../model/result.js';
import { problemsOf } from '../structured-file.js';

const functionSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'must be a function',
});

const url = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/** A zod schema as the check API's `z` makes them: it validates, and describes itself as JSON Schema. */
const zodSchema = z.custom<z.ZodType>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<z.ZodType>).safeParse === 'function' &&
    typeof (value as Partial<z.ZodType>).toJSONSchema === 'function',
  { message: "must be a zod schema made with the z of 'trailscan/check', e.g. z.object({})" },
);

const reasonsSchema = z.record(z.string(), z.string().min(1)).superRefine((reasons, context) => {
  for (const code of Object.keys(reasons)) {
    if (code in COMMON_REASONS) {
      context.addIssue({
        code: 'custom',
        path: [code],
        message: 'is a common reason: give it with common.* rather than declaring it again',
      });
    } else if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code)) {
      context.addIssue({ code: 'custom', path: [code], message: 'a reason code is UPPER_SNAKE_CASE' });
    }
  }
});

/** The shape `defineCheck` gives a plugin check, with what a plugin's metadata must say. */
const pluginCheckSchema = z.object({
  id: z.string(),
  source: z.literal('plugin', { message: 'must be "plugin" for a check loaded as a plugin' }),
  title: z.string().trim().min(1),
  description: z.string().trim().min(1),
  severity: severitySchema,
  resourceType: resourceTypeSchema,
  documentationUrl: url,
  references: z.array(url),
  tags: z.array(z.string().min(1)),
  compliance: z.record(z.string().min(1), z.array(z.string().min(1))),
  standards: z
    .array(z.unknown())
    .max(0, { message: 'must be []: Security Hub standards hold only Security Hub controls' }),
  standardParameters: z
    .partialRecord(z.enum(Object.keys(STANDARDS) as [StandardId, ...StandardId[]]), z.record(z.string(), z.unknown()))
    .optional(),
  reasons: reasonsSchema,
  parameters: zodSchema,
  needs: functionSchema,
  remediation: functionSchema,
  evaluate: functionSchema,
});

/** Problems of a plugin check's metadata, one line each. */
export function metadataProblems(check: unknown): string[] {
  return problemsOf(pluginCheckSchema, check);
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** Problems of a parameter schema that validates: config values are an object of plain data. */
export function parametersProblem(parameters: z.ZodType): string | undefined {
  let type: unknown;
  try {
    ({ type } = parameters.toJSONSchema());
  } catch (error) {
    return `parameters: cannot be described as JSON Schema (${firstLine(error)}); use plain data types`;
  }
  if (type !== 'object') return 'parameters: must be an object schema, z.object({ … })';
  return undefined;
}

/** Problems of what a check needs for these parameters: every slice must be one collection can feed. */
export function needsProblem(check: Check, params: unknown): string | undefined {
  let needs: unknown;
  try {
    needs = check.needs(params);
  } catch (error) {
    return `needs: threw ${firstLine(error)}`;
  }
  if (!Array.isArray(needs)) return 'needs: must return a list of inventory slices';
  const unknown = needs.filter((slice) => !(SLICES as readonly unknown[]).includes(slice));
  if (unknown.length === 0) return undefined;
  const named = unknown.map((slice) => JSON.stringify(slice)).join(', ');
  return `needs: unknown slice${unknown.length === 1 ? '' : 's'} ${named} (known: ${SLICES.join(', ')})`;
}
