/**
 * The pipeline, end to end: credentials → discover → collect → evaluate → report. The live scan and the
 * offline re-evaluation of a saved inventory end in the same report.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { assumeRole, selectAccounts, type AccountSelection } from './aws/accounts.js';
import { AwsCaller } from './aws/caller.js';
import { AwsClients, resolveHomeRegion, type AwsAccessOptions } from './aws/clients.js';
import { collectInventory } from './aws/collect.js';
import type { IntegrityRequest } from './aws/collectors/digests.js';
import { DISCOVERY_OPERATIONS, discoverAccount, DiscoveryFailed } from './aws/discover.js';
import { heldSlices, servicesFor } from './aws/plan.js';
import type { RegionSelection } from './aws/discover.js';
import { missingSlices, requiredSlices, type EvaluatedElsewhere, type SelectedCheck } from './engine/evaluate.js';
import { buildAccountsReport, type FailedAccount } from './engine/accounts.js';
import { buildReport } from './engine/report.js';
import type { Suppression } from './engine/suppress.js';
import type { Check, StandardChoice } from './model/check.js';
import type { ScanEventSink } from './model/events.js';
import { inventorySchema, type Envelope, type Inventory, type Slice } from './model/inventory.js';
import type { FailOn, ScanReport } from './model/report.js';
import type { PluginOrigin } from './plugins/load.js';
import { UsageError } from './errors.js';
import { SliceNotCollected } from './model/check.js';
import { readStructuredFile, validate } from './structured-file.js';

/** How plugin checks are evaluated: where each comes from, and how long one may take. */
export interface PluginRuntime {
  origins: ReadonlyMap<Check, PluginOrigin>;
  budgetMs: number;
}

export interface EvaluationOptions {
  selected: readonly SelectedCheck[];
  /** The standard whose checks and parameter defaults were selected. */
  standard: StandardChoice;
  suppressions: readonly Suppression[];
  failOn: FailOn;
  toolVersion: string;
  plugins?: PluginRuntime | undefined;
}

/** A scan of several accounts: which ones, how to get into each, and how many at once. */
export interface AccountsScanOptions extends AccountSelection {
  roleName: string;
  externalId?: string | undefined;
  /** Accounts scanned at once; requests in flight stay bounded by `concurrency` across all of them. */
  accountConcurrency: number;
}

export interface LiveScanOptions extends EvaluationOptions {
  access: AwsAccessOptions;
  /** The Region for account-wide calls; resolved from the environment when absent. */
  region?: string | undefined;
  regions: RegionSelection;
  concurrency: number;
  /** What `verify-logs` verifies (window, trails, log files). */
  integrity?: IntegrityRequest | undefined;
  /** Several accounts (`--organization`, `--accounts`); the credentials' own account otherwise. */
  accounts?: AccountsScanOptions | undefined;
  /** Days of CloudTrail event history to read, for the checks that opt in with --history. */
  historyDays?: number | undefined;
}

export interface ScanOutcome {
  /** What was collected; a scan of several accounts has one per account and keeps none. */
  inventory?: Inventory | undefined;
  report: ScanReport;
}

