/** The checks a command selects from: the built-in ones, and the plugin checks of `--checks-dir` and the config. */
import { builtinChecks } from '../../checks/index.js';
import type { Config } from '../config.js';
import type { Check } from '../model/check.js';
import type { PluginRuntime } from '../scan.js';
import type { ParsedArgs } from './args.js';

/** How long one plugin check may run, unless the config says otherwise. */
const DEFAULT_PLUGIN_TIMEOUT_SECONDS = 10;

export interface Registry {
  checks: readonly Check[];
  /** Present when plugin checks were loaded. */
  plugins?: PluginRuntime;
}

export async function checkRegistry(
  args: Pick<ParsedArgs, 'checksDirs'>,
  { config, file }: { config: Config; file?: string | undefined },
): Promise<Registry> {
  const configured = config.plugins ?? [];
  if (args.checksDirs.length === 0 && configured.length === 0) return { checks: builtinChecks };
  // Loaded only when asked for, so a scan without plugins starts as fast as before.
  const { loadPlugins } = await import('../plugins/load.js');
  const { checks, origins } = await loadPlugins(
    { directories: args.checksDirs, configured, configFile: file },
    builtinChecks,
  );
  return {
    checks: [...builtinChecks, ...checks],
    plugins: { origins, budgetMs: (config.pluginTimeoutSeconds ?? DEFAULT_PLUGIN_TIMEOUT_SECONDS) * 1000 },
  };
}
