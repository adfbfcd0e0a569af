/**
 * Reading the files users hand to trailscan — config, saved inventories, sandbox scenarios — and
 * validating them. Every problem is one UsageError line naming the file and, for invalid content, the
 * path inside it: `config trailscan.config.yaml: suppressions[0].expires: must be a date, YYYY-MM-DD`.
 */
import { open } from 'node:fs/promises';
import type * as z from 'zod';
import { echo, UsageError } from './errors.js';
import { hasLoneSurrogate } from './unicode.js';

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
      ? ` (got ${typeof input === 'string' ? echo(input) : JSON.stringify(input)})`
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

/** How large a file may be, and how long any string in it. */
export interface InputLimits {
  maxBytes: number;
}

/** Longer than any identifier, message or policy document AWS has (a bucket policy is at most 20 KB). */
const MAX_STRING_CHARS = 65_536;

const mebibytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/**
 * The file's bytes, at most `maxBytes`: a regular file is measured first, anything else (`/dev/zero`, a
 * FIFO) is read only up to the limit. Everything is loaded at once, so the limit bounds the memory too.
 */
async function readBounded(file: string, maxBytes: number): Promise<Buffer | 'too large'> {
  const handle = await open(file, 'r');
  try {
    const stats = await handle.stat();
    if (stats.isFile() && stats.size > maxBytes) return 'too large';
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return 'too large';
    }
    return Buffer.concat(chunks);
  } finally {
    await handle.close();
  }
}

/** The first string (value or key) of the data that is too long or not valid Unicode, with its path. */
function badString(data: unknown, path: PropertyKey[] = []): { path: PropertyKey[]; problem: string } | undefined {
  const check = (text: string, at: PropertyKey[]) => {
    if (text.length > MAX_STRING_CHARS) {
      return {
        path: at,
        problem: `a string of ${text.length.toLocaleString('en')} characters, over the limit of ${MAX_STRING_CHARS.toLocaleString('en')}`,
      };
    }
    return hasLoneSurrogate(text) ? { path: at, problem: 'not valid Unicode (a lone surrogate)' } : undefined;
  };
  if (typeof data === 'string') return check(data, path);
  if (data === null || typeof data !== 'object') return undefined;
  const entries: [PropertyKey, unknown][] = Array.isArray(data) ? data.map((v, i) => [i, v]) : Object.entries(data);
  for (const [key, value] of entries) {
    const found =
      (typeof key === 'string' ? check(key, [...path, key]) : undefined) ?? badString(value, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Parsed content and the parser's warnings, each one line. */
export interface StructuredContent {
  data: unknown;
  warnings: string[];
}

const firstLine = (message: string) => (message.split('\n')[0] ?? '').replace(/:$/, '');

/**
 * The file's content as data: JSON for `.json` files (or when `format` says so), YAML (a superset)
 * otherwise. Bounded in size, and every string in it bounded in length and valid Unicode.
 */
export async function readStructuredFile(
  file: string,
  label: string,
  format: 'json' | 'yaml',
  limits: InputLimits,
  ErrorType = UsageError,
): Promise<StructuredContent> {
  let bytes: Buffer | 'too large';
  try {
    bytes = await readBounded(file, limits.maxBytes);
  } catch (error) {
    throw new ErrorType(`cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (bytes === 'too large') throw new ErrorType(`${label} is larger than the limit of ${mebibytes(limits.maxBytes)}`);
  const text = bytes.toString('utf8');
  // Loaded only for YAML, and outside the parse: a scan without a configuration file never needs the parser.
  const parseYaml = format === 'json' ? undefined : (await import('./yaml-document.js')).parseYaml;
  let content: StructuredContent;
  try {
    if (parseYaml === undefined) {
      content = { data: JSON.parse(text) as unknown, warnings: [] };
    } else {
      const document = parseYaml(text);
      content = { data: document.data, warnings: document.warnings.map((w) => `${label}: ${firstLine(w)}`) };
    }
  } catch (error) {
    // The first line says what and where ("… at line 2, column 3:"); the rest quotes the source.
    throw new ErrorType(
      `${label} is not valid ${format === 'json' ? 'JSON' : 'YAML or JSON'}: ${firstLine((error as Error).message)}`,
    );
  }
  const bad = badString(content.data);
  if (bad !== undefined) {
    const where = formatPath(bad.path);
    throw new ErrorType(`${label}: ${where === '' ? '' : `${where}: `}${bad.problem}`);
  }
  return content;
}
