/**
 * Which checks run, with which parameters: from --checks, else the config, else those of the standard and
 * every plugin check (loading a plugin is choosing its checks).
 */
import { verifyLogsChecks } from '../../checks/index.js';
import { DEFAULT_STANDARD, standardsOf, type Check, type StandardChoice } from '../model/check.js';
import { HISTORY_DAYS, OPT_INS, type OptIn } from '../model/check.js';
import type { SelectedCheck } from '../engine/evaluate.js';
import { echo, UsageError } from '../errors.js';
import type { Suppression } from '../engine/suppress.js';
import { needsProblem } from '../plugins/validate.js';
import { validate } from '../structured-file.js';

/**
 * Suppressions with each check spelled as the registry spells it (ids match whatever their case, as in
 * --checks): `cloudtrail.6` applies to CloudTrail.6. An unknown id is a usage error, not a rule that never
 * applies.
 */
export function resolveSuppressions(registry: readonly Check[], suppressions: readonly Suppression[]): Suppression[] {
  const byId = new Map(registry.map((c) => [c.id.toLowerCase(), c.id]));
  return suppressions.map((suppression, index) => {
    if (suppression.check === '*') return suppression;
    const check = byId.get(suppression.check.toLowerCase());
    if (check === undefined) {
      throw new UsageError(`unknown check ${echo(suppression.check)} in suppressions[${index}] (see trailscan checks)`);
    }
    return { ...suppression, check };
  });
}

/** The days of event history a scan reads: `--history [DAYS]`, else the config's `history`; none when neither. */
export function historyDays(flag: number | undefined, configured: boolean | number | undefined): number | undefined {
  if (flag !== undefined) return flag;
  if (configured === true) return HISTORY_DAYS.default;
  return configured === false ? undefined : configured;
}

/** The opt-ins a scan turned on. */
export const optInsOf = (days: number | undefined): ReadonlySet<OptIn> =>
  new Set<OptIn>(days === undefined ? [] : ['history']);

/**
 * `optIns` add their checks to the standard's, and without them those checks are not selected (naming one
 * is a usage error that says which option it needs).
 */
export function selectChecks(
  registry: readonly Check[],
  ids: readonly string[] | undefined,
  parameters: Readonly<Record<string, Record<string, unknown>>> = {},
  standard: StandardChoice = DEFAULT_STANDARD,
  optIns: ReadonlySet<OptIn> = new Set(),
): SelectedCheck[] {
  const byId = new Map(registry.map((c) => [c.id.toLowerCase(), c]));
  const find = (id: string, where: string) => {
    const check = byId.get(id.toLowerCase());
    if (check === undefined) throw new UsageError(`unknown check ${id} in ${where} (see trailscan checks)`);
    return check;
  };
  // Ids match whatever their case, in parameters as in the check list.
  const paramsByCheck = new Map<Check, Record<string, unknown>>();
  for (const [id, params] of Object.entries(parameters)) {
    const check = find(id, 'parameters');
    if (paramsByCheck.has(check)) throw new UsageError(`parameters of ${check.id} are given twice`);
    paramsByCheck.set(check, params);
  }
  const chosen = new Set(ids?.map((id) => find(id, 'the check list')));
  for (const check of chosen) {
    if (check.optIn !== undefined && !optIns.has(check.optIn)) {
      const { flag, reads } = OPT_INS[check.optIn];
      throw new UsageError(`${check.id} reads ${reads}: add ${flag}`);
    }
  }
  // Registry order, whatever order the ids came in, so reports are stable.
  // `all` is every check a scan runs: those reading digest chains run under verify-logs, which sets the window;
  // those an option turns on run with it, whatever the standard.
  const inStandard = (c: Check) => {
    if (c.optIn !== undefined) return optIns.has(c.optIn);
    return standard === 'all'
      ? !verifyLogsChecks.includes(c)
      : c.source === 'plugin' || standardsOf(c).includes(standard);
  };
  const checks = ids === undefined ? registry.filter(inStandard) : registry.filter((c) => chosen.has(c));
  if (checks.length === 0) throw new UsageError('no check selected');
  return checks.map((check) => {
    // The standard's defaults first; the config's parameters override them.
    const defaults = standard === 'all' ? {} : (check.standardParameters?.[standard] ?? {});
    const params = validate(
      check.parameters,
      { ...defaults, ...paramsByCheck.get(check) },
      `parameters of ${check.id}`,
    );
    // A plugin's needs may depend on parameters only the config gives: checked now, before any call.
    const problem = check.source === 'plugin' ? needsProblem(check, params) : undefined;
    if (problem !== undefined) throw new UsageError(`check ${check.id}: ${problem}`);
    return { check, params };
  });
}
