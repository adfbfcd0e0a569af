/**
 * The shape of a check module: metadata beside a pure `evaluate`, in the manner of an ESLint rule.
 *
 * Checks never handle collection errors themselves: they `read()` envelopes inside `judge()`, and a
 * failed read turns into NOT_AVAILABLE for exactly the resource being judged, carrying the failed call.
 */
import type * as z from 'zod';
import type { CollectionError, Envelope, Inventory, Slice } from './inventory.js';
import type { CheckSource, Remediation, Resource, ResourceType, Severity, Status } from './result.js';

export type { CheckSource } from './result.js';

export type Evidence = Record<string, unknown>;

/** What a check decides about one resource; the engine adds the check's metadata around it. */
export interface Verdict {
  status: Status;
  reasonCode: string;
  reason: string;
  evidence: Evidence;
  errors?: CollectionError[];
  /** What to do, when it is not the check's own fix (e.g. "evaluate it in the owning account"). */
  remediation?: Omit<Remediation, 'url'>;
}

export interface Finding extends Verdict {
  resource: Resource;
}

/**
 * A check's reason codes, each with its message, as ESLint rules declare `messages`. `{name}` marks a value
 * each result fills in: `'Trail {trail} has log file validation disabled'`.
 */
export type Reasons = Readonly<Record<string, string>>;

type Placeholders<M extends string> = M extends `${string}{${infer K}}${infer Rest}` ? K | Placeholders<Rest> : never;

/** The values a message needs: none, or exactly its placeholders. */
export type MessageArgs<M extends string> = [Placeholders<M>] extends [never]
  ? [data?: Record<string, never>]
  : [data: Record<Placeholders<M>, string | number>];

/** Fills a message's placeholders; a missing value would be a bug the compiler already rules out. */
export function formatMessage(message: string, data: Readonly<Record<string, string | number>> = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = data[name];
    return value === undefined ? whole : String(value);
  });
}

/** A verdict of one of the declared reasons. */
export interface Verdicts<R extends Reasons> {
  passed<C extends keyof R & string>(code: C, ...args: [...MessageArgs<R[C]>, evidence?: Evidence]): Verdict;
  failed<C extends keyof R & string>(code: C, ...args: [...MessageArgs<R[C]>, evidence?: Evidence]): Verdict;
  /** `remediation` when the fix is not the check's own (evaluate it in another account). */
  warning<C extends keyof R & string>(
    code: C,
    ...args: [...MessageArgs<R[C]>, evidence?: Evidence, remediation?: Omit<Remediation, 'url'>]
  ): Verdict;
  notAvailable<C extends keyof R & string>(
    errors: readonly CollectionError[],
    code: C,
    ...args: [...MessageArgs<R[C]>, evidence?: Evidence]
  ): Verdict;
}

/** The verdict helpers of a set of reasons: a code outside the set does not compile. */
export function verdicts<const R extends Reasons>(reasons: R): Verdicts<R> {
  const verdict = (status: Status, code: string, args: unknown[], errors?: readonly CollectionError[]): Verdict => {
    const [data, evidence, remediation] = args as [
      Record<string, string | number> | undefined,
      Evidence | undefined,
      Omit<Remediation, 'url'> | undefined,
    ];
    const message = reasons[code];
    if (message === undefined) throw new Error(`reason ${code} is not declared`);
    return {
      status,
      reasonCode: code,
      reason: formatMessage(message, data),
      evidence: evidence ?? {},
      ...(errors === undefined ? {} : { errors: [...errors] }),
      ...(remediation === undefined ? {} : { remediation }),
    };
  };
  return {
    passed: (code, ...args) => verdict('PASSED', code, args),
    failed: (code, ...args) => verdict('FAILED', code, args),
    warning: (code, ...args) => verdict('WARNING', code, args),
    notAvailable: (errors, code, ...args) => verdict('NOT_AVAILABLE', code, args, errors),
  };
}

/**
 * Reasons every check may give, decided by the shared scopes and the engine rather than by one check:
 * resources owned elsewhere, failed calls, Regions whose trails could not be listed.
 */
