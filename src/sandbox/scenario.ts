/**
 * The scenario format: a world of accounts, Regions, trails, buckets and faults that the sandbox serves.
 *
 * The zod schema is the single definition: it validates scenario files, types the world, and is exported
 * as JSON Schema (`schemas/scenario.schema.json`) for editors. Cross-references (a trail's home Region is
 * a Region of the world, an organization trail belongs to a management account …) are checked after the
 * shape, so every error names one path.
 */
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { validate } from '../structured-file.js';
import { bucketVersioning, objectLock, postureResources } from './posture-scenario.js';
import { accountId, instant, regionName } from './scenario-values.js';
import { OPERATIONS } from './services/index.js';
import { TAMPER_ACTIONS } from './digests.js';

/** Any invalid scenario: the message is one line naming the source and the offending path (exit code 2). */
export class ScenarioError extends UsageError {
  override name = 'ScenarioError';
}

/** Fake access keys must never look like real ones, so a leaked log line cannot be mistaken for a credential. */
const REAL_ACCESS_KEY = /(AKIA|ASIA)[A-Z0-9]{16}/;

const publicAccessBlock = z
  .strictObject({
    blockPublicAcls: z.boolean().default(false),
    ignorePublicAcls: z.boolean().default(false),
    blockPublicPolicy: z.boolean().default(false),
    restrictPublicBuckets: z.boolean().default(false),
  })
  .describe('A Block Public Access configuration; an omitted setting is off');

const basicEventSelector = z.strictObject({
  readWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']).default('All'),
  includeManagementEvents: z.boolean().default(true),
  excludeManagementEventSources: z.array(z.string()).default([]),
  dataResources: z.array(z.strictObject({ type: z.string(), values: z.array(z.string()) })).default([]),
});

const fieldSelector = z.strictObject({
  field: z.string(),
  equals: z.array(z.string()).optional(),
  notEquals: z.array(z.string()).optional(),
  startsWith: z.array(z.string()).optional(),
  notStartsWith: z.array(z.string()).optional(),
  endsWith: z.array(z.string()).optional(),
  notEndsWith: z.array(z.string()).optional(),
});

const advancedEventSelector = z.strictObject({
  name: z.string().optional(),
  fieldSelectors: z.array(fieldSelector).min(1),
});

const digests = z
  .strictObject({
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 40)
      .default(26)
      .describe('Hourly digests back from the newest'),
    logFilesPerHour: z.number().int().min(0).max(100).default(2),
    stopped: z
      .array(z.strictObject({ from: instant, to: instant }))
      .default([])
      .describe('Periods the trail was not logging: no digests, and the chain restarts after each'),
    tampering: z
      .array(
        z.strictObject({
          action: z.enum(TAMPER_ACTIONS),
          region: regionName.optional().describe('Only in this Region (every Region of the trail by default)'),
          hoursAgo: z.number().int().min(0).default(0).describe('Which digest: 0 is the newest, 1 the one before …'),
          logFile: z.number().int().min(0).default(0).describe("Which of the digest's log files"),
        }),
      )
      .default([])
      .describe('Damage done after delivery'),
  })
  .describe(
    'Digest files and log files CloudTrail delivered, signed by the sandbox key of each Region; every trail ' +
      'with log file validation has them (26 hours, 2 log files an hour) unless this says otherwise',
  );