/** The promise's outcome, or the abort's reason as soon as the signal aborts (start-up is not worth waiting for). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', abort);
    });
  });
}

export async function scanLive(
  options: LiveScanOptions,
  emit: ScanEventSink,
  signal: AbortSignal,
): Promise<ScanOutcome> {
  // Every request in flight listens for the abort: hundreds at once are expected, not a leak.
  setMaxListeners(0, signal);
  const clients = new AwsClients({
    ...options.access,
    onWarning: (message) => {
      emit({ type: 'notice', message });
    },
  });
  const limit = pLimit(options.concurrency);
  const callerFor = (accountClients: AwsClients) =>
    new AwsCaller(accountClients, {
      concurrency: options.concurrency,
      limit,
      signal,
      observe: (call) => {
        emit({ type: 'apiCall', ...call });
      },
    });
  const caller = callerFor(clients);
  try {
    const slices = requiredSlices(options.selected);
    // Discovery's SDK clients first (and the organization's, to list the accounts); the other services' load
    // while those requests are in flight.
    const discovery: string[] = [
      ...new Set(DISCOVERY_OPERATIONS.map((operation) => operation.service)),
      ...(options.accounts?.organization === true ? ['organizations'] : []),
    ];
    const [homeRegion] = await untilAborted(
      Promise.all([resolveHomeRegion(options.region, options.access.profile), clients.preload(discovery)]),
      signal,
    );
    clients.preload(servicesFor(slices).filter((service) => !discovery.includes(service))).catch(() => undefined);
    if (options.accounts !== undefined) {
      const report = await scanAccounts(options, options.accounts, {
        clients,
        caller,
        callerFor,
        homeRegion,
        slices,
        emit,
        signal,
      });
      return { report };
    }
    // The scan's duration runs from its first request: Node's start-up and discovery's modules are before it.
    const startedAt = new Date();
    const inventory = await collectInventory(caller, {
      homeRegion,
      regions: options.regions,
      slices,
      emit,
      integrity: options.integrity,
      historyDays: options.historyDays,
    });
    const evaluatedElsewhere = await evaluatePluginChecks(inventory, options);
    const report = buildReport({
      ...options,
      inventory,
      evaluatedElsewhere,
      source: 'aws',
      startedAt,
      finishedAt: new Date(),
      apiCalls: caller.counts,
    });
    return { inventory, report };
  } finally {
    await clients.destroy();
  }
}

/** What members take from an organization trail's owner: its status and event selectors. */
const ORGANIZATION_TRAIL_SLICES: readonly Slice[] = [
  'trails',
  'trailStatus',
  'eventSelectors',
  'multiRegionEventSelectors',
  'loggingCoverage',
];

interface AccountsContext {
  clients: AwsClients;
  caller: AwsCaller;
  callerFor: (clients: AwsClients) => AwsCaller;
  homeRegion: string;
  slices: Slice[];
  emit: ScanEventSink;
  signal: AbortSignal;
}

/** Sums the call counts of several callers. */
function addCounts(total: ScanReport['scan']['apiCalls'], counts: ScanReport['scan']['apiCalls']): void {
  total.total += counts.total;
  for (const [operation, n] of Object.entries(counts.byOperation)) {
    total.byOperation[operation] = (total.byOperation[operation] ?? 0) + n;
  }
}

/**
 * Several accounts, each in its own role session with its own rate limits, a few at a time, over one
 * connection pool and one bound on requests in flight. An account that cannot be entered or read fails
 * alone: its results are NOT_AVAILABLE with the failing call, and every other account completes.
 */
