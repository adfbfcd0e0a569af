/**
 * Loading plugin checks: ES modules from `--checks-dir` directories and the config's `plugins` (paths
 * relative to the config file, or packages installed where trailscan runs). Every module exports one or
 * more checks made by `defineCheck`, as its default or named exports. Everything wrong is reported at once,
 * one line per problem, as a UsageError (exit 2): no scan starts with a check it cannot trust to load.
 */
import { execFileSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveImport } from 'import-meta-resolve';
import { checkIdProblem, isDefinedCheck, type Check } from '../model/check.js';
import { UsageError } from '../errors.js';
import { metadataProblems, needsProblem, parametersProblem } from './validate.js';

/** Where a plugin check comes from: how a worker imports it again, and how messages name it. */
export interface PluginOrigin {
  /** The module's file URL. */
  url: string;
  /** The export that holds the check: `default` or its name. */
  exportName: string;
  /** The module as the user gave it: a path relative to the working directory, or a package name. */
  label: string;
}

export interface PluginSources {
  /** `--checks-dir` directories, relative to the working directory. */
  directories: readonly string[];
  /** The config file's `plugins`: paths relative to it, or package names. */
  configured: readonly string[];
  configFile?: string | undefined;
}

export interface LoadedPlugins {
  checks: Check[];
  origins: ReadonlyMap<Check, PluginOrigin>;
}

interface PluginModule {
  label: string;
  file: string;
}

/** The files of a checks directory that are modules, without declarations and tests. */
const MODULE_FILE = /\.m?[jt]s$/;
const NOT_A_CHECK_MODULE = /\.d\.m?ts$|\.(test|spec)\.m?[jt]s$/;
const TYPESCRIPT_FILE = /\.m?ts$/;

/** A `plugins` entry that is a path rather than a package name. */
const isPath = (entry: string) => /^\.\.?([/\\]|$)/.test(entry) || path.isAbsolute(entry);

const firstLine = (text: string) => (text.split('\n')[0] ?? '').trim();

async function modulesIn(directory: string, label: string, problems: string[]): Promise<PluginModule[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(
      `${label}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : String(code)}`,
    );
    return [];
  }
  const modules = names
    .filter((name) => MODULE_FILE.test(name) && !NOT_A_CHECK_MODULE.test(name))
    .sort()
    .map((name) => ({ file: path.join(directory, name), label: path.join(label, name) }));
  if (modules.length === 0) problems.push(`${label}: no check module in it (.js, .mjs, .ts or .mts files)`);
  return modules;
}

/** A `plugins` entry of the config: a module file, a directory of them, or an installed package. */
async function configuredModules(
  entry: string,
  configDirectory: string,
  cwd: string,
  problems: string[],
): Promise<PluginModule[]> {
  if (isPath(entry)) {
    const file = path.resolve(configDirectory, entry);
    const label = path.relative(cwd, file) || '.';
    try {
      if ((await stat(file)).isDirectory()) return await modulesIn(file, label, problems);
      return [{ file, label }];
    } catch {
      problems.push(`plugins: ${entry}: no such file or directory (${file})`);
      return [];
    }
  }
  try {
    const url = resolveImport(entry, pathToFileURL(path.join(cwd, 'package.json')).href);
    return [{ file: fileURLToPath(url), label: entry }];
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    problems.push(
      code === 'ERR_MODULE_NOT_FOUND'
        ? `plugins: ${entry}: no such package installed in ${cwd} (npm install ${entry}), nor a path (./${entry})`
        : `plugins: ${entry}: ${firstLine(message)}`,
    );
    return [];
  }
}

/** Where Node finds a syntax error: `node --check` says, when the import's error does not. */
function syntaxErrorLine(file: string): string | undefined {
  try {
    execFileSync(process.execPath, ['--check', file], { stdio: 'pipe', encoding: 'utf8', timeout: 10_000 });
    return undefined;
  } catch (error) {
    const output = (error as { stderr?: string }).stderr ?? '';
    return /^.*:(\d+)$/m.exec(output)?.[1];
  }
}

function describeImportError(module: PluginModule, error: unknown): string {
  const { code } = error as NodeJS.ErrnoException;
  const text = firstLine(error instanceof Error ? error.message : String(error));
  if (error instanceof SyntaxError) {
    const line = syntaxErrorLine(module.file);
    return `syntax error${line === undefined ? '' : ` at line ${line}`}: ${text}`;
  }
  if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && TYPESCRIPT_FILE.test(module.file)) {
    return (
      `Node.js ${process.version} cannot run TypeScript: use Node.js 22.18 or later, which strips types itself, ` +
      'or a TypeScript loader (NODE_OPTIONS="--import tsx"), or compile the check to JavaScript'
    );
  }
  if (code === 'ERR_MODULE_NOT_FOUND' && /'trailscan'/.test(text)) {
    return `imports trailscan/check, but trailscan is not installed where the module is (npm install --save-dev trailscan)`;
  }
  return `cannot be loaded: ${text}`;
}