const trail = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/, 'must be a valid trail name'),
  homeRegion: regionName,
  multiRegion: z.boolean().default(false),
  organization: z.boolean().default(false).describe('An organization trail: its account must manage an organization'),
  includeGlobalServiceEvents: z.boolean().default(true),
  logging: z.boolean().default(true),
  s3BucketName: z.string(),
  s3KeyPrefix: z.string().optional(),
  snsTopicArn: z.string().optional(),
  kmsKeyId: z.string().optional(),
  logFileValidation: z.boolean().default(false),
  digests: digests.optional(),
  cloudWatchLogs: z.strictObject({ logGroupArn: z.string(), roleArn: z.string() }).optional(),
  eventSelectors: z
    .array(basicEventSelector)
    .optional()
    .describe('Basic event selectors; without these or advanced ones the trail has the default selector'),
  advancedEventSelectors: z.array(advancedEventSelector).optional(),
  insightSelectors: z.array(z.enum(['ApiCallRateInsight', 'ApiErrorRateInsight'])).optional(),
  tags: z.record(z.string(), z.string()).default({}),
  status: z
    .strictObject({
      startLoggingTime: instant.optional(),
      stopLoggingTime: instant.optional(),
      latestDeliveryTime: instant.optional(),
      latestDeliveryError: z.string().optional(),
      latestDigestDeliveryTime: instant.optional(),
      latestCloudWatchLogsDeliveryTime: instant.optional(),
      latestCloudWatchLogsDeliveryError: z.string().optional(),
      latestDigestDeliveryError: z.string().optional(),
      latestNotificationError: z.string().optional(),
    })
    .default({})
    .describe('GetTrailStatus times and errors; omitted times are derived from logging'),
});

const groupUri = z.enum(['AllUsers', 'AuthenticatedUsers', 'LogDelivery']);
const permission = z.enum(['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP']);
const grant = z.union([
  z.strictObject({ group: groupUri, permission }),
  z.strictObject({ canonicalUser: z.string(), permission }),
  z.strictObject({ email: z.string(), permission }),
]);

const bucket = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name'),
  region: regionName,
  ownerAccountId: accountId.describe('The owner; it need not be an account of the world (e.g. a log archive)'),
  legacyEuLocation: z.boolean().default(false).describe('An old eu-west-1 bucket whose GetBucketLocation says EU'),
  creationDate: z.iso.datetime({ offset: true }).default('2024-01-15T10:00:00Z'),
  grants: z.array(grant).optional().describe("ACL grants besides the owner's FULL_CONTROL, which every bucket has"),
  policy: z.record(z.string(), z.unknown()).optional().describe('The bucket policy document'),
  policyIsPublic: z
    .boolean()
    .nullable()
    .optional()
    .describe(
      'GetBucketPolicyStatus IsPublic, required with a policy (S3 computes it; the sandbox does not guess); ' +
        'null leaves the element out, as an incomplete answer',
    ),
  publicAccessBlock: publicAccessBlock.optional(),
  objectOwnership: z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']).optional(),
  versioning: bucketVersioning.optional().describe('GetBucketVersioning; never enabled when omitted'),
  objectLock: objectLock.optional().describe('Object Lock, with its default retention; off when omitted'),
  logging: z.strictObject({ targetBucket: z.string(), targetPrefix: z.string().default('') }).optional(),
});

/** The states AWS Organizations gives an account (ListAccounts `State`). */
export const ACCOUNT_STATES = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED', 'PENDING_ACTIVATION'] as const;

const account = z.strictObject({
  name: z.string().optional(),
  accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'must be 16 or more upper-case letters and digits'),
  secretAccessKey: z.string().min(1),
  accountId,
  identityArn: z.string().optional().describe('What GetCallerIdentity answers; an IAM user by default'),
  organization: z
    .strictObject({
      id: z.string().regex(/^o-[a-z0-9]{10,32}$/),
      management: z.boolean().default(false),
      state: z
        .enum(ACCOUNT_STATES)
        .default('ACTIVE')
        .describe('The account state ListAccounts reports (suspended and closed accounts are not scanned)'),
    })
    .optional(),
  roles: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name'),
        externalId: z.string().min(2).max(1224).optional().describe('The external id its trust policy requires'),
      }),
    )
    .optional()
    .describe(
      'The roles other accounts of its organization may assume; by default a member account has ' +
        'OrganizationAccountAccessRole and a management account none',
    ),
  optedInRegions: z.array(regionName).default([]).describe('The opt-in Regions this account has enabled'),
  publicAccessBlock: publicAccessBlock.optional().describe('The account-level Block Public Access (S3 Control)'),
  trails: z.array(trail).default([]),
  ...postureResources,
});

