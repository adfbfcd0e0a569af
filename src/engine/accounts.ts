/**
 * The report of several accounts (an organization, or `--accounts`): each account evaluated on its own
 * inventory, organization trails judged once, in the account that owns them, and accounts that could not
 * be scanned reported as NOT_AVAILABLE with the call that failed. Pure.
 */
import { notAvailable } from '../model/check.js';
import type { CollectionError, Inventory } from '../model/inventory.js';
import { REPORT_SCHEMA_VERSION, type ScanAccounts, type ScanReport } from '../model/report.js';
import { accountResourceOf, type Result } from '../model/result.js';
import { parseArn } from '../aws/regions.js';
import { compareResults, evaluate, toResult } from './evaluate.js';
import { failedEnvelopes, TOOL_URI, type ReportInput } from './report.js';
import { gate, summarize, type CheckHeading } from './summary.js';
import { applySuppressions } from './suppress.js';

/** An account whose scan could not start: its role could not be assumed, or it did not answer. */
export interface FailedAccount {
  id: string;
  name?: string | undefined;
  partition: string;
  error: CollectionError;
}

export interface AccountsReportInput extends Omit<ReportInput, 'inventory'> {
  /** The caller's own account, which reached the others. */
  caller: Inventory['account'];
  /** One inventory per scanned account, with the name the organization gives it. */
  scanned: readonly { inventory: Inventory; name?: string | undefined }[];
  /**
   * Organization trail owners that are part of the scan but not of this shard: read for their trails so
   * that the members here are judged as in a scan of every account, and not evaluated.
   */
  references?: readonly Inventory[];
  failed: readonly FailedAccount[];
  skipped: ScanAccounts['skipped'];
  organization: boolean;
  shard?: ScanAccounts['shard'];
}

/**
 * What each member cannot read of an organization trail (the status and event selectors AWS answers only
 * to the owner), as its owner read it, when the owner is in the scan too. A member covered by a trail that
 * logs every management event then passes CloudTrail.1/.3 naming it.
 */
export function withOrganizationTrails(inventories: readonly Inventory[]): Inventory[] {
  const byAccount = new Map(inventories.map((inventory) => [inventory.account.id, inventory]));
  return inventories.map((inventory) => {
    const ownerViews: NonNullable<Inventory['ownerViews']> = {};
    for (const [arn, trail] of Object.entries(inventory.trails)) {
      if (!trail.isOrganizationTrail || trail.ownerAccountId === inventory.account.id) continue;
      const owned = byAccount.get(trail.ownerAccountId)?.trails[arn];
      if (owned === undefined) continue;
      ownerViews[arn] = {
        ...(owned.status === undefined ? {} : { status: owned.status }),
        ...(owned.selectors === undefined ? {} : { selectors: owned.selectors }),
      };
    }
    return Object.keys(ownerViews).length === 0 ? inventory : { ...inventory, ownerViews };
  });
}

/** Reasons that say "judged in another account": a member's result of that kind repeats the owner's. */
const JUDGED_ELSEWHERE = new Set([
  'TRAIL_MANAGED_BY_ANOTHER_ACCOUNT',
  'S3_BUCKET_CROSS_ACCOUNT',
  'S3_BUCKET_UNKNOWN',
  'KMS_KEY_CROSS_ACCOUNT',
  'ORGANIZATION_TRAIL_UNREADABLE',
]);

/**
 * Drops a member's "evaluate it elsewhere" WARNING when the scan did evaluate it elsewhere: the resource
 * is a trail of a scanned account, or another scanned account judged the same check on it. What nobody
 * in the scan could judge keeps its WARNING in every account that sees it.
 */
export function judgedOnce(results: readonly Result[], scannedAccounts: ReadonlySet<string>): Result[] {
  const judged = new Set(
    results.filter((r) => !JUDGED_ELSEWHERE.has(r.reasonCode)).map((r) => `${r.checkId}\n${r.resource.id}`),
  );
  return results.filter((r) => {
    if (r.status !== 'WARNING' || !JUDGED_ELSEWHERE.has(r.reasonCode)) return true;
    const owner = r.resource.type === 'AwsCloudTrailTrail' ? parseArn(r.resource.id)?.account : undefined;
    if (owner !== undefined && owner !== r.resource.accountId && scannedAccounts.has(owner)) return false;
    return !judged.has(`${r.checkId}\n${r.resource.id}`);
  });
}

/** One NOT_AVAILABLE result per selected check for an account that could not be scanned, naming the call. */
function failedAccountResults(account: FailedAccount, selected: AccountsReportInput['selected']): Result[] {
  const resource = accountResourceOf({ id: account.id, partition: account.partition });
  return selected.map(({ check }) => toResult(check, { resource, ...notAvailable([account.error]) }));
}

