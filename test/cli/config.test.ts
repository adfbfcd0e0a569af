import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { resolveSuppressions, selectChecks } from '../../src/cli/selection.js';
import { loadConfig } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'trailscan-config-'));
const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('loadConfig', () => {
  it('reads YAML', async () => {
    const config = file(
      'ok.yaml',
      'checks: [CloudTrail.1]\nfailOn: high\nsuppressions:\n  - check: CloudTrail.6\n    resource: "arn:aws:s3:::public-*"\n    reason: website\n    expires: 2027-01-31\n',
    );
    expect((await loadConfig(config)).config).toEqual({
      checks: ['CloudTrail.1'],
      failOn: 'high',
      suppressions: [
        { check: 'CloudTrail.6', resource: 'arn:aws:s3:::public-*', reason: 'website', expires: '2027-01-31' },
      ],
    });
  });

  it('takes history: true or a number of days, as --history does', async () => {
    expect((await loadConfig(file('history-on.yaml', 'history: true\n'))).config).toEqual({ history: true });
    expect((await loadConfig(file('history-30.yaml', 'history: 30\n'))).config).toEqual({ history: 30 });
    expect(await failure(loadConfig(file('history-91.yaml', 'history: 91\n')))).toContain('history');
  });

  it('finds trailscan.config.json in the working directory, and nothing elsewhere', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'trailscan-cwd-'));
    expect(await loadConfig(undefined, cwd)).toEqual({ config: {}, warnings: [] });
    writeFileSync(path.join(cwd, 'trailscan.config.json'), '{"failOn": "none"}');
    expect((await loadConfig(undefined, cwd)).config).toEqual({ failOn: 'none' });
  });

  it.each([
    ['unknown key', 'bogus: 1\n', 'config <f>: Unrecognized key: "bogus"'],
    [
      'bad severity',
      'failOn: severe\n',
      'config <f>: failOn: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"none" (got "severe")',
    ],
    [
      'bad date',
      'suppressions:\n  - {check: "*", resource: "*", reason: r, expires: tomorrow}\n',
      'config <f>: suppressions[0].expires: must be a date, YYYY-MM-DD (got "tomorrow")',
    ],
    [
      'missing reason',
      'suppressions:\n  - {check: "*", resource: "*"}\n',
      'config <f>: suppressions[0].reason: Invalid input: expected string, received undefined',
    ],
    ['bad Region', 'regions: [moon-1]\n', 'config <f>: regions[0]: not a Region name (e.g. us-east-1) (got "moon-1")'],
    [
      'not YAML',
      'a: [1, 2\n',
      'config <f> is not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  ])('%s is one clear line', async (_name, text, expected) => {
    const config = file(`bad-${Math.random().toString(36).slice(2)}.yaml`, text);
    const message = await failure(loadConfig(config));
    expect(message.replace(config, '<f>').split(' at line')[0]).toBe(expected);
    expect(message).not.toContain('\n');
  });

  it('an unreadable file is one clear line', async () => {
    expect(await failure(loadConfig(path.join(dir, 'absent.yaml')))).toBe(
      `cannot read config ${path.join(dir, 'absent.yaml')}: ENOENT`,
    );
  });
});

describe('selectChecks', () => {
  it('keeps registry order and validates parameters', () => {
    const selected = selectChecks(builtinChecks, ['cloudtrail.6', 'CloudTrail.1'], {
      'CloudTrail.5': { maxDeliveryAgeHours: 24 },
    });
    expect(selected.map((s) => s.check.id)).toEqual(['CloudTrail.1', 'CloudTrail.6']);
    expect(
      selectChecks(builtinChecks, undefined, { 'CloudTrail.5': { maxDeliveryAgeHours: 24 } }).find(
        (s) => s.check.id === 'CloudTrail.5',
      )?.params,
    ).toEqual({ maxDeliveryAgeHours: 24 });
  });

  it('matches parameter ids whatever their case', () => {
    const selected = selectChecks(builtinChecks, undefined, { 'cloudtrail.5': { maxDeliveryAgeHours: 12 } });
    expect(selected.find((s) => s.check.id === 'CloudTrail.5')?.params).toEqual({ maxDeliveryAgeHours: 12 });
    expect(() => selectChecks(builtinChecks, undefined, { 'cloudtrail.5': {}, 'CloudTrail.5': {} })).toThrow(
      'parameters of CloudTrail.5 are given twice',
    );
  });

  it.each([
    [['CloudTrail.8'], {}, 'unknown check CloudTrail.8 in the check list (see trailscan checks)'],
    [undefined, { 'CloudTrail.99': {} }, 'unknown check CloudTrail.99 in parameters (see trailscan checks)'],
    [
      undefined,
      { 'CloudTrail.5': { maxDeliveryAgeHours: -1 } },
      'parameters of CloudTrail.5: maxDeliveryAgeHours: Too small: expected number to be >0',
    ],
    [
      undefined,
      { 'CloudTrail.1': { splitReadWriteSelectors: 'maybe' } },
      'parameters of CloudTrail.1: splitReadWriteSelectors: Invalid option: expected one of "WARNING"|"PASSED"|"FAILED"',
    ],
  ] as const)('rejects %j %j', (ids, parameters, message) => {
    expect(() =>
      selectChecks(builtinChecks, ids as string[] | undefined, parameters as Record<string, Record<string, unknown>>),
    ).toThrow(message);
  });
});

describe('resolveSuppressions', () => {
  const suppression = (check: string) => ({ check, resource: '*', reason: 'accepted' });

  it('applies a suppression whose check differs only in case, spelled as the registry spells it', () => {
    expect(resolveSuppressions(builtinChecks, [suppression('cloudtrail.6'), suppression('*')])).toEqual([
      suppression('CloudTrail.6'),
      suppression('*'),
    ]);
  });

  it('refuses an unknown check instead of a rule that would never apply', () => {
    expect(() =>
      resolveSuppressions(builtinChecks, [suppression('CloudTrail.1'), suppression('CloudTrail.66')]),
    ).toThrow('unknown check "CloudTrail.66" in suppressions[1] (see trailscan checks)');
  });
});
