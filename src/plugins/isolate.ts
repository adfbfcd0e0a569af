/**
 * Plugin checks run in a worker thread, never in the scan's own thread. A check is synchronous code, and
 * synchronous code cannot be interrupted where it runs: only terminating the thread it runs on stops a
 * loop. So the worker evaluates the checks one after the other and says when each starts (once its module
 * has loaded); a check that outlives its time budget gets its worker terminated, and a fresh worker carries
 * on with the next.
 *
 * A check that throws, returns a malformed finding or runs out of time is NOT_AVAILABLE (CHECK_ERROR) for
 * every resource of its type, with the reason; the other checks and the scan go on. Built-in checks are
 * trusted and evaluated in the engine, in process.
 */
import { Worker } from 'node:worker_threads';
import * as z from 'zod';
import { allTrails, accountResource, bucketResource, trailResource } from '../../checks/api.js';
import { COMMON_REASONS, common, type Check, type Finding } from '../model/check.js';
import { collectionErrorSchema, type Inventory } from '../model/inventory.js';
import { remediationSchema, resourceSchema, STATUSES, type Resource } from '../model/result.js';
import { problemsOf } from '../structured-file.js';
import type { PluginOrigin } from './load.js';

export interface IsolatedCheck {
  check: Check;
  params: unknown;
  origin: PluginOrigin;
}

/** What the worker is given: the inventory and every check to evaluate, starting at `from`. */
export interface WorkerInput {
  inventory: Inventory;
  tasks: { url: string; exportName: string; params: unknown }[];
  from: number;
}

export type FromWorker =
  | { type: 'loading'; index: number }
  | { type: 'started'; index: number }
  | { type: 'evaluated'; index: number; findings: unknown[] }
  | { type: 'failed'; index: number; message: string };

type Outcome = { ok: true; findings: Finding[] } | { ok: false; message: string };

const WORKER = new URL('./worker.js', import.meta.url);

/**
 * How long a check's module may take to load again in a fresh worker (it loaded once already, in the main
 * thread). Apart from the check's own budget, which times its evaluation: loading `trailscan/check` and zod
 * on a busy machine must not use up a budget of a second.
 */
const LOAD_BUDGET_MS = 30_000;

function findingSchema(check: Check) {
  const declared = Object.keys(check.reasons);
  const codes = new Set([...declared, ...Object.keys(COMMON_REASONS)]);
  return z
    .object({
      resource: resourceSchema,
      status: z.enum(STATUSES),
      reasonCode: z.string().superRefine((code, context) => {
        if (!codes.has(code)) {
          context.addIssue({
            code: 'custom',
            message: `${code} is not a reason the check declares (${declared.join(', ')})`,
          });
        }
      }),
      reason: z.string().min(1),
      evidence: z.record(z.string(), z.unknown()),
      errors: z.array(collectionErrorSchema).optional(),
      remediation: remediationSchema.omit({ url: true }).optional(),
    })
    .refine((finding) => !(finding.status === 'FAILED' || finding.status === 'WARNING') || finding.remediation, {
      message: 'a FAILED or WARNING finding needs a remediation',
      path: ['remediation'],
    });
}

/** The findings, if every one is well formed; else what is wrong with the first that is not. */
export function validateFindings(check: Check, findings: unknown[]): Outcome {
  const schema = z.array(findingSchema(check));
  const [problem] = problemsOf(schema, findings);
  if (problem !== undefined) return { ok: false, message: `returned a malformed finding: ${problem}` };
  return { ok: true, findings: schema.parse(findings) };
}

/** The resources a check of this type judges; the account when there are none, so a failure is never silent. */
function scopeOf(inventory: Inventory, check: Check): Resource[] {
  const resources =
    check.resourceType === 'AwsCloudTrailTrail'
      ? allTrails(inventory).map((trail) => trailResource(inventory, trail))
      : check.resourceType === 'AwsS3Bucket'
        ? Object.values(inventory.buckets).map((bucket) => bucketResource(inventory, bucket))
        : [];
  return resources.length > 0 ? resources : [accountResource(inventory)];
}