export const COMMON_REASONS = {
  API_ERROR: '{calls}',
  NOT_COLLECTED: 'The inventory lacks what {check} needs: {slices}',
  TRAILS_NOT_LISTED: 'The trails of {region} could not be listed: {calls}',
  TRAIL_MANAGED_BY_ANOTHER_ACCOUNT: 'Trail {trail} is an organization trail of account {owner}: evaluate it there',
  ORGANIZATION_TRAIL_UNREADABLE:
    'The organization trail {trails} cannot be read from this account: evaluate it in the management account',
  S3_BUCKET_MISSING: 'Bucket {name} does not exist: its trails cannot deliver logs there',
  S3_BUCKET_CROSS_ACCOUNT: 'Bucket {name} belongs to another account: evaluate it in the account that owns it',
  S3_BUCKET_UNKNOWN: 'Trail {trail} does not say which bucket it delivers to',
  CHECK_ERROR: 'Check {check} could not be evaluated: {message}',
  KMS_KEY_CROSS_ACCOUNT: 'KMS key {name} belongs to another account: evaluate it in the account that owns it',
  EVENT_DATA_STORES_NOT_LISTED: 'The event data stores of {region} could not be listed: {calls}',
} as const;

export const common = verdicts(COMMON_REASONS);

/** The common reasons whose message takes exactly these placeholders, e.g. `CommonReasonTaking<'name'>`. */
export type CommonReasonTaking<K extends string> = {
  [C in keyof typeof COMMON_REASONS]: [Placeholders<(typeof COMMON_REASONS)[C]>] extends [K]
    ? [K] extends [Placeholders<(typeof COMMON_REASONS)[C]>]
      ? C
      : never
    : never;
}[keyof typeof COMMON_REASONS];

/** The advice for a resource this account cannot evaluate: scan the account that owns it. */
export const evaluateElsewhere = (owner: string): Omit<Remediation, 'url'> => ({
  text: `Run trailscan with credentials of ${owner}, where this resource is configured; nothing to change here.`,
  commands: [],
});
/** NOT_AVAILABLE because these calls failed, in their own words. */
export function notAvailable(errors: readonly CollectionError[]): Verdict {
  return common.notAvailable(errors, 'API_ERROR', { calls: describeErrors(errors) });
}

export function describeErrors(errors: readonly CollectionError[]): string {
  const unique = [...new Map(errors.map((e) => [`${e.operation}|${e.region}|${e.code}`, e])).values()];
  const shown = unique
    .slice(0, 3)
    .map((e) => `${e.operation} in ${e.region} failed: ${e.code}`)
    .join('; ');
  return unique.length > 3 ? `${shown}; and ${unique.length - 3} more` : shown;
}

/** Thrown by `read()` on an error envelope; caught by `judge()`. */
export class SliceUnavailable extends Error {
  readonly errors: readonly CollectionError[];
  constructor(errors: readonly CollectionError[]) {
    super(describeErrors(errors));
    this.errors = errors;
  }
}

/** A slice the check asked for but the inventory does not hold: a bug in `needs`, not a scan problem. */
export class SliceNotCollected extends Error {}

/** The envelope of a slice the check declared in `needs`. */
export function collected<T>(envelope: Envelope<T> | undefined, what: string): Envelope<T> {
  if (envelope === undefined) throw new SliceNotCollected(`${what} was not collected`);
  return envelope;
}

/**
 * The envelope of a field the scan reads only when it can matter (a bucket's ACL is not read when ACLs are
 * disabled): when `leftUnread` says the scan had no need of it and it is absent, `standIn` takes its place.
 */
export function collectedOr<T>(
  envelope: Envelope<T> | undefined,
  what: string,
  leftUnread: boolean,
  standIn: T,
): Envelope<T> {
  return leftUnread && envelope === undefined ? { ok: true, value: standIn } : collected(envelope, what);
}

/** The value of an envelope, or a `SliceUnavailable` that `judge()` turns into NOT_AVAILABLE. */
export function read<T>(envelope: Envelope<T> | undefined, what: string): T {
  const checked = collected(envelope, what);
  if (!checked.ok) throw new SliceUnavailable([checked.error]);
  return checked.value;
}

