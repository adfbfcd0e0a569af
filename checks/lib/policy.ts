/**
 * Reading resource policies (bucket and key policies, both IAM policy documents): their statements, whom
 * and what each names, and whether a condition pins a statement to known accounts. The grammar is IAM's:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

export type Json = unknown;

export const asArray = (value: Json): Json[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const strings = (value: Json): string[] => asArray(value).map(String);

export interface PolicyStatement {
  /** The Sid, or the statement's position (`#1` is the first) when it has none. */
  label: string;
  effect: string;
  raw: Record<string, Json>;
}

/** The statements of a policy document, or undefined when it is not one. */
export function policyStatements(document: string): PolicyStatement[] | undefined {
  let parsed: Json;
  try {
    parsed = JSON.parse(document);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  return asArray((parsed as Record<string, Json>)['Statement']).flatMap((raw, index) => {
    if (raw === null || typeof raw !== 'object') return [];
    const statement = raw as Record<string, Json>;
    const sid = statement['Sid'];
    const label = typeof sid === 'string' && sid !== '' ? sid : `#${index + 1}`;
    return [{ label, effect: String(statement['Effect']), raw: statement }];
  });
}

/** The statement applies to everyone: `"*"`, `{"AWS": "*"}`, or everyone but a NotPrincipal list. */
export function namesEveryone(statement: PolicyStatement): boolean {
  if (statement.raw['NotPrincipal'] !== undefined) return true;
  const principal = statement.raw['Principal'];
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  const byType = principal as Record<string, Json>;
  return ['AWS', 'CanonicalUser'].some((type) => asArray(byType[type]).includes('*'));
}

/** The statement names this service principal, e.g. `cloudtrail.amazonaws.com`. */
export function namesService(statement: PolicyStatement, service: string): boolean {
  const principal = statement.raw['Principal'];
  if (principal === null || typeof principal !== 'object') return false;
  return strings((principal as Record<string, Json>)['Service']).some((s) => s.toLowerCase() === service);
}

/** An IAM wildcard (`*`, `?`) as a regular expression. */
const wildcard = (pattern: string, flags = '') =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags,
  );

/** The statement's Action covers this action (NotAction: does not exclude it); action names ignore case. */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  const { Action: listed, NotAction: excluded } = statement.raw;
  if (excluded !== undefined) return !strings(excluded).some((p) => wildcard(p, 'i').test(action));
  return strings(listed).some((p) => wildcard(p, 'i').test(action));
}

/** The statement's Action is every action of the service (`s3:*`, or `*`). */
export function coversService(statement: PolicyStatement, service: string): boolean {
  if (statement.raw['NotAction'] !== undefined) return false;
  return strings(statement.raw['Action']).some((p) => p === '*' || p.toLowerCase() === `${service}:*`);
}

/** The statement's Resource covers this ARN (NotResource: does not exclude it). */
export function coversResource(statement: PolicyStatement, arn: string): boolean {
  const { Resource: listed, NotResource: excluded } = statement.raw;
  if (excluded !== undefined) return !strings(excluded).some((p) => wildcard(p).test(arn));
  return strings(listed).some((p) => wildcard(p).test(arn));
}

/** One condition key test: `{ "StringEquals": { "aws:SourceArn": [...] } }` is one. */
export interface ConditionTest {
  /** Lower case, without a `ForAnyValue:` prefix. */
  operator: string;
  /** The operator applies only if the key is present (`…IfExists`), or to every value (`ForAllValues:`). */
  lenient: boolean;
  /** Lower case. */
  key: string;
  values: Json[];
}

export function conditionTests(statement: PolicyStatement): ConditionTest[] {
  const condition = statement.raw['Condition'];
  if (condition === null || typeof condition !== 'object') return [];
  return Object.entries(condition as Record<string, Json>).flatMap(([rawOperator, keys]) => {
    if (keys === null || typeof keys !== 'object') return [];
    const lower = rawOperator.toLowerCase();
    // ForAllValues passes on an empty key set, and IfExists passes when the key is absent.
    const lenient = lower.startsWith('forallvalues:') || lower.endsWith('ifexists');
    const operator = lower.replace(/^for(any|all)values:/, '').replace(/ifexists$/, '');
    return Object.entries(keys as Record<string, Json>).map(([key, values]) => ({
      operator,
      lenient,
      key: key.toLowerCase(),
      values: asArray(values),
    }));
  });
}

const MATCHING_OPERATORS = new Set(['stringequals', 'stringlike', 'arnequals', 'arnlike']);

/** Condition keys that can pin a statement to accounts: by ARN (`aws:SourceArn`) or by account id. */
export interface AccountKeys {
  arnKeys: readonly string[];
  accountKeys: readonly string[];
}

/**
 * The statement applies only to requests on behalf of these accounts: some condition fixes one of
 * `accountKeys` (such as `aws:SourceAccount`) to them, or one of `arnKeys` (such as `aws:SourceArn`) to ARNs
 * whose account field is one of them (the Region and resource may be wildcards; the account may not, nor
 * a policy variable).
 */
export function limitedToAccounts(
  statement: PolicyStatement,
  accounts: ReadonlySet<string>,
  keys: AccountKeys,
): boolean {
  const lower = (list: readonly string[]) => new Set(list.map((k) => k.toLowerCase()));
  const arnKeySet = lower(keys.arnKeys);
  const accountKeySet = lower(keys.accountKeys);
  const ownAccount = (value: Json) => typeof value === 'string' && accounts.has(value);
  const ownArn = (value: Json) => {
    if (typeof value !== 'string' || value.includes('${')) return false;
    const parts = value.split(':');
    return parts.length >= 6 && parts[0] === 'arn' && accounts.has(parts[4] ?? '');
  };
  return conditionTests(statement).some(({ operator, lenient, key, values }) => {
    if (lenient || !MATCHING_OPERATORS.has(operator) || values.length === 0) return false;
    if (accountKeySet.has(key)) return values.every(ownAccount);
    return arnKeySet.has(key) && values.every(ownArn);
  });
}
