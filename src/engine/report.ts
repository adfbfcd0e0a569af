/** Assembles the scan report from an inventory and the selected checks. Pure. */
import type { StandardChoice } from '../model/check.js';
import type { CollectionError, Inventory } from '../model/inventory.js';
import { REPORT_SCHEMA_VERSION, type FailOn, type ScanReport } from '../model/report.js';
import { evaluate, type EvaluatedElsewhere, type SelectedCheck } from './evaluate.js';
import { gate, summarize } from './summary.js';
import { applySuppressions, type Suppression } from './suppress.js';

export const TOOL_URI = 'https://github.com/trailscan/trailscan';

export interface ReportInput {
  inventory: Inventory;
  selected: readonly SelectedCheck[];
  standard: StandardChoice;
  /** Findings of the selected checks evaluated outside the engine (plugin checks). */
  evaluatedElsewhere?: EvaluatedElsewhere | undefined;
  suppressions: readonly Suppression[];
  failOn: FailOn;
  toolVersion: string;
  source: ScanReport['scan']['source'];
  startedAt: Date;
  finishedAt: Date;
  apiCalls: ScanReport['scan']['apiCalls'];
}

/**
 * Every error envelope in the inventory, found by walking it, so a slice added later is reported without
 * anyone remembering to list it here.
 */
export function failedEnvelopes(value: unknown): CollectionError[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(failedEnvelopes);
  const record = value as Record<string, unknown>;
  if (record['ok'] === false && record['error'] !== undefined) return [record['error'] as CollectionError];
  return Object.values(record).flatMap(failedEnvelopes);
}

export function buildReport(input: ReportInput): ScanReport {
  const { inventory, selected } = input;
  // Suppression expiry is judged at collection time, so a saved inventory re-evaluates identically.
  const { results, expired } = applySuppressions(
    evaluate(inventory, selected, input.evaluatedElsewhere),
    input.suppressions,
    new Date(inventory.collectedAt),
  );
  const unreadableRegions = inventory.regions.scanned.filter((region) => inventory.trailLists[region]?.ok === false);
  const checks = selected.map((s) => s.check);
  const errors = [...failedEnvelopes(inventory), ...inventory.recoveredErrors];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'trailscan', version: input.toolVersion, informationUri: TOOL_URI },
    scan: {
      source: input.source,
      startedAt: input.startedAt.toISOString(),
      finishedAt: input.finishedAt.toISOString(),
      durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
      account: inventory.account,
      regions: inventory.regions,
      standard: input.standard,
      checks: checks.map((c) => c.id),
      apiCalls: input.apiCalls,
    },
    summary: summarize(results, checks),
    gate: gate(results, input.failOn, unreadableRegions, errors.length),
    results,
    errors,
    suppressions: { expired },
  };
}
