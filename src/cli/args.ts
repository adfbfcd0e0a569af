/**
 * Command-line parsing and validation. Every problem becomes a UsageError naming the flag and the value,
 * shown as one line with exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { echo, UsageError } from '../errors.js';
import { isRegionName } from '../aws/regions.js';
import { HISTORY_DAYS, STANDARD_CHOICES, type StandardChoice } from '../model/check.js';
import { FAIL_ON, type FailOn } from '../model/gate.js';

const COMMANDS = ['scan', 'demo', 'evaluate', 'merge', 'checks', 'sandbox', 'iam-policy', 'verify-logs'] as const;
export type Command = (typeof COMMANDS)[number];

/** The formats a report can be written in; `tui` is the interactive terminal UI (stdout stays empty). */
export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'html', 'asff', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  profile: { type: 'string' },
  region: { type: 'string' },
  regions: { type: 'string' },
  'exclude-regions': { type: 'string' },
  checks: { type: 'string' },
  standard: { type: 'string' },
  history: { type: 'string' },
  'checks-dir': { type: 'string', multiple: true },
  'endpoint-url': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'max-attempts': { type: 'string' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o', multiple: true },
  'fail-on': { type: 'string' },
  'save-inventory': { type: 'string' },
  config: { type: 'string', short: 'c' },
  tui: { type: 'boolean' },
  color: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  scenario: { type: 'string' },
  port: { type: 'string' },
  trail: { type: 'string', multiple: true },
  'start-time': { type: 'string' },
  'end-time': { type: 'string' },
  'verify-log-files': { type: 'boolean' },
  organization: { type: 'boolean' },
  accounts: { type: 'string' },
  'exclude-accounts': { type: 'string' },
  'role-name': { type: 'string' },
  'external-id': { type: 'string' },
  'account-concurrency': { type: 'string' },
  shard: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** The flags of a scan of several accounts. */
const ACCOUNT_FLAGS = [
  'organization',
  'accounts',
  'exclude-accounts',
  'role-name',
  'external-id',
  'account-concurrency',
  'shard',
] as const;

/** Which flags each command accepts; anything else is a usage error. */
const SCAN_FLAGS = [
  'profile',
  'region',
  'regions',
  'exclude-regions',
  'checks',
  'standard',
  'history',
  'checks-dir',
  'endpoint-url',
  'concurrency',
  'timeout',
  'max-attempts',
  'format',
  'output',
  'fail-on',
  'save-inventory',
  'config',
  'tui',
  'color',
  'quiet',
  ...ACCOUNT_FLAGS,
] as const;
const REPORT_FLAGS = [
  'checks',
  'standard',
  'history',
  'checks-dir',
  'format',
  'output',
  'fail-on',
  'config',
  'tui',
  'color',
  'quiet',
] as const;
const ACCEPTED: Record<Command, readonly (keyof typeof OPTIONS)[]> = {
  scan: SCAN_FLAGS,
  demo: [...SCAN_FLAGS.filter((f) => !['profile', 'endpoint-url', 'region'].includes(f)), 'scenario'],
  evaluate: REPORT_FLAGS,
  merge: ['format', 'output', 'fail-on', 'color', 'quiet'],
  checks: ['format', 'standard', 'checks-dir', 'config'],
  sandbox: ['scenario', 'port'],
  'iam-policy': ['checks', 'standard', 'history', 'checks-dir', 'config', 'format', 'organization', 'role-name'],
  'verify-logs': [
    ...SCAN_FLAGS.filter(
      (f) => f !== 'checks' && f !== 'standard' && f !== 'history' && !(ACCOUNT_FLAGS as readonly string[]).includes(f),
    ),
    'trail',
    'start-time',
    'end-time',
    'verify-log-files',
  ],
};

export interface OutputTarget {
  format: ReportFormat;
  path: string;
}

export interface ParsedArgs {
  command: Command;
  help: boolean;
  version: boolean;
  positionals: string[];
  profile?: string | undefined;
  region?: string | undefined;
  regions?: string[] | undefined;
  excludeRegions?: string[] | undefined;
  checks?: string[] | undefined;
  standard?: StandardChoice | undefined;
  /** `--history [DAYS]`: the days of event history to read; undefined without the flag. */
  historyDays?: number | undefined;
  /** Directories of plugin check modules (`--checks-dir`, repeatable). */
  checksDirs: string[];
  endpointUrl?: string | undefined;
  concurrency?: number | undefined;
  timeoutSeconds?: number | undefined;
  maxAttempts?: number | undefined;
  /** `tui` forces the terminal UI; a report format turns it off; `cloudformation` is iam-policy's. */
  format?: ReportFormat | 'tui' | 'cloudformation' | undefined;
  outputs: OutputTarget[];
  failOn?: FailOn | undefined;
  saveInventory?: string | undefined;
  config?: string | undefined;
  tui?: boolean | undefined;
  color?: boolean | undefined;
  quiet: boolean;
  scenario?: string | undefined;
  port?: number | undefined;
  /** verify-logs: trail names or ARNs (every trail with validation by default). */
  trails?: string[] | undefined;
  /** verify-logs: the window, the last 24 hours by default. */
  window?: { start: Date; end: Date } | undefined;
  verifyLogFiles: boolean;
  organization: boolean;
  accounts?: string[] | undefined;
  excludeAccounts?: string[] | undefined;
  roleName?: string | undefined;
  externalId?: string | undefined;
  accountConcurrency?: number | undefined;
  shard?: { index: number; count: number } | undefined;
}

const list = (value: string | undefined): string[] | undefined =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  // Decimal digits only: Number() would also take 0x10, 1e1, 0b1 and " 5".
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got ${echo(value)}`);
  }
  return n;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got ${echo(value)}`);
  }
  return value as T;
}