/**
 * What a faulted call meets instead of the answer. Errors as AWS gives them (throttling, access-denied,
 * internal-error, service-unavailable, echo-credentials: an error whose message repeats the caller's
 * credentials); broken transport (hang: no answer; stall-after-headers: headers, then nothing;
 * trickle-body: the body one byte a second; connection-reset); and HTTP 200 answers that are not the
 * answer (malformed-body: cut in half; empty-body; empty-document: `{}` or the XML root without
 * content; html-page: a proxy's or portal's page).
 */
export const FAULT_ERRORS = [
  'throttling',
  'access-denied',
  'internal-error',
  'service-unavailable',
  'echo-credentials',
  'hang',
  'stall-after-headers',
  'trickle-body',
  'connection-reset',
  'malformed-body',
  'empty-body',
  'empty-document',
  'html-page',
] as const;

const fault = z
  .strictObject({
    operation: z
      .string()
      .default('*')
      .describe('service:Operation as counted (cloudtrail:GetTrailStatus), service:* or *'),
    region: regionName.optional(),
    accountId: accountId.optional(),
    resource: z.string().optional().describe('A trail name or ARN, or a bucket name'),
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    error: z.enum(FAULT_ERRORS).optional(),
    firstCalls: z.number().int().min(1).optional().describe('Only the first N matching calls'),
    fraction: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Each distinct request is hit on its first call with this probability (seeded, deterministic)'),
    seed: z.number().int().default(1),
  })
  .describe('Applied to every matching call unless firstCalls or fraction narrows it');

const region = z.strictObject({
  name: regionName,
  optIn: z.boolean().default(false).describe('An opt-in Region: enabled only for accounts that opted in'),
});

const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    regions: z.array(region).min(1),
    accounts: z.array(account).min(1),
    buckets: z.array(bucket).default([]),
    faults: z.array(fault).default([]),
  })
  .superRefine((scenario, ctx) => {
    for (const { path, message } of crossReferenceIssues(scenario)) ctx.addIssue({ code: 'custom', path, message });
  });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioAccount = Scenario['accounts'][number];
export type ScenarioTrail = ScenarioAccount['trails'][number];
export type ScenarioDigests = z.output<typeof digests>;
export type ScenarioBucket = Scenario['buckets'][number];
export type ScenarioFault = Scenario['faults'][number];
export type FaultError = (typeof FAULT_ERRORS)[number];
export type PublicAccessBlockSetting = z.output<typeof publicAccessBlock>;
export type Instant = z.output<typeof instant>;

interface Issue {
  path: (string | number)[];
  message: string;
}

