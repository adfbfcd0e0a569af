/** Which checks run, with which parameters: from --checks, else the config, else all of them. */
import type { Check } from '../model/check.js';
import type { SelectedCheck } from '../engine/evaluate.js';
import { UsageError } from '../errors.js';
import { validate } from '../structured-file.js';

export function selectChecks(
  registry: readonly Check[],
  ids: readonly string[] | undefined,
  parameters: Readonly<Record<string, Record<string, unknown>>> = {},
): SelectedCheck[] {
  const byId = new Map(registry.map((c) => [c.id.toLowerCase(), c]));
  const find = (id: string, where: string) => {
    const check = byId.get(id.toLowerCase());
    if (check === undefined) throw new UsageError(`unknown check ${id} in ${where} (see trailscan checks)`);
    return check;
  };
  for (const id of Object.keys(parameters)) find(id, 'parameters');
  const chosen = new Set(ids?.map((id) => find(id, 'the check list')));
  // Registry order, whatever order the ids came in, so reports are stable.
  const checks = ids === undefined ? [...registry] : registry.filter((c) => chosen.has(c));
  if (checks.length === 0) throw new UsageError('no check selected');
  return checks.map((check) => {
    return { check, params: validate(check.parameters, parameters[check.id] ?? {}, `parameters of ${check.id}`) };
  });
}