function regionList(flag: string, value: string | undefined): string[] | undefined {
  const regions = list(value);
  for (const region of regions ?? []) {
    if (!isRegionName(region)) throw new UsageError(`--${flag}: ${echo(region)} is not a Region name (e.g. us-east-1)`);
  }
  return regions;
}

const AGE = /^(\d+)([mhd])$/;
const AGE_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DEFAULT_WINDOW_MS = 24 * AGE_MS.h;

/** An ISO 8601 time with a zone, or an age before now such as 90m, 6h or 7d. */
function instant(flag: string, value: string | undefined, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  const age = AGE.exec(value);
  if (age !== null) return new Date(now.getTime() - Number(age[1]) * AGE_MS[age[2] as keyof typeof AGE_MS]);
  const time = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value) ? new Date(value) : undefined;
  if (time === undefined || Number.isNaN(time.getTime()))
    throw new UsageError(
      `--${flag} must be a time such as 2026-03-01T00:00:00Z, or an age such as 6h or 7d, got "${value}"`,
    );
  return time;
}

function verifyWindow(start: string | undefined, end: string | undefined, now: Date): { start: Date; end: Date } {
  const to = instant('end-time', end, now) ?? now;
  const from = instant('start-time', start, now) ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
  if (from >= to)
    throw new UsageError(`--start-time (${from.toISOString()}) must be before --end-time (${to.toISOString()})`);
  return { start: from, end: to };
}

function accountList(flag: string, value: string | undefined): string[] | undefined {
  const accounts = list(value);
  for (const account of accounts ?? []) {
    if (!/^\d{12}$/.test(account)) throw new UsageError(`--${flag}: ${echo(account)} is not a 12-digit account id`);
  }
  return accounts;
}

