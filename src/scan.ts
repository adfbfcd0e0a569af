/**
 * The pipeline, end to end: credentials → discover → collect → evaluate → report. The live scan and the
 * offline re-evaluation of a saved inventory end in the same report.
 */
import { setMaxListeners } from 'node:events';
import { AwsCaller } from './aws/caller.js';
import { AwsClients, resolveHomeRegion, type AwsAccessOptions } from './aws/clients.js';
import { collectInventory } from './aws/collect.js';
import type { IntegrityRequest } from './aws/collectors/digests.js';
import { servicesFor } from './aws/plan.js';
import type { RegionSelection } from './aws/discover.js';
import { missingSlices, requiredSlices, type EvaluatedElsewhere, type SelectedCheck } from './engine/evaluate.js';
import { buildReport } from './engine/report.js';
import type { Suppression } from './engine/suppress.js';
import type { Check, StandardChoice } from './model/check.js';
import type { ScanEventSink } from './model/events.js';
import { inventorySchema, upgradeInventory, type Inventory } from './model/inventory.js';
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

export interface LiveScanOptions extends EvaluationOptions {
  access: AwsAccessOptions;
  /** The Region for account-wide calls; resolved from the environment when absent. */
  region?: string | undefined;
  regions: RegionSelection;
  concurrency: number;
  /** What `verify-logs` verifies (window, trails, log files). */
  integrity?: IntegrityRequest | undefined;
  /** Days of CloudTrail event history to read, for the checks that opt in with --history. */
  historyDays?: number | undefined;
}

export interface ScanOutcome {
  inventory: Inventory;
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
  const caller = new AwsCaller(clients, {
    concurrency: options.concurrency,
    signal,
    observe: (call) => {
      emit({ type: 'apiCall', ...call });
    },
  });
  try {
    const slices = requiredSlices(options.selected);
    const [homeRegion] = await untilAborted(
      Promise.all([resolveHomeRegion(options.region, options.access.profile), clients.preload(servicesFor(slices))]),
      signal,
    );
    // The scan's duration counts its round trips, not Node and SDK start-up (measured on their own).
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

/** Room for accounts far larger than any seen: trails and buckets take about 1 KiB each in an inventory. */
const INVENTORY_LIMITS = { maxBytes: 256 * 1024 * 1024 };

/** A saved inventory, validated; anything else is one clear UsageError. */
export const inventoryLabel = (file: string) => `inventory ${file}`;

export async function readInventory(file: string): Promise<Inventory> {
  const label = inventoryLabel(file);
  const { data } = await readStructuredFile(file, label, 'json', INVENTORY_LIMITS);
  return upgradeInventory(validate(inventorySchema, data, label));
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