/** Evaluates one resource; any failed `read()` inside makes it NOT_AVAILABLE with the failing call. */
export function judge(resource: Resource, decide: () => Verdict): Finding {
  try {
    return { resource, ...decide() };
  } catch (error) {
    if (error instanceof SliceUnavailable) return { resource, ...notAvailable(error.errors) };
    throw error;
  }
}

/** Security Hub's control ids, `Service.N`, in any case: ids match whatever their case (`--checks cloudtrail.4`). */
const SECURITY_HUB_LIKE = /^[a-z][a-z0-9]*\.\d+$/i;

/** Who defines a check: its id namespace and what reporters call it. */
export const CHECK_SOURCES = {
  'security-hub': { label: 'AWS Security Hub control', ids: /^[A-Z][A-Za-z0-9]*\.\d+$/, example: 'CloudTrail.4' },
  cis: {
    label: 'CIS AWS Foundations Benchmark recommendation',
    ids: /^cis\.[a-z0-9]+(-[a-z0-9]+)*$/,
    example: 'cis.trail-bucket-mfa-delete',
  },
  trailscan: {
    label: 'trailscan check',
    ids: /^trailscan\.[a-z0-9]+(-[a-z0-9]+)*$/,
    example: 'trailscan.kms-key-usable',
  },
  plugin: {
    label: 'plugin check',
    ids: /^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/,
    example: 'acme.central-log-bucket',
  },
} as const satisfies Record<CheckSource, { label: string; ids: RegExp; example: string }>;

/** What is wrong with a check's id for its source, if anything: each source has its own namespace. */
export function checkIdProblem(id: string, source: CheckSource): string | undefined {
  const { ids, example, label } = CHECK_SOURCES[source];
  if (source !== 'security-hub' && SECURITY_HUB_LIKE.test(id))
    return `${id} is in AWS Security Hub's namespace (Service.N); a ${label} id is like ${example}`;
  if (source === 'plugin' && /^(trailscan|cis)\./i.test(id))
    return `${id} is in trailscan's own namespace; a ${label} id is like ${example}`;
  if (!ids.test(id)) return `${id} is not an id of a ${label} (like ${example})`;
  return undefined;
}

/**
 * The standards a scan can follow (`--standard`): which checks run, with which parameter defaults.
 * Security Hub's are declared by each check; a CIS profile holds the checks its benchmark version maps.
 */
export const STANDARDS = {
  'aws-foundational': {
    title:
      "AWS Security Hub's security controls (those of its security standards, not of its tagging standard), with Security Hub's semantics and parameter defaults",
    benchmark: undefined,
  },
  'aws-resource-tagging': { title: 'AWS Security Hub: the AWS Resource Tagging Standard', benchmark: undefined },
  'cis-1.4': { title: 'CIS AWS Foundations Benchmark v1.4.0', benchmark: 'CIS AWS Foundations Benchmark v1.4.0' },
  'cis-3.0': { title: 'CIS AWS Foundations Benchmark v3.0.0', benchmark: 'CIS AWS Foundations Benchmark v3.0.0' },
  'cis-5.0': { title: 'CIS AWS Foundations Benchmark v5.0.0', benchmark: 'CIS AWS Foundations Benchmark v5.0.0' },
} as const;
export type StandardId = keyof typeof STANDARDS;
/** Security Hub's own standards, the ones a check declares. */
export type SecurityHubStandard = 'aws-foundational' | 'aws-resource-tagging';
export const DEFAULT_STANDARD: StandardId = 'aws-foundational';

/** What `--standard` accepts: a standard, or `all` (every check, with its own parameter defaults). */
export const STANDARD_CHOICES = [...(Object.keys(STANDARDS) as StandardId[]), 'all'] as const;
export type StandardChoice = StandardId | 'all';

/** The standards a check belongs to: those it declares, and the CIS profiles its compliance mapping names. */
export function standardsOf(check: Pick<CheckMetadata, 'standards' | 'compliance'>): StandardId[] {
  const cis = (Object.keys(STANDARDS) as StandardId[]).filter((id) => {
    const benchmark = STANDARDS[id].benchmark;
    return benchmark !== undefined && benchmark in check.compliance;
  });
  return [...check.standards, ...cis];
}