async function scanAccounts(
  options: LiveScanOptions,
  accounts: AccountsScanOptions,
  context: AccountsContext,
): Promise<ScanReport> {
  const { clients, caller, callerFor, homeRegion, slices, emit, signal } = context;
  const self = await untilAborted(discoverAccount(caller, homeRegion), signal);
  emit({ type: 'identity', account: self });
  const startedAt = new Date();
  const { accounts: selected, skipped, inScan } = await selectAccounts(caller, homeRegion, self.id, accounts);
  emit({ type: 'accounts', total: selected.length, skipped });
  // Recognisable in each account's CloudTrail: who read it, and when.
  const sessionName = `trailscan-${startedAt
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}`;
  const scanned: { inventory: Inventory; name?: string | undefined }[] = [];
  const failed: FailedAccount[] = [];
  const apiCalls = { total: 0, byOperation: {} };
  const quiet: ScanEventSink = (event) => {
    if (event.type === 'apiCall' || event.type === 'notice') emit(event);
  };
  const limitAccounts = pLimit(accounts.accountConcurrency);

  /** The account's inventory of these slices, or the call that kept the scan out of it. */
  const collectAccount = async (id: string, accountSlices: Slice[]): Promise<Envelope<Inventory>> => {
    let accountClients = clients;
    let accountCaller = caller;
    // Who the scan is in the account is known already: the caller itself, or the role just entered.
    let account: Inventory['account'] = self;
    if (id !== self.id) {
      const role = await assumeRole(caller, homeRegion, id, { ...accounts, sessionName, partition: self.partition });
      if (!role.ok) return role;
      accountClients = clients.forCredentials(role.value.credentials);
      accountCaller = callerFor(accountClients);
      account = { id, identityArn: role.value.identityArn, partition: self.partition };
    }
    try {
      const inventory = await collectInventory(accountCaller, {
        homeRegion,
        regions: options.regions,
        slices: accountSlices,
        emit: quiet,
        historyDays: options.historyDays,
        account,
      });
      return { ok: true, value: inventory };
    } catch (error) {
      signal.throwIfAborted();
      // Discovery in the account failed (no answer, Regions unreadable): that account's failure alone.
      if (!(error instanceof DiscoveryFailed)) throw error;
      return { ok: false, error: error.failure };
    } finally {
      if (accountCaller !== caller) {
        addCounts(apiCalls, accountCaller.counts);
        await accountClients.destroy();
      }
    }
  };
  const scanOne = async ({ id, name }: { id: string; name?: string | undefined }) => {
    const collected = await collectAccount(id, slices);
    if (collected.ok) {
      scanned.push({ inventory: collected.value, name });
      emit({ type: 'accountFinished', accountId: id, name, trails: Object.keys(collected.value.trails).length });
    } else {
      failed.push({ id, name, partition: self.partition, error: collected.error });
      emit({ type: 'accountFinished', accountId: id, name, error: collected.error });
    }
  };
  await Promise.all(selected.map((account) => limitAccounts(() => scanOne(account))));

  // Organization trail owners in the scan but in another shard: their trails, to judge the members here.
  const here = new Set(selected.map((a) => a.id));
  const owners = new Set(
    scanned.flatMap(({ inventory }) =>
      Object.values(inventory.trails)
        .filter((t) => t.isOrganizationTrail && inScan.has(t.ownerAccountId) && !here.has(t.ownerAccountId))
        .map((t) => t.ownerAccountId),
    ),
  );
  const ownerSlices = slices.filter((slice) => ORGANIZATION_TRAIL_SLICES.includes(slice));
  const references = (
    await Promise.all([...owners].map((id) => limitAccounts(() => collectAccount(id, ownerSlices))))
  ).flatMap((collected) => (collected.ok ? [collected.value] : []));
  addCounts(apiCalls, caller.counts);

  return buildAccountsReport({
    ...options,
    caller: self,
    scanned,
    references,
    failed,
    skipped,
    organization: accounts.organization,
    shard: accounts.shard,
    source: 'aws',
    startedAt,
    finishedAt: new Date(),
    apiCalls,
  });
}

/** Room for accounts far larger than any seen: trails and buckets take about 1 KiB each in an inventory. */
const INVENTORY_LIMITS = { maxBytes: 256 * 1024 * 1024 };

/** A saved inventory, validated; anything else is one clear UsageError. */
export const inventoryLabel = (file: string) => `inventory ${file}`;

export async function readInventory(file: string): Promise<Inventory> {
  const label = inventoryLabel(file);
  const { data } = await readStructuredFile(file, label, 'json', INVENTORY_LIMITS);
  const inventory = validate(inventorySchema, data, label);
  return { ...inventory, slices: heldSlices(inventory.slices) };
}

/**
 * The findings of the selected plugin checks, each evaluated in isolation (the worker is loaded only when
 * there are some); a check whose slices the inventory lacks is left to the engine's NOT_COLLECTED.
 */
async function evaluatePluginChecks(inventory: Inventory, options: EvaluationOptions): Promise<EvaluatedElsewhere> {
  const { plugins } = options;
  const tasks = options.selected.flatMap((selected) => {
    const origin = plugins?.origins.get(selected.check);
    return origin === undefined || missingSlices(inventory, selected).length > 0 ? [] : [{ ...selected, origin }];
  });
  if (plugins === undefined || tasks.length === 0) return new Map();
  const { evaluateInIsolation } = await import('./plugins/isolate.js');
  return evaluateInIsolation(inventory, tasks, plugins.budgetMs);
}

/**
 * The report of a saved inventory (`label` names it in errors). A slice its `slices` claims but a record
 * lacks is a corrupted or hand-edited file, said in one line, not an internal error.
 */
export async function evaluateInventory(
  inventory: Inventory,
  options: EvaluationOptions,
  label: string,
): Promise<ScanReport> {
  const evaluatedElsewhere = await evaluatePluginChecks(inventory, options);
  const at = new Date();
  try {
    return buildReport({
      ...options,
      inventory,
      evaluatedElsewhere,
      source: 'inventory',
      startedAt: at,
      finishedAt: at,
      apiCalls: { total: 0, byOperation: {} },
    });
  } catch (error) {
    if (error instanceof SliceNotCollected) {
      throw new UsageError(`${label} is incomplete: ${error.message}, though it lists that slice as collected`);
    }
    throw error;
  }
}
