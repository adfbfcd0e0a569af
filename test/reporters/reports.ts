/** Reports for reporter tests: fixed, built through the real engine, covering every status a result can have. */
import { buildReport } from '../../src/engine/report.js';
import type { Inventory } from '../../src/model/inventory.js';
import type { ScanReport } from '../../src/model/report.js';
import type { ReporterOptions } from '../../reporters/types.js';
import { gate, summarize } from '../../src/engine/summary.js';
import {
  ACCOUNT_ID,
  ALL_USERS,
  OTHER_ACCOUNT_ID,
  OWNER_GRANT,
  bucket,
  err,
  inventory,
  ok,
  trail,
} from '../fixtures/inventory.js';
import { fixtureChecks, incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';

export const options: ReporterOptions = { checks: fixtureChecks, color: false };

/** The legacy trail's log file validation is an accepted risk until it is retired. */
export const LEGACY_SUPPRESSION = {
  check: 'CloudTrail.4',
  resource: 'arn:aws:cloudtrail:*:*:trail/legacy',
  reason: 'Legacy trail is being retired',
  expires: '2027-03-31',
};

/**
 * The incomplete mixed account (one unreadable Region), plus an organization trail of the management
 * account delivering to its log archive bucket: FAILED, PASSED, WARNING, NOT_AVAILABLE and a suppressed
 * FAILED result, with collection errors and a skipped Region.
 */
export function everyStatusInventory(): Inventory {
  const inv = incompleteInventory();
  const orgTrail = trail({
    name: 'organization',
    ownerAccountId: OTHER_ACCOUNT_ID,
    isOrganizationTrail: true,
    s3BucketName: 'org-log-archive',
    kmsKeyId: undefined,
  });
  inv.trails[orgTrail.arn] = orgTrail;
  for (const list of Object.values(inv.trailLists)) if (list.ok) list.value.push(orgTrail.arn);
  inv.buckets['org-log-archive'] = bucket({ name: 'org-log-archive', presence: ok({ state: 'foreign' }) });
  inv.buckets['legacy-trail-logs']!.logging = err(
    's3:GetBucketLogging',
    'eu-west-1',
    'AccessDenied',
    'legacy-trail-logs',
  );
  return inv;
}

export function everyStatusReport(): ScanReport {
  return reportOf(everyStatusInventory(), { suppressions: [LEGACY_SUPPRESSION] });
}

/** An account where every control fails: one neglected single-Region trail with a public, unlogged bucket. */
export function everyControlFailingReport(): ScanReport {
  const neglected = trail({
    isMultiRegion: false,
    logFileValidationEnabled: false,
    kmsKeyId: undefined,
    cloudWatchLogsLogGroupArn: undefined,
    status: ok({ isLogging: false }),
  });
  const exposed = bucket({
    acl: ok({ grants: [OWNER_GRANT, { granteeType: 'Group', granteeId: ALL_USERS, permission: 'READ' }] }),
    logging: ok(null),
  });
  return reportOf(inventory({ trails: [neglected], buckets: [exposed] }));
}

/** The same inventory scanned at another time, by another version: nothing that identifies a finding changes. */
export function rescanned(scanned: Inventory, at: Date): ScanReport {
  return buildReport({
    inventory: { ...scanned, collectedAt: at.toISOString() },
    selected: fixtureChecks.map((check) => ({ check, params: check.parameters.parse({}) })),
    standard: 'aws-foundational',
    suppressions: [LEGACY_SUPPRESSION],
    failOn: 'high',
    toolVersion: '9.9.9',
    source: 'aws',
    startedAt: at,
    finishedAt: new Date(at.getTime() + 61_000),
    apiCalls: { total: 42, byOperation: { 'cloudtrail:DescribeTrails': 3 } },
  });
}

/**
 * Several accounts in one report, as an organization scan will produce: each account's results carry its
 * own `resource.accountId`; summary and gate are computed over all of them by the engine's functions.
 */
export function multiAccountReport(accountIds: readonly string[]): ScanReport {
  const reports = accountIds.map((accountId, i) => {
    const inv = i % 2 === 0 ? everyStatusInventory() : mixedInventory();
    return JSON.parse(
      JSON.stringify(reportOf(inv, { suppressions: [LEGACY_SUPPRESSION] })).replaceAll(ACCOUNT_ID, accountId),
    ) as ScanReport;
  });
  const first = reports[0]!;
  const results = reports.flatMap((r) => r.results);
  const unreadable = reports.flatMap((r) =>
    r.errors.filter((e) => e.operation === 'cloudtrail:DescribeTrails').map((e) => e.region),
  );
  const errors = reports.flatMap((r) => r.errors);
  return {
    ...first,
    summary: summarize(results, fixtureChecks),
    gate: gate(results, first.gate.failOn, [...new Set(unreadable)], errors.length),
    results,
    errors,
  };
}

/** The reports every finding format (ASFF, OCSF) is validated on: clean, all failing, every status, several accounts. */
export const FINDING_REPORTS: [string, () => ScanReport][] = [
  ['a healthy account', () => reportOf(inventory())],
  ['an account failing every control', everyControlFailingReport],
  ['every status, a suppression and collection errors', everyStatusReport],
  ['several accounts', () => multiAccountReport(['111111111111', '222222222222', '333333333333'])],
];