export interface CheckMetadata {
  /**
   * The check's id in its source's namespace: exactly the Security Hub control id (`CloudTrail.4`) for a
   * Security Hub control, `trailscan.<name>` for trailscan's own checks.
   */
  id: string;
  source: CheckSource;
  title: string;
  description: string;
  severity: Severity;
  resourceType: ResourceType;
  /** The check's documentation: the Security Hub control page, or the AWS guidance it follows. */
  documentationUrl: string;
  /** Further reading. */
  references: readonly string[];
  /** Topics to filter by (the AWS services involved), e.g. `['cloudtrail', 's3']`. */
  tags: readonly string[];
  /** Framework → requirement ids, e.g. `{ 'CIS AWS Foundations Benchmark v1.4.0': ['3.2'] }`. */
  compliance: Readonly<Record<string, readonly string[]>>;
  /** The Security Hub standards that include the check; CIS profiles follow from `compliance`. */
  standards: readonly SecurityHubStandard[];
  /** Parameter defaults a standard sets where it differs from the check's own (CIS asks more of some). */
  standardParameters?: Partial<Record<StandardId, Readonly<Record<string, unknown>>>>;
  /** Every reason code the check gives, with its message; the shared scopes' reasons are `COMMON_REASONS`. */
  reasons: Reasons;
  /**
   * The scan option that turns the check on (`history`: `--history`, CloudTrail event history, slow to read):
   * without it the check is neither run nor collected for, whatever the standard.
   */
  optIn?: OptIn;
}

/** Scan options that add checks (and their collection) to a scan. */
export const OPT_INS = {
  history: { flag: '--history', reads: 'CloudTrail event history' },
} as const;
export type OptIn = keyof typeof OPT_INS;

/** Days of event history `--history` reads: all of it (event history keeps 90 days) unless told fewer. */
export const HISTORY_DAYS = { default: 90, max: 90 } as const;

/** A reason code a check's findings may carry: its own or a common one. */
export type ReasonCode<R extends Reasons> = (keyof R & string) | keyof typeof COMMON_REASONS;

export interface CheckDefinition<P, R extends Reasons> extends Omit<CheckMetadata, 'reasons'> {
  reasons: R;
  /** Options from the config file, validated and defaulted before `evaluate` sees them. */
  parameters: z.ZodType<P>;
  /** The inventory slices the check reads, for the given parameters: collection makes only these calls. */
  needs: (params: P) => readonly Slice[];
  /** What to do about a FAILED or WARNING finding, with the resource filled in. */
  remediation: (finding: Finding & { reasonCode: ReasonCode<R> }) => Omit<Remediation, 'url'>;
  /**
   * Pure and synchronous: one finding per resource or Region in scope, passes included. `verdict` makes
   * findings of the declared reasons only.
   */
  evaluate: (inventory: Inventory, params: P, verdict: Verdicts<R>) => Finding[];
}

/** A check as the registry and the engine hold it: parameters and reasons erased. */
export interface Check extends CheckMetadata {
  parameters: z.ZodType;
  needs: (params: unknown) => readonly Slice[];
  remediation: (finding: Finding) => Omit<Remediation, 'url'>;
  evaluate: (inventory: Inventory, params: unknown) => Finding[];
}

/**
 * Marks what `defineCheck` built, so a loader can tell checks from a module's other exports. A registered
 * symbol: a plugin that gets the API from another copy of the package still marks its checks the same way.
 */
const CHECK_MARK = Symbol.for('trailscan.check');

export function defineCheck<P, const R extends Reasons>(definition: CheckDefinition<P, R>): Check {
  const verdict = verdicts(definition.reasons);
  const check = {
    ...definition,
    evaluate: (inventory: Inventory, params: unknown) => definition.evaluate(inventory, params as P, verdict),
  } as Check;
  return Object.defineProperty(check, CHECK_MARK, { value: true });
}

/** Was this built by `defineCheck`? */
export function isDefinedCheck(value: unknown): value is Check {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CHECK_MARK] === true;
}