export function buildAccountsReport(input: AccountsReportInput): ScanReport {
  const references = input.references ?? [];
  const inventories = withOrganizationTrails([...input.scanned.map((s) => s.inventory), ...references]).slice(
    0,
    input.scanned.length,
  );
  const expired = new Map<string, ScanReport['suppressions']['expired'][number]>();
  const results: Result[] = [];
  const errors: CollectionError[] = [];
  const scanned: ScanAccounts['scanned'] = [];
  inventories.forEach((inventory, index) => {
    const evaluated = applySuppressions(
      evaluate(inventory, input.selected),
      input.suppressions,
      new Date(inventory.collectedAt),
    );
    results.push(...evaluated.results);
    for (const e of evaluated.expired) expired.set(`${e.check}\n${e.resource}`, e);
    const accountId = inventory.account.id;
    // The account's own failures: the owner's readings are the owner's calls, reported there.
    const own = input.scanned[index]?.inventory ?? inventory;
    errors.push(...[...failedEnvelopes(own), ...own.recoveredErrors].map((e) => ({ ...e, accountId })));
    const name = input.scanned[index]?.name;
    scanned.push({
      id: accountId,
      ...(name === undefined ? {} : { name }),
      regions: inventory.regions,
      unreadableRegions: inventory.regions.scanned.filter((region) => inventory.trailLists[region]?.ok === false),
    });
  });
  for (const account of input.failed) {
    results.push(...failedAccountResults(account, input.selected));
    errors.push({ ...account.error, accountId: account.id });
  }
  const accounts: ScanAccounts = {
    organization: input.organization,
    ...(input.shard === undefined ? {} : { shard: input.shard }),
    scanned,
    skipped: input.skipped,
    failed: input.failed.map(({ id, name, error }) => ({ id, ...(name === undefined ? {} : { name }), error })),
  };
  return assembleAccountsReport({
    toolVersion: input.toolVersion,
    source: input.source,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    caller: input.caller,
    standard: input.standard,
    checks: input.selected.map((s) => s.check),
    apiCalls: input.apiCalls,
    failOn: input.failOn,
    accounts,
    results,
    errors,
    expired: [...expired.values()],
  });
}

/** Everything a report of several accounts is made of, before its summary and gate. */
export interface AccountsReportParts {
  toolVersion: string;
  source: ScanReport['scan']['source'];
  startedAt: string;
  finishedAt: string;
  caller: Inventory['account'];
  standard: ScanReport['scan']['standard'];
  checks: readonly CheckHeading[];
  apiCalls: ScanReport['scan']['apiCalls'];
  failOn: ScanReport['gate']['failOn'];
  accounts: ScanAccounts;
  results: Result[];
  errors: CollectionError[];
  expired: ScanReport['suppressions']['expired'];
}

/** The report, with the summary and the gate of all its accounts together (also how shards are merged). */
export function assembleAccountsReport(parts: AccountsReportParts): ScanReport {
  const { accounts } = parts;
  // Judged over every account of the report, so merged shards lose what one scan of them all would.
  const results = judgedOnce(parts.results, new Set(accounts.scanned.map((a) => a.id))).sort(compareResults);
  accounts.scanned.sort((a, b) => a.id.localeCompare(b.id));
  accounts.skipped.sort((a, b) => a.id.localeCompare(b.id));
  accounts.failed.sort((a, b) => a.id.localeCompare(b.id));
  const unreadable = accounts.scanned.flatMap((a) => a.unreadableRegions.map((region) => `${a.id}/${region}`));
  const scannedRegions = [...new Set(accounts.scanned.flatMap((a) => a.regions.scanned))].sort();
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'trailscan', version: parts.toolVersion, informationUri: TOOL_URI },
    scan: {
      source: parts.source,
      startedAt: parts.startedAt,
      finishedAt: parts.finishedAt,
      durationMs: new Date(parts.finishedAt).getTime() - new Date(parts.startedAt).getTime(),
      account: parts.caller,
      accounts,
      // Each account's own Regions are in `accounts`; here, every Region scanned in some account.
      regions: { scanned: scannedRegions, skipped: [] },
      standard: parts.standard,
      checks: parts.checks.map((c) => c.id),
      apiCalls: parts.apiCalls,
    },
    summary: summarize(results, parts.checks),
    gate: gate(results, parts.failOn, unreadable, parts.errors.length),
    results,
    errors: parts.errors,
    suppressions: { expired: parts.expired },
  };
}
