/** Scenarios from files (JSON or YAML) or built-in names, with one-line errors. */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { BUILTIN_SCENARIOS } from './builtins.js';
import { readStructuredFile } from '../structured-file.js';
import { parseScenario, ScenarioError, type Scenario } from './scenario.js';

/** Generous for hand-written worlds; the large built-in ones are generated in code. */
const SCENARIO_LIMITS = { maxBytes: 64 * 1024 * 1024 };

export function builtinScenarioNames(): string[] {
  return Object.keys(BUILTIN_SCENARIOS).sort();
}

export async function loadScenario(fileOrBuiltinName: string): Promise<Scenario> {
  const builtin = BUILTIN_SCENARIOS[fileOrBuiltinName];
  if (builtin !== undefined) return parseScenario(builtin(), fileOrBuiltinName);
  const label = `scenario ${fileOrBuiltinName}`;
  if (!existsSync(fileOrBuiltinName)) {
    throw new ScenarioError(`${label}: no such file, and no built-in scenario (${builtinScenarioNames().join(', ')})`);
  }
  const format = extname(fileOrBuiltinName).toLowerCase() === '.json' ? 'json' : 'yaml';
  // A scenario is test data: the parser's warnings (an unknown tag …) change nothing the world serves.
  const { data } = await readStructuredFile(fileOrBuiltinName, label, format, SCENARIO_LIMITS, ScenarioError);
  return parseScenario(data, fileOrBuiltinName);
}