/** NOT_AVAILABLE for every resource in the check's scope, saying why it could not be evaluated. */
export function checkErrorFindings(inventory: Inventory, task: IsolatedCheck, message: string): Finding[] {
  const verdict = common.notAvailable(
    [],
    'CHECK_ERROR',
    { check: task.check.id, message },
    { plugin: task.origin.label },
  );
  return scopeOf(inventory, task.check).map((resource) => ({ resource, ...verdict }));
}

/**
 * Runs one worker over the tasks from `from`, recording each outcome; resolves with the index to go on
 * from when a check failed in a way that ends the worker, or with the number of tasks when all are done.
 */
function runWorker(
  inventory: Inventory,
  tasks: readonly IsolatedCheck[],
  from: number,
  budgetMs: number,
  record: (index: number, outcome: Outcome) => void,
): Promise<number> {
  const input: WorkerInput = {
    inventory,
    tasks: tasks.map(({ origin, params }) => ({ url: origin.url, exportName: origin.exportName, params })),
    from,
  };
  return new Promise((resolve) => {
    // What a check prints goes to stderr: stdout carries only the report.
    const worker = new Worker(WORKER, { workerData: input, stdout: true });
    worker.stdout.pipe(process.stderr);
    let running: number | undefined;
    let settled = from;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (next: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(next);
    };
    const settle = (index: number, outcome: Outcome) => {
      clearTimeout(timer);
      running = undefined;
      settled = index + 1;
      record(index, outcome);
      if (settled === tasks.length) finish(settled);
    };
    // The worker ended abnormally: the check in progress failed, and a new worker goes on after it. A worker
    // that ends before any check started cannot run the rest either.
    const abort = (message: string) => {
      if (done) return;
      if (running !== undefined) {
        const index = running;
        settle(index, { ok: false, message });
        finish(index + 1);
      } else if (settled > from) {
        finish(settled);
      } else {
        for (let index = settled; index < tasks.length; index += 1) record(index, { ok: false, message });
        finish(tasks.length);
      }
    };
    worker.on('message', (message: FromWorker) => {
      const task = tasks[message.index];
      if (task === undefined || done) return;
      switch (message.type) {
        case 'loading':
          running = message.index;
          timer = setTimeout(() => {
            abort(`its module did not load within ${LOAD_BUDGET_MS / 1000} s`);
          }, LOAD_BUDGET_MS);
          break;
        case 'started':
          clearTimeout(timer);
          running = message.index;
          timer = setTimeout(() => {
            abort(`did not finish within its time budget of ${budgetMs / 1000} s`);
          }, budgetMs);
          break;
        case 'evaluated':
          settle(message.index, validateFindings(task.check, message.findings));
          break;
        case 'failed':
          settle(message.index, { ok: false, message: message.message });
          break;
      }
    });
    worker.on('error', (error) => {
      abort(`threw ${error.name}: ${error.message}`);
    });
    worker.on('exit', (code) => {
      abort(`stopped its worker thread (exit code ${code})`);
    });
  });
}

/** The findings of every plugin check, evaluated in isolation; a failed check's are NOT_AVAILABLE. */
export async function evaluateInIsolation(
  inventory: Inventory,
  tasks: readonly IsolatedCheck[],
  budgetMs: number,
): Promise<Map<Check, Finding[]>> {
  const findings = new Map<Check, Finding[]>();
  const record = (task: IsolatedCheck, outcome: Outcome) => {
    findings.set(task.check, outcome.ok ? outcome.findings : checkErrorFindings(inventory, task, outcome.message));
  };
  // Parameters travel to the worker as a structured clone: a function or a class instance in them cannot.
  const runnable = tasks.filter((task) => {
    try {
      structuredClone(task.params);
      return true;
    } catch (error) {
      record(task, { ok: false, message: `its parameters cannot be passed to it (${(error as Error).message})` });
      return false;
    }
  });
  for (let next = 0; next < runnable.length;) {
    next = await runWorker(inventory, runnable, next, budgetMs, (index, outcome) => {
      const task = runnable[index];
      if (task !== undefined) record(task, outcome);
    });
  }
  return findings;
}
