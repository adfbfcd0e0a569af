/**
 * What a SARIF file must satisfy: the normative OASIS schema (Ajv, draft-04), and the GitHub code scanning
 * ingestion rules that neither the schema nor the SARIF Multitool checks (a wrong one rejects the upload).
 */
import { readFileSync } from 'node:fs';
import _Ajv04 from 'ajv-draft-04';
import _addFormats from 'ajv-formats';
import type { SchemaObject } from 'ajv';
import type * as Sarif from 'sarif';

// Both packages are CommonJS: under NodeNext their default export is the module object.
const Ajv04 = _Ajv04.default;
const addFormats = _addFormats.default;

const ajv = new Ajv04({ allErrors: true });
addFormats(ajv);

export const SARIF_SCHEMA_PATH = new URL('../schemas/sarif-schema-2.1.0.json', import.meta.url);
export const sarifSchema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as SchemaObject;
const validateSchema = ajv.compile(sarifSchema);
const isUriReference = ajv.compile({ type: 'string', format: 'uri-reference' });

/** Schema violations, as `path message` lines; empty when the log is valid. */
export function schemaProblems(log: unknown): string[] {
  if (validateSchema(log)) return [];
  return (validateSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

const LEVELS = ['note', 'warning', 'error'];

/** Why GitHub would reject this artifact URI (or mis-key its alerts); empty when it is fine. */
export function uriProblems(uri: string): string[] {
  const problems: string[] = [];
  if (uri === '') problems.push('empty');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) problems.push('has a scheme');
  if (uri.startsWith('/')) problems.push('is absolute');
  if (/\s/.test(uri)) problems.push('contains white space');
  if (!isUriReference(uri)) problems.push('is not a valid URI reference');
  for (const segment of uri.split('/')) {
    if (segment === '.' || segment === '..') problems.push(`has a dot-segment "${segment}"`);
    try {
      decodeURIComponent(segment);
    } catch {
      problems.push(`segment "${segment}" does not decode`);
    }
  }
  return problems.map((p) => `"${uri}" ${p}`);
}

/** GitHub's ingestion rules, as `where: what` lines; empty when GitHub would take the file. */
export function githubProblems(log: Sarif.Log): string[] {
  const problems: string[] = [];
  const report = (where: string, what: string) => problems.push(`${where}: ${what}`);
  if (!log.$schema) report('$schema', 'missing');
  if (log.runs.length > 20) report('runs', 'more than 20');
  log.runs.forEach((run, r) => {
    const rules = run.tool.driver.rules ?? [];
    const results = run.results;
    if (results === undefined) report(`runs[${r}].results`, 'missing');
    if ((results ?? []).length > 25_000) report(`runs[${r}].results`, 'more than 25,000');
    if (rules.length > 25_000) report(`runs[${r}].rules`, 'more than 25,000');
    rules.forEach((rule, i) => {
      const at = `runs[${r}].tool.driver.rules[${i}]`;
      for (const [field, text] of [
        ['shortDescription', rule.shortDescription?.text],
        ['fullDescription', rule.fullDescription?.text],
      ] as const) {
        if (!text) report(`${at}.${field}.text`, 'missing');
        else if (text.length > 1024) report(`${at}.${field}.text`, 'longer than 1024');
      }
      if (!rule.help?.text) report(`${at}.help.text`, 'missing');
      if ((rule.name ?? '').length > 255) report(`${at}.name`, 'longer than 255');
      if ((rule.properties?.tags ?? []).length > 20) report(`${at}.properties.tags`, 'more than 20');
      const severity: unknown = rule.properties?.['security-severity'];
      if (typeof severity !== 'string' || !/^(10\.0|[0-9]\.[0-9])$/.test(severity)) {
        report(`${at}.properties.security-severity`, `not a string score: ${JSON.stringify(severity)}`);
      }
      const level = rule.defaultConfiguration?.level;
      if (level !== undefined && !LEVELS.includes(level)) report(`${at}.defaultConfiguration.level`, level);
    });
    const fingerprints = new Set<string>();
    (results ?? []).forEach((result, i) => {
      const at = `runs[${r}].results[${i}]`;
      if (!result.message.text) report(`${at}.message.text`, 'missing');
      if (result.level !== undefined && !LEVELS.includes(result.level)) report(`${at}.level`, result.level);
      if (result.kind !== undefined && result.kind !== 'fail')
        report(`${at}.kind`, `${result.kind} (GitHub ignores it)`);
      if (result.suppressions !== undefined) report(`${at}.suppressions`, 'present (GitHub ignores them)');
      const rule = result.ruleIndex === undefined ? undefined : rules[result.ruleIndex];
      if (rule === undefined || rule.id !== result.ruleId) report(`${at}.ruleIndex`, 'does not point at its ruleId');
      const physical = result.locations?.[0]?.physicalLocation;
      const uri = physical?.artifactLocation?.uri;
      if (uri === undefined) report(`${at}.locations[0].physicalLocation.artifactLocation.uri`, 'missing');
      else for (const problem of uriProblems(uri)) report(`${at}.locations[0]`, problem);
      const region = physical?.region;
      if (region?.startLine === undefined || region.startLine < 1) report(`${at}.locations[0]`, 'no startLine ≥ 1');
      const fingerprint = result.partialFingerprints?.['primaryLocationLineHash'];
      const key = `${result.ruleId ?? ''}|${fingerprint ?? ''}`;
      if (!fingerprint) report(`${at}.partialFingerprints.primaryLocationLineHash`, 'missing');
      else if (fingerprints.has(key)) report(at, 'duplicate fingerprint');
      fingerprints.add(key);
    });
  });
  return problems;
}

/** Parses SARIF text and returns every schema and GitHub problem (empty for a good file). */
export function sarifProblems(text: string): string[] {
  const log: unknown = JSON.parse(text);
  const problems = schemaProblems(log);
  return problems.length > 0 ? problems : githubProblems(log as Sarif.Log);
}