/** Something shaped like a check that `defineCheck` did not make: a likely mistake, not an unrelated export. */
const looksLikeCheck = (value: unknown) =>
  typeof value === 'object' && value !== null && 'id' in value && 'evaluate' in value;

/** The checks a module exports, each once even when exported under two names. */
function exportedChecks(
  module: PluginModule,
  namespace: Record<string, unknown>,
  problems: string[],
): { check: Check; exportName: string }[] {
  const found = new Map<Check, string>();
  let mistakes = 0;
  for (const [exportName, value] of Object.entries(namespace)) {
    if (isDefinedCheck(value)) {
      if (!found.has(value)) found.set(value, exportName);
    } else if (looksLikeCheck(value)) {
      mistakes += 1;
      problems.push(
        `${module.label}: export ${exportName} is not made by defineCheck (import { defineCheck } from 'trailscan/check')`,
      );
    }
  }
  if (found.size === 0 && mistakes === 0) {
    problems.push(
      `${module.label}: exports no check: export default defineCheck({ … }), or export checks made by defineCheck by name`,
    );
  }
  return [...found].map(([check, exportName]) => ({ check, exportName }));
}

/** Every problem of one plugin check: metadata, id, parameter schema, and what it needs by default. */
function checkProblems(
  check: Check,
  origin: PluginOrigin,
  takenIds: ReadonlyMap<string, string | undefined>,
): string[] {
  const id = typeof check.id === 'string' ? check.id : undefined;
  const where = `${origin.label}: check ${id ?? `export ${origin.exportName}`}`;
  const metadata = metadataProblems(check);
  const problems = metadata.map((problem) => `${where}: ${problem}`);
  if (id !== undefined) {
    const taken = takenIds.get(id.toLowerCase());
    const idProblem = takenIds.has(id.toLowerCase())
      ? `${id} is already the id of ${taken === undefined ? 'a built-in check' : `a check in ${taken}`}`
      : checkIdProblem(id, 'plugin');
    if (idProblem !== undefined) problems.push(`${where}: ${idProblem}`);
  }
  if (metadata.length > 0) return problems;
  const parameters = parametersProblem(check.parameters);
  if (parameters !== undefined) return [...problems, `${where}: ${parameters}`];
  // With no required parameter, what it needs is known now; otherwise once the config gives them.
  const defaults = check.parameters.safeParse({});
  const needs = defaults.success ? needsProblem(check, defaults.data) : undefined;
  return needs === undefined ? problems : [...problems, `${where}: ${needs}`];
}

export async function loadPlugins(
  sources: PluginSources,
  builtins: readonly Check[],
  cwd = process.cwd(),
): Promise<LoadedPlugins> {
  const problems: string[] = [];
  const modules: PluginModule[] = [];
  for (const directory of sources.directories) {
    modules.push(...(await modulesIn(path.resolve(cwd, directory), directory, problems)));
  }
  const configDirectory = sources.configFile === undefined ? cwd : path.dirname(path.resolve(cwd, sources.configFile));
  for (const entry of sources.configured) {
    modules.push(...(await configuredModules(entry, configDirectory, cwd, problems)));
  }

  // Lower-cased ids, as selection matches them, to the plugin that took them (undefined: built in).
  const takenIds = new Map<string, string | undefined>(builtins.map((check) => [check.id.toLowerCase(), undefined]));
  const origins = new Map<Check, PluginOrigin>();
  for (const module of modules) {
    let namespace: Record<string, unknown>;
    const url = pathToFileURL(module.file).href;
    try {
      namespace = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      problems.push(`${module.label}: ${describeImportError(module, error)}`);
      continue;
    }
    for (const { check, exportName } of exportedChecks(module, namespace, problems)) {
      // The same check re-exported by another module (an index beside its files) is loaded once.
      if (origins.has(check)) continue;
      const origin = { url, exportName, label: module.label };
      const found = checkProblems(check, origin, takenIds);
      problems.push(...found);
      if (typeof check.id === 'string' && !takenIds.has(check.id.toLowerCase())) {
        takenIds.set(check.id.toLowerCase(), module.label);
      }
      if (found.length === 0) origins.set(check, origin);
    }
  }
  if (problems.length > 0) throw new UsageError(problems);
  return { checks: [...origins.keys()], origins };
}
