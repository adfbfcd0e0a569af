/**
 * The worker thread that evaluates plugin checks, one after the other, and says when each starts so the
 * main thread can time it. It imports each check's module again (a worker shares no objects with the main
 * thread) and computes the remediation of FAILED and WARNING findings, which is plugin code too.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isDefinedCheck } from '../model/check.js';
import type { FromWorker, WorkerInput } from './isolate.js';

const { inventory, tasks, from } = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error('the plugin worker runs only as a worker thread');
const send = (message: FromWorker) => {
  port.postMessage(message);
};

/** A finding that needs a fix and does not bring its own: the check's remediation gives it. */
function needsRemediation(finding: unknown): finding is { status: string; remediation?: unknown } {
  if (typeof finding !== 'object' || finding === null) return false;
  const { status, remediation } = finding as { status?: unknown; remediation?: unknown };
  return (status === 'FAILED' || status === 'WARNING') && remediation === undefined;
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

for (let index = from; index < tasks.length; index += 1) {
  const task = tasks[index];
  if (task === undefined) break;
  send({ type: 'started', index });
  try {
    const namespace = (await import(task.url)) as Record<string, unknown>;
    const check = namespace[task.exportName];
    if (!isDefinedCheck(check)) throw new Error(`export ${task.exportName} is no longer a check`);
    const findings: unknown = check.evaluate(inventory, task.params);
    if (!Array.isArray(findings)) {
      const what = findings instanceof Promise ? 'a promise (evaluate is synchronous)' : typeof findings;
      send({ type: 'failed', index, message: `evaluate returned ${what}, not a list of findings` });
      continue;
    }
    const completed = findings.map((finding: unknown) =>
      needsRemediation(finding) ? { ...finding, remediation: check.remediation(finding as never) } : finding,
    );
    try {
      send({ type: 'evaluated', index, findings: completed });
    } catch (error) {
      send({ type: 'failed', index, message: `returned findings that are not plain data (${describe(error)})` });
    }
  } catch (error) {
    send({ type: 'failed', index, message: `threw ${describe(error)}` });
  }
}
