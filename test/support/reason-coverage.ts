/**
 * After each check's own test file (test/checks/<id>.test.ts): every reason the check declares was
 * produced by some case of that file, so no declared reason goes untested.
 */
import path from 'node:path';
import { afterAll } from 'vitest';
import type { RunnerTask, RunnerTestSuite } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { producedReasons } from '../fixtures/inventory.js';
import { checkFileOf } from './check-files.js';

const tasksOf = (task: RunnerTask): RunnerTask[] => (task.type === 'suite' ? task.tasks.flatMap(tasksOf) : [task]);

afterAll(({}, suite: RunnerTestSuite) => {
  const file = path.basename(suite.file.filepath, '.test.ts');
  const check = builtinChecks.find((c) => checkFileOf(c.id) === file);
  if (check === undefined || path.basename(path.dirname(suite.file.filepath)) !== 'checks') return;
  // A filtered run (-t, .only) proves nothing about coverage.
  if (tasksOf(suite.file).some((task) => task.mode !== 'run' || task.result?.state === 'skip')) return;
  const produced = producedReasons.get(check.id) ?? new Set();
  const untested = Object.keys(check.reasons).filter((code) => !produced.has(code));
  if (untested.length > 0) {
    throw new Error(
      `${check.id} declares ${untested.join(', ')}, but no case in this file produces ${untested.length === 1 ? 'it' : 'them'}: add a case for each, or drop the reason`,
    );
  }
});