function crossReferenceIssues(scenario: Scenario): Issue[] {
  const issues: Issue[] = [];
  const regions = new Map(scenario.regions.map((r) => [r.name, r]));
  const notARegion = (value: string) => `${JSON.stringify(value)} is not a Region of the world`;
  const seen = new Set<string>();
  const duplicate = (kind: string, key: string) => {
    const id = `${kind}:${key}`;
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  };

  scenario.regions.forEach((r, i) => {
    if (duplicate('region', r.name))
      issues.push({ path: ['regions', i, 'name'], message: `${JSON.stringify(r.name)} is listed twice` });
  });

  const managementAccounts = new Set<string>();
  scenario.accounts.forEach((a, i) => {
    const at = (...rest: (string | number)[]) => ['accounts', i, ...rest];
    if (REAL_ACCESS_KEY.test(a.accessKeyId)) {
      issues.push({
        path: at('accessKeyId'),
        message: 'looks like a real AWS access key; use a fake one such as TSDEMO…',
      });
    }
    if (duplicate('key', a.accessKeyId))
      issues.push({ path: at('accessKeyId'), message: 'is used by another account' });
    if (duplicate('account', a.accountId))
      issues.push({ path: at('accountId'), message: `${a.accountId} is listed twice` });
    if (a.organization?.management === true && duplicate('management', a.organization.id)) {
      issues.push({ path: at('organization'), message: `${a.organization.id} already has a management account` });
    }
    if (a.organization?.management === true) managementAccounts.add(a.accountId);
    a.optedInRegions.forEach((name, j) => {
      const r = regions.get(name);
      if (r === undefined) issues.push({ path: at('optedInRegions', j), message: notARegion(name) });
      else if (!r.optIn) issues.push({ path: at('optedInRegions', j), message: `${name} is not an opt-in Region` });
    });
    const enabled = (name: string) => regions.get(name)?.optIn === false || a.optedInRegions.includes(name);
    a.trails.forEach((t, j) => {
      if (!regions.has(t.homeRegion))
        issues.push({ path: at('trails', j, 'homeRegion'), message: notARegion(t.homeRegion) });
      else if (!enabled(t.homeRegion)) {
        issues.push({
          path: at('trails', j, 'homeRegion'),
          message: `${t.homeRegion} is not enabled for this account`,
        });
      }
      if (duplicate(`trail:${a.accountId}`, t.name))
        issues.push({ path: at('trails', j, 'name'), message: `${JSON.stringify(t.name)} is used twice` });
      if (t.organization && !managementAccounts.has(a.accountId)) {
        issues.push({
          path: at('trails', j, 'organization'),
          message: 'only the management account of an organization can own an organization trail',
        });
      }
      if (t.digests !== undefined && !t.logFileValidation) {
        issues.push({ path: at('trails', j, 'digests'), message: 'only a trail with logFileValidation has digests' });
      }
      if (t.eventSelectors !== undefined && t.advancedEventSelectors !== undefined) {
        issues.push({
          path: at('trails', j, 'advancedEventSelectors'),
          message: 'a trail has basic or advanced event selectors, not both',
        });
      }
    });
  });

  scenario.buckets.forEach((b, i) => {
    const at = (...rest: (string | number)[]) => ['buckets', i, ...rest];
    if (duplicate('bucket', b.name))
      issues.push({ path: at('name'), message: `${JSON.stringify(b.name)} is used twice` });
    if (!regions.has(b.region)) issues.push({ path: at('region'), message: notARegion(b.region) });
    if (b.legacyEuLocation && b.region !== 'eu-west-1')
      issues.push({
        path: at('legacyEuLocation'),
        message: 'only an eu-west-1 bucket can have the legacy EU location',
      });
    if (b.policy === undefined && b.policyIsPublic !== undefined)
      issues.push({ path: at('policyIsPublic'), message: 'a bucket without a policy has no policy status' });
    if (b.policy !== undefined && b.policyIsPublic === undefined)
      issues.push({
        path: at('policyIsPublic'),
        message: 'say whether S3 reports the policy as public (true, false or null)',
      });
  });

  const operations = new Set<string>(OPERATIONS);
  const services = new Set(OPERATIONS.map((op) => op.split(':')[0]));
  scenario.faults.forEach((f, i) => {
    const [service, operation] = f.operation.split(':');
    const known = f.operation === '*' || operations.has(f.operation) || (operation === '*' && services.has(service));
    if (!known)
      issues.push({
        path: ['faults', i, 'operation'],
        message: `${JSON.stringify(f.operation)} is not an operation the sandbox serves`,
      });
    if (f.region !== undefined && !regions.has(f.region))
      issues.push({ path: ['faults', i, 'region'], message: notARegion(f.region) });
    if (f.firstCalls !== undefined && f.fraction !== undefined)
      issues.push({ path: ['faults', i, 'fraction'], message: 'use firstCalls or fraction, not both' });
  });
  return issues;
}

/** Validates a scenario; `source` names it (a file, a built-in) in the one-line error. */
export function parseScenario(input: unknown, source: string): Scenario {
  return validate(scenarioSchema, input, `scenario ${source}`, ScenarioError);
}

/** The JSON Schema of the scenario file format, as committed in `schemas/scenario.schema.json`. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'trailscan sandbox scenario',
  };
}
