/**
 * Reading the files users hand to trailscan — config, saved inventories, sandbox scenarios — and
 * validating them. Every problem is one UsageError line naming the file and, for invalid content, the
 * path inside it: `config trailscan.config.yaml: suppressions[0].expires: must be a date, YYYY-MM-DD`.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { UsageError } from './errors.js';

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}

/** A zod issue on one line: the path in the file's own notation, the problem, and the value when short. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  const shown = issue.code === 'invalid_type' || issue.code === 'invalid_format' || issue.code === 'invalid_value';
  const input: unknown = issue.input;
  const value =
    shown && input !== undefined && (typeof input !== 'object' || input === null)
      ? ` (got ${JSON.stringify(input)})`
      : '';
  const message = `${issue.message}${value}`.replace(/\s*\n\s*/g, ' ');
  return path === '' ? message : `${path}: ${message}`;
}

/** Every problem of data against a schema, one line each; none when it is valid. */
export function problemsOf(schema: z.ZodType, data: unknown): string[] {
  const parsed = schema.safeParse(data, { reportInput: true });
  return parsed.success ? [] : parsed.error.issues.map(describeIssue);
}

/** Validates data against a schema; `label` names it in the error, e.g. `config trailscan.config.yaml`. */
export function validate<T>(schema: z.ZodType<T>, data: unknown, label: string, ErrorType = UsageError): T {
  const parsed = schema.safeParse(data, { reportInput: true });
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new ErrorType(`${label}: ${issue === undefined ? 'invalid' : describeIssue(issue)}`);
}

/** The file's content as data: JSON for `.json` files (or when `format` says so), YAML (a superset) otherwise. */
export async function readStructuredFile(
  file: string,
  label: string,
  format: 'json' | 'yaml',
  ErrorType = UsageError,
): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ErrorType(`cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return format === 'json' ? JSON.parse(text) : (parseYaml(text) as unknown);
  } catch (error) {
    // The first line says what and where ("… at line 2, column 3:"); the rest quotes the source.
    const detail = ((error as Error).message.split('\n')[0] ?? '').replace(/:$/, '');
    throw new ErrorType(`${label} is not valid ${format === 'json' ? 'JSON' : 'YAML or JSON'}: ${detail}`);
  }
}
