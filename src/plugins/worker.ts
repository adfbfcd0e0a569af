/**
 * The worker thread that evaluates plugin checks, one after the other, saying when each check's module
 * loads and when the check starts so the main thread can time it. It imports each check's module again: a
 * worker shares no objects with the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isDefinedCheck } from '../model/check.js';
import type { FromWorker, WorkerInput } from './isolate.js';
import { describeError, runCheck } from './run-check.js';

const { inventory, tasks, from } = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error('the plugin worker runs only as a worker thread');
const send = (message: FromWorker) => {
  port.postMessage(message);
};

for (let index = from; index < tasks.length; index += 1) {
  const task = tasks[index];
  if (task === undefined) break;
  send({ type: 'loading', index });
  let outcome;
  try {
    const check = ((await import(task.url)) as Record<string, unknown>)[task.exportName];
    send({ type: 'started', index });
    outcome = isDefinedCheck(check)
      ? runCheck(check, inventory, task.params)
      : { ok: false as const, message: `export ${task.exportName} is no longer a check` };
  } catch (error) {
    outcome = { ok: false as const, message: `cannot be loaded again: ${describeError(error)}` };
  }
  if (!outcome.ok) {
    send({ type: 'failed', index, message: outcome.message });
    continue;
  }
  try {
    send({ type: 'evaluated', index, findings: outcome.findings });
  } catch (error) {
    send({ type: 'failed', index, message: `returned findings that are not plain data (${describeError(error)})` });
  }
}
