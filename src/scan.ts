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
import { requiredSlices, type SelectedCheck } from './engine/evaluate.js';
import { buildReport } from './engine/report.js';
import type { Suppression } from './engine/suppress.js';
import type { StandardChoice } from './model/check.js';
import type { ScanEventSink } from './model/events.js';
import { inventorySchema, type Inventory } from './model/inventory.js';
import type { FailOn, ScanReport } from './model/report.js';
import { readStructuredFile, validate } from './structured-file.js';

export interface EvaluationOptions {
  selected: readonly SelectedCheck[];
  /** The standard whose checks and parameter defaults were selected. */
  standard: StandardChoice;
  suppressions: readonly Suppression[];
  failOn: FailOn;
  toolVersion: string;
}

export interface LiveScanOptions extends EvaluationOptions {
  access: AwsAccessOptions;
  /** The Region for account-wide calls; resolved from the environment when absent. */
  region?: string | undefined;
  regions: RegionSelection;
  concurrency: number;
  /** What `verify-logs` verifies (window, trails, log files). */
  integrity?: IntegrityRequest | undefined;
}

export interface ScanOutcome {
  inventory: Inventory;
  report: ScanReport;
}

export async function scanLive(
  options: LiveScanOptions,
  emit: ScanEventSink,
  signal: AbortSignal,
): Promise<ScanOutcome> {
  // Every request in flight listens for the abort: hundreds at once are expected, not a leak.
  setMaxListeners(0, signal);
  const clients = new AwsClients(options.access);
  const caller = new AwsCaller(clients, {
    concurrency: options.concurrency,
    signal,
    observe: (call) => {
      emit({ type: 'apiCall', ...call });
    },
  });
  try {
    const slices = requiredSlices(options.selected);
    const [homeRegion] = await Promise.all([
      resolveHomeRegion(options.region, options.access.profile),
      clients.preload(servicesFor(slices)),
    ]);
    // The scan's duration counts its round trips, not Node and SDK start-up (measured on their own).
    const startedAt = new Date();
    const inventory = await collectInventory(caller, {
      homeRegion,
      regions: options.regions,
      slices,
      emit,
      integrity: options.integrity,
    });
    const report = buildReport({
      ...options,
      inventory,
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

/** A saved inventory, validated; anything else is one clear UsageError. */
export async function readInventory(file: string): Promise<Inventory> {
  const label = `inventory ${file}`;
  return validate(inventorySchema, await readStructuredFile(file, label, 'json'), label);
}

export function evaluateInventory(inventory: Inventory, options: EvaluationOptions): ScanReport {
  const at = new Date();
  return buildReport({
    ...options,
    inventory,
    source: 'inventory',
    startedAt: at,
    finishedAt: at,
    apiCalls: { total: 0, byOperation: {} },
  });
}
