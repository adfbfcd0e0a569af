/** Scenarios from files (JSON or YAML) or built-in names, with one-line errors. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { BUILTIN_SCENARIOS } from './builtins.js';
import { parseScenario, ScenarioError, type Scenario } from './scenario.js';

export function builtinScenarioNames(): string[] {
  return Object.keys(BUILTIN_SCENARIOS).sort();
}

export async function loadScenario(fileOrBuiltinName: string): Promise<Scenario> {
  const builtin = BUILTIN_SCENARIOS[fileOrBuiltinName];
  if (builtin !== undefined) return parseScenario(builtin(), fileOrBuiltinName);
  const fail = (reason: string) => new ScenarioError(`scenario ${fileOrBuiltinName}: ${reason}`);

  let text: string;
  try {
    text = await readFile(fileOrBuiltinName, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw fail(
      `cannot read the file (${code}), and it is not a built-in scenario (${builtinScenarioNames().join(', ')})`,
    );
  }
  let data: unknown;
  try {
    data = extname(fileOrBuiltinName).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      // The first line says what and where ("… at line 2, column 3:"); the rest quotes the source.
      throw fail((error.message.split('\n')[0] ?? 'invalid YAML').replace(/:$/, ''));
    }
    throw fail(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseScenario(data, fileOrBuiltinName);
}