/** `K/N`: the K-th of N shards, 1 ≤ K ≤ N ≤ 1000. */
function shard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index < 1 || count > 1000 || index > count) {
    throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N ≤ 1000 (e.g. 2/3), got ${echo(value)}`);
  }
  return { index, count };
}

/** An IAM role name, as CreateRole accepts it. */
function roleName(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[\w+=,.@-]{1,64}$/.test(value)) {
    throw new UsageError(`--role-name: ${echo(value)} is not an IAM role name`);
  }
  return value;
}

function outputTargets(values: readonly string[] | undefined): OutputTarget[] {
  return (values ?? []).map((value) => {
    const at = value.indexOf('=');
    const format = value.slice(0, at);
    const path = value.slice(at + 1);
    if (at <= 0 || path === '')
      throw new UsageError(`-o expects FORMAT=PATH (e.g. sarif=trailscan.sarif), got ${echo(value)}`);
    return { format: oneOf('output format', format, REPORT_FORMATS) ?? 'text', path };
  });
}

function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  // Node names an option as '--profile <value>', or '-c, --config <value>' when it has a short form.
  const option = /'(?:-\w, )?(-[^' ,]+)/.exec(message ?? '')?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? ''} (see trailscan --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `option ${option ?? ''} needs a value`;
  return (message ?? 'invalid arguments').split('.')[0] ?? 'invalid arguments';
}

/**
 * `--history` takes an optional number of days: `--history 30`, `--history=30`, or `--history` alone (the
 * default window). parseArgs knows no optional values, so a bare one becomes `--history=`.
 */
function optionalHistoryValue(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) => {
    if (arg !== '--history') return [arg];
    return /^\d+$/.test(argv[i + 1] ?? '') ? [arg] : ['--history='];
  });
}

function historyDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value === '' ? HISTORY_DAYS.default : integer('history', value, 1, HISTORY_DAYS.max);
}

export function parseCommandLine(argv: readonly string[], now = new Date()): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: optionalHistoryValue(argv),
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
      allowNegative: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values } = parsed;
  const [first, ...rest] = parsed.positionals;
  const isCommand = first !== undefined && (COMMANDS as readonly string[]).includes(first);
  if (first !== undefined && !isCommand) throw new UsageError(`unknown command ${echo(first)} (see trailscan --help)`);
  const command: Command = isCommand ? (first as Command) : 'scan';
  const positionals = isCommand ? rest : [];

  if (!values.help && !values.version) {
    const accepted: readonly string[] = ACCEPTED[command];
    for (const flag of Object.keys(values)) {
      if (!accepted.includes(flag)) throw new UsageError(`trailscan ${command} does not take --${flag}`);
    }
    const expectedPositionals = command === 'evaluate' ? 1 : 0;
    if (command === 'merge') {
      if (positionals.length < 1) throw new UsageError('trailscan merge needs the JSON reports to merge');
    } else if (positionals.length !== expectedPositionals) {
      throw new UsageError(
        command === 'evaluate'
          ? 'trailscan evaluate needs exactly one inventory file (saved with --save-inventory)'
          : `unexpected argument ${echo(positionals[0] ?? '')}`,
      );
    }
  }
  if (values.region !== undefined && !isRegionName(values.region)) {
    throw new UsageError(`--region: ${echo(values.region)} is not a Region name (e.g. us-east-1)`);
  }
  const formats =
    command === 'checks'
      ? (['text', 'json'] as const)
      : command === 'iam-policy'
        ? (['json', 'cloudformation'] as const)
        : ([...REPORT_FORMATS, 'tui'] as const);
  return {
    command,
    help: values.help === true,
    version: values.version === true,
    positionals,
    profile: values.profile,
    region: values.region,
    regions: regionList('regions', values.regions),
    excludeRegions: regionList('exclude-regions', values['exclude-regions']),
    checks: list(values.checks),
    standard: oneOf('standard', values.standard, STANDARD_CHOICES),
    historyDays: historyDays(values.history),
    checksDirs: values['checks-dir'] ?? [],
    endpointUrl: values['endpoint-url'],
    concurrency: integer('concurrency', values.concurrency, 1, 256),
    timeoutSeconds: integer('timeout', values.timeout, 1, 600),
    maxAttempts: integer('max-attempts', values['max-attempts'], 1, 20),
    format: oneOf('format', values.format, formats),
    outputs: outputTargets(values.output),
    failOn: oneOf('fail-on', values['fail-on'], FAIL_ON),
    saveInventory: values['save-inventory'],
    config: values.config,
    tui: values.tui,
    color: values.color,
    quiet: values.quiet === true,
    scenario: values.scenario,
    port: integer('port', values.port, 0, 65535),
    trails: values.trail,
    window: command === 'verify-logs' ? verifyWindow(values['start-time'], values['end-time'], now) : undefined,
    verifyLogFiles: values['verify-log-files'] === true,
    organization: values.organization === true,
    accounts: accountList('accounts', values.accounts),
    excludeAccounts: accountList('exclude-accounts', values['exclude-accounts']),
    roleName: roleName(values['role-name']),
    externalId: values['external-id'],
    accountConcurrency: integer('account-concurrency', values['account-concurrency'], 1, 256),
    shard: shard(values.shard),
  };
}

export const HELP = `trailscan — audit the CloudTrail posture of an AWS account (Security Hub CloudTrail controls)

Usage
  trailscan [scan] [options]        scan the account of your AWS credentials, every enabled Region
  trailscan demo [options]          scan a built-in sample account served locally (no AWS account needed)
  trailscan evaluate FILE [options] re-evaluate an inventory saved with --save-inventory, offline
  trailscan --organization [opts]   scan every active account of the organization (see Accounts)
  trailscan merge REPORT.json… [-f FORMAT] [-o FORMAT=PATH] [--fail-on S]
                                    combine the JSON reports of --shard runs into one, gated as a whole
  trailscan checks [--standard S] [--format json]
                                    list the checks (plugin checks included), and the standards of each
  trailscan iam-policy [--checks] [--organization [--role-name R]] [--format cloudformation]
                                    print the least-privilege IAM policy a scan needs; for the principal
                                    that scans an organization; or a CloudFormation template (StackSet)
                                    of the read-only role for every member account
  trailscan sandbox [--scenario NAME|FILE] [--port N]
                                    serve a local AWS-compatible endpoint for a scenario (default demo)
  trailscan verify-logs [options]   verify the CloudTrail digest chains (and log files) of the account's trails

Scan options
  --profile NAME            AWS profile (default: the standard credential chain, AWS_PROFILE)
  --region REGION           Region for account-wide calls (default: AWS_REGION, the profile's, us-east-1)
  --regions a,b             scan only these Regions (default: every enabled Region)
  --exclude-regions a,b     skip these Regions
  --standard NAME           the checks and parameter defaults of a standard: aws-foundational (default),
                            aws-resource-tagging, cis-1.4, cis-3.0, cis-5.0, or all
  --checks ID,ID            run only these checks (e.g. CloudTrail.1,CloudTrail.6)
  --history [DAYS]          also read CloudTrail event history of the last DAYS days (default and most 90;
                            LookupEvents, 2 calls per second per Region) and run trailscan.trail-tampering
  --checks-dir DIR          also load the plugin checks of the modules in DIR; repeatable
  --endpoint-url URL        send every AWS call to this endpoint (also AWS_ENDPOINT_URL)
  --concurrency N           requests in flight at once (default 64)
  --timeout SECONDS         give up on a request attempt after this long, body included (default 10)
  --max-attempts N          attempts per request, retries included (default 3)
  -c, --config PATH         config file (default: trailscan.config.json|yaml|yml if present)
  --save-inventory PATH     also save what was collected, for trailscan evaluate

Verify-logs options (and the scan options but --checks)
  --trail NAME|ARN          verify this trail; repeatable (default: every trail of the account with validation)
  --start-time TIME         from this time: 2026-03-01T00:00:00Z, or an age such as 6h or 7d (default: 24h)
  --end-time TIME           up to this time (default: now)
  --verify-log-files        also hash every log file the digests list, and look for log files none lists
                            (downloads every log file of the window)

Accounts (several in one scan; each entered with sts:AssumeRole, the credentials' own account directly)
  --organization            every ACTIVE account of the organization (organizations:ListAccounts, from the
                            management account or a delegated administrator); suspended ones are listed
  --accounts ID,ID          only these accounts (with --organization), or exactly these (without)
  --exclude-accounts ID,ID  leave these accounts out
  --role-name NAME          the role to assume in each account (default OrganizationAccountAccessRole)
  --external-id ID          the external id the role's trust policy requires
  --account-concurrency N   accounts scanned at once (default 32); --concurrency still bounds requests
  --shard K/N               scan only part K of N of the accounts (by a hash of the account id), for a
                            CI matrix; combine the parts' JSON reports with trailscan merge

Output options
  -f, --format FORMAT       text | json | sarif | junit | html | asff | ocsf to stdout, or tui (default: tui in a terminal,
                            else text)
  -o, --output FORMAT=PATH  also write a report file; repeatable (e.g. -o sarif=out.sarif -o json=out.json)
  --fail-on SEVERITY        critical | high | medium | low | none (default low)
  --no-tui                  never start the interactive terminal UI
  --no-color, --color       no colours (also NO_COLOR), or colours even off a terminal (also FORCE_COLOR)
  -q, --quiet               no progress lines on stderr
  -h, --help, -v, --version

Sandbox options (demo, sandbox)
  --scenario NAME|FILE      a scenario file, or a built-in: demo (default), organization (scanned whole), large
  --port N                  sandbox only: the port to listen on (default: a free one)

Exit codes
  0 no failed result at or above --fail-on, scan complete
  1 internal error
  2 usage, configuration or credential error, or a report file that could not be written
  3 failed results at or above --fail-on
  4 scan incomplete (a result NOT_AVAILABLE, a Region unreadable, or an API call failed) and no gated failure
  130 interrupted (Ctrl-C), 143 terminated (SIGTERM)
`;
