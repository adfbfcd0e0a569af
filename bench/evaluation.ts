/**
 * The `evaluation` world: how long the checks take over a saved inventory of 5,000 trails and 2,000
 * buckets, and over 4× that, with no network at all. Evaluation must grow linearly with the inventory:
 * the 4× inventory should take about 4× as long, not 16×.
 */
import { builtinChecks } from '../checks/index.js';
import { selectChecks } from '../src/cli/selection.js';
import type { Inventory } from '../src/model/inventory.js';
import { evaluateInventory } from '../src/scan.js';
import { bucket, inventory, REGIONS, trail } from '../test/fixtures/inventory.js';

export const EVALUATION_WORLD = { trails: 5_000, buckets: 2_000, scales: [1, 4] } as const;

export interface EvaluationFigure {
  scale: number;
  trails: number;
  buckets: number;
  results: number;
  /** Each run's evaluation time. */
  runsMs: number[];
}

/** Trails spread over the Regions, single-Region, each delivering to one of the buckets in turn. */
function evaluationInventory(trails: number, buckets: number): Inventory {
  const names = Array.from({ length: buckets }, (_, i) => `logs-${i}`);
  return inventory({
    trails: Array.from({ length: trails }, (_, i) =>
      trail({
        name: `trail-${i}`,
        homeRegion: REGIONS[i % REGIONS.length],
        isMultiRegion: i % 50 === 0,
        s3BucketName: names[i % buckets],
      }),
    ),
    buckets: names.map((name) => bucket({ name })),
  });
}

export async function benchEvaluation(runs: number): Promise<EvaluationFigure[]> {
  const selected = selectChecks(builtinChecks, undefined, {}, 'all');
  const options = {
    selected,
    standard: 'all' as const,
    suppressions: [],
    failOn: 'low' as const,
    toolVersion: 'bench',
  };
  const figures: EvaluationFigure[] = [];
  for (const scale of EVALUATION_WORLD.scales) {
    const trails = EVALUATION_WORLD.trails * scale;
    const buckets = EVALUATION_WORLD.buckets * scale;
    const saved = evaluationInventory(trails, buckets);
    const runsMs: number[] = [];
    let results = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const report = await evaluateInventory(saved, options, 'the evaluation world');
      runsMs.push(Math.round(performance.now() - started));
      results = report.results.length;
    }
    figures.push({ scale, trails, buckets, results, runsMs });
  }
  return figures;
}
