/**
 * Plugin checks through the built CLI, re-evaluating a saved inventory: every way a plugin can fail to load
 * is one clear line and exit 2, and every way a plugin check can fail at run time is NOT_AVAILABLE
 * (CHECK_ERROR) while the rest of the scan completes. Never a crash, never a PASSED.
 *
 * The plugins live in a project where trailscan is installed (linked to this repository, as `npm link` does).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SLICES } from '../../src/model/inventory.js';
import type { ScanReport } from '../../src/model/report.js';
import { inventory, trail } from '../fixtures/inventory.js';
import { isolatedEnv, runCli, type CliRun } from '../support/cli.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const project = mkdtempSync(path.join(tmpdir(), 'trailscan-plugins-'));
mkdirSync(path.join(project, 'node_modules'));
symlinkSync(REPOSITORY, path.join(project, 'node_modules', 'trailscan'), 'dir');
writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'audits', private: true, type: 'module' }));
writeFileSync(
  path.join(project, 'inventory.json'),
  JSON.stringify(inventory({ trails: [trail(), trail({ name: 'legacy' })] })),
);

/** A plugin check's definition in source form, every field valid unless replaced. */
function definition(fields: Record<string, string> = {}): string {
  const valid: Record<string, string> = {
    id: "'acme.fixture'",
    source: "'plugin'",
    title: "'Every trail is fine'",
    description: "'A check to break one way at a time'",
    severity: "'LOW'",
    resourceType: "'AwsCloudTrailTrail'",
    documentationUrl: "'https://example.com/checks/fixture'",
    references: '[]',
    tags: "['cloudtrail']",
    compliance: '{}',
    standards: '[]',
    reasons: "{ FINE: 'Trail {trail} is fine', NOT_FINE: 'Trail {trail} is not fine' }",
    parameters: 'z.object({})',
    needs: "() => ['trails']",
    remediation: "() => ({ text: 'Make it fine.', commands: [] })",
    evaluate:
      "(inventory, params, verdict) => judgeTrails(inventory, (trail) => verdict.passed('FINE', { trail: trail.name }))",
  };
  const fields_ = Object.entries({ ...valid, ...fields }).map(([key, value]) => `  ${key}: ${value},`);
  return `defineCheck({\n${fields_.join('\n')}\n})`;
}

const IMPORTS = "import { defineCheck, judgeTrails, z } from 'trailscan/check';";
const checkModule = (...exports: string[]) => [IMPORTS, ...exports].join('\n');

let directories = 0;
/** A new directory of plugin modules in the project; returns its path relative to the project. */
function checksDirectory(files: Record<string, string>): string {
  directories += 1;
  const name = `checks-${directories}`;
  mkdirSync(path.join(project, name));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(project, name, file), text);
  return name;
}

/** `trailscan evaluate` of the project's inventory with these flags, and a config file when given one. */
function evaluate(flags: string[], config: Record<string, unknown> = {}, cwd = project): Promise<CliRun> {
  directories += 1;
  const file = path.join(project, `config-${directories}.json`);
  writeFileSync(file, JSON.stringify(config));
  return runCli(['evaluate', path.join(project, 'inventory.json'), '-c', file, '--format', 'json', ...flags], {
    cwd,
    env: isolatedEnv(),
  });
}

/** A failed load: exit 2, nothing on stdout, and exactly these lines on stderr. */
function expectLoadFailure(run: CliRun, lines: string[]): void {
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toEqual(lines.map((line) => `trailscan: ${line}`));
  expect(run.code).toBe(2);
}

describe.concurrent('loading plugin checks: one clear line per problem, exit 2', () => {
  it('a syntax error, with its line', async () => {
    const dir = checksDirectory({ 'broken.js': `${IMPORTS}\nexport default defineCheck({ id: 'acme.x',, });\n` });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/broken.js: syntax error at line 2: Unexpected token ','`,
    ]);
  });

  it('a module that exports no check', async () => {
    const dir = checksDirectory({ 'helpers.js': 'export const CENTRAL_BUCKET = "acme-log-archive";\n' });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/helpers.js: exports no check: export default defineCheck({ … }), or export checks made by defineCheck by name`,
    ]);
  });

  it('a check not made by defineCheck', async () => {
    const dir = checksDirectory({ 'plain.js': "export default { id: 'acme.plain', evaluate: () => [] };\n" });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/plain.js: export default is not made by defineCheck (import { defineCheck } from 'trailscan/check')`,
    ]);
  });

  it('an id a built-in check has, in any case', async () => {
    const dir = checksDirectory({ 'mine.js': checkModule(`export default ${definition({ id: "'cloudtrail.4'" })};`) });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/mine.js: check cloudtrail.4: cloudtrail.4 is already the id of a built-in check`,
    ]);
  });

  it('an id another plugin has', async () => {
    const dir = checksDirectory({
      'a.js': checkModule(`export default ${definition()};`),
      'b.js': checkModule(`export default ${definition()};`),
    });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/b.js: check acme.fixture: acme.fixture is already the id of a check in ${dir}/a.js`,
    ]);
  });

  it('an id in Security Hub’s namespace, or in trailscan’s', async () => {
    const dir = checksDirectory({
      'ids.js': checkModule(
        `export const hub = ${definition({ id: "'CloudTrail.99'" })};`,
        `export const own = ${definition({ id: "'trailscan.mine'" })};`,
      ),
    });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/ids.js: check CloudTrail.99: CloudTrail.99 is in AWS Security Hub's namespace (Service.N); a plugin check id is like acme.central-log-bucket`,
      `${dir}/ids.js: check trailscan.mine: trailscan.mine is in trailscan's own namespace; a plugin check id is like acme.central-log-bucket`,
    ]);
  });

  it('bad metadata, a line for each field', async () => {
    const dir = checksDirectory({
      'meta.js': checkModule(
        `export default ${definition({ severity: "'SEVERE'", documentationUrl: "'see the wiki'", standards: "['aws-foundational']" })};`,
      ),
    });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/meta.js: check acme.fixture: severity: Invalid option: expected one of "CRITICAL"|"HIGH"|"MEDIUM"|"LOW"|"INFORMATIONAL" (got "SEVERE")`,
      `${dir}/meta.js: check acme.fixture: documentationUrl: must be an http(s) URL (got "see the wiki")`,
      `${dir}/meta.js: check acme.fixture: standards: must be []: Security Hub standards hold only Security Hub controls`,
    ]);
  });

  it('a parameter schema that is not an object of plain data', async () => {
    const dir = checksDirectory({
      'params.js': checkModule(
        `export const list = ${definition({ id: "'acme.list'", parameters: 'z.array(z.string())' })};`,
        `export const date = ${definition({ id: "'acme.date'", parameters: 'z.object({ since: z.date() })' })};`,
      ),
    });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/params.js: check acme.date: parameters: cannot be described as JSON Schema (Date cannot be represented in JSON Schema); use plain data types`,
      `${dir}/params.js: check acme.list: parameters: must be an object schema, z.object({ … })`,
    ]);
  });

  it('parameters the config gives that the schema rejects', async () => {
    const dir = checksDirectory({
      'bucket.js': checkModule(
        `export default ${definition({ parameters: 'z.object({ bucket: z.string() }).strict()' })};`,
      ),
    });
    expectLoadFailure(await evaluate(['--checks-dir', dir], { parameters: { 'acme.fixture': { bucket: 7 } } }), [
      'parameters of acme.fixture: bucket: Invalid input: expected string, received number (got 7)',
    ]);
  });

  it('unknown slices in needs, at load or once the config gives the parameters they depend on', async () => {
    const dir = checksDirectory({
      'needs.js': checkModule(
        `export const fixed = ${definition({ id: "'acme.fixed'", needs: "() => ['trails', 'vpcFlowLogs']" })};`,
        `export const given = ${definition({ id: "'acme.given'", parameters: 'z.object({ slice: z.string() })', needs: '(params) => [params.slice]' })};`,
      ),
    });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/needs.js: check acme.fixed: needs: unknown slice "vpcFlowLogs" (known: ${SLICES.join(', ')})`,
    ]);
    const given = checksDirectory({
      'given.js': checkModule(
        `export default ${definition({ parameters: 'z.object({ slice: z.string() })', needs: '(params) => [params.slice]' })};`,
      ),
    });
    expectLoadFailure(
      await evaluate(['--checks-dir', given], { parameters: { 'acme.fixture': { slice: 'macieFindings' } } }),
      [`check acme.fixture: needs: unknown slice "macieFindings" (known: ${SLICES.join(', ')})`],
    );
  });

  it('a module that throws while loading, a missing directory and a package that is not installed', async () => {
    const dir = checksDirectory({ 'throws.js': `${IMPORTS}\nthrow new Error('ACME_LOG_ARCHIVE is not set');\n` });
    expectLoadFailure(
      await evaluate(['--checks-dir', dir, '--checks-dir', 'nowhere'], { plugins: ['@acme/not-installed'] }),
      [
        'nowhere: no such directory',
        `plugins: @acme/not-installed: no such package installed in ${project} (npm install @acme/not-installed), nor a path (./@acme/not-installed)`,
        `${dir}/throws.js: cannot be loaded: ACME_LOG_ARCHIVE is not set`,
      ],
    );
  });

  it('a module where trailscan is not installed: the example, straight from this repository', async () => {
    const run = await evaluate(['--checks-dir', 'examples/acme-checks/checks'], {}, REPOSITORY);
    const line = (file: string) =>
      `examples/acme-checks/checks/${file}: imports trailscan/check, but trailscan is not installed where the module is (npm install --save-dev trailscan)`;
    expectLoadFailure(run, [line('central-log-bucket.js'), line('trail-owner-tag.js')]);
  });

  const stripsTypes = Boolean((process.features as { typescript?: unknown }).typescript);
  it.skipIf(stripsTypes)('a TypeScript module, where Node.js cannot run TypeScript', async () => {
    const dir = checksDirectory({
      'typed.ts': checkModule(`export default ${definition()};`, 'const typed: number = 1;'),
    });
    expectLoadFailure(await evaluate(['--checks-dir', dir]), [
      `${dir}/typed.ts: Node.js ${process.version} cannot run TypeScript: use Node.js 22.18 or later, which strips types itself, or a TypeScript loader (NODE_OPTIONS="--import tsx"), or compile the check to JavaScript`,
    ]);
  });

  it.runIf(stripsTypes)('a TypeScript module, where Node.js strips its types', async () => {
    const dir = checksDirectory({
      'typed.ts': checkModule(`const id: string = 'acme.typed';`, `export default ${definition({ id: 'id' })};`),
    });
    const run = await evaluate(['--checks-dir', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as ScanReport).scan.checks).toContain('acme.typed');
  });
});

describe('the time budget of a plugin check', () => {
  it('counts its evaluation, not the loading of its module', async () => {
    const dir = checksDirectory({
      // A module that takes three times the budget to load (as a cold disk or a large dependency would).
      'slow-to-load.js': checkModule(
        'await new Promise((resolve) => setTimeout(resolve, 1500));',
        `export default ${definition({ id: "'acme.slow-to-load'" })};`,
      ),
    });
    const run = await evaluate(['--checks-dir', dir], { pluginTimeoutSeconds: 0.5 });
    expect(run.code, run.stderr).toBe(0);
    expect(pluginVerdicts(JSON.parse(run.stdout) as ScanReport, 'acme.slow-to-load')).toEqual({
      legacy: 'PASSED FINE: Trail legacy is fine',
      main: 'PASSED FINE: Trail main is fine',
    });
  });
});

/** The plugin check's results, as `STATUS REASON: reason` per resource name. */
function pluginVerdicts(report: ScanReport, checkId: string): Record<string, string> {
  return Object.fromEntries(
    report.results
      .filter((r) => r.checkId === checkId)
      .map((r) => [r.resource.name, `${r.status} ${r.reasonCode}: ${r.reason}`]),
  );
}

describe('plugin checks that fail at run time: NOT_AVAILABLE with the reason, the scan completes', () => {
  const faults: Record<string, { evaluate?: string; remediation?: string; message: string }> = {
    throws: {
      evaluate: "() => { throw new Error('bucket list not found'); }",
      message: 'threw Error: bucket list not found',
    },
    malformed: {
      evaluate: "(inventory) => Object.values(inventory.trails).map(() => ({ status: 'OK' }))",
      message: 'returned a malformed finding: [0].resource: Invalid input: expected object, received undefined',
    },
    loops: { evaluate: '() => { for (;;) {} }', message: 'did not finish within its time budget of 0.5 s' },
    promise: {
      evaluate: 'async () => []',
      message: 'evaluate returned a promise (evaluate is synchronous), not a list of findings',
    },
    exits: { evaluate: '() => process.exit(0)', message: 'stopped its worker thread (exit code 0)' },
    'not-data': {
      evaluate:
        "(inventory, params, verdict) => judgeTrails(inventory, (trail) => verdict.passed('FINE', { trail: trail.name }, { check: () => true }))",
      message: 'returned findings that are not plain data (DataCloneError: () => true could not be cloned.)',
    },
    remediation: {
      evaluate:
        "(inventory, params, verdict) => judgeTrails(inventory, (trail) => verdict.failed('NOT_FINE', { trail: trail.name }))",
      remediation: "(finding) => { throw new Error('no template for ' + finding.reasonCode); }",
      message: 'remediation threw Error: no template for NOT_FINE',
    },
  };

  it('each fault gives every trail NOT_AVAILABLE CHECK_ERROR; healthy checks, before and after a stopped one, still pass', async () => {
    const exports = Object.entries(faults).map(
      ([name, fault]) =>
        `export const ${name.replace('-', '')} = ${definition({
          id: `'acme.${name}'`,
          ...(fault.evaluate === undefined ? {} : { evaluate: fault.evaluate }),
          ...(fault.remediation === undefined ? {} : { remediation: fault.remediation }),
        })};`,
    );
    const dir = checksDirectory({
      // Modules load in name order: a healthy check before the faulty ones and one after them.
      'a-healthy.js': checkModule(`export default ${definition({ id: "'acme.healthy-first'" })};`),
      'faults.js': checkModule(...exports),
      'z-healthy.js': checkModule(`export default ${definition({ id: "'acme.healthy-last'" })};`),
    });
    const run = await evaluate(['--checks-dir', dir], { pluginTimeoutSeconds: 0.5 });
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    const report = JSON.parse(run.stdout) as ScanReport;
    for (const [name, fault] of Object.entries(faults)) {
      const reason = `NOT_AVAILABLE CHECK_ERROR: Check acme.${name} could not be evaluated: ${fault.message}`;
      expect(pluginVerdicts(report, `acme.${name}`), name).toEqual({ legacy: reason, main: reason });
    }
    for (const healthy of ['acme.healthy-first', 'acme.healthy-last']) {
      expect(pluginVerdicts(report, healthy)).toEqual({
        legacy: 'PASSED FINE: Trail legacy is fine',
        main: 'PASSED FINE: Trail main is fine',
      });
    }
    expect(report.results.filter((r) => r.checkSource === 'security-hub').every((r) => r.status === 'PASSED')).toBe(
      true,
    );
    expect(report.gate).toMatchObject({ exitCode: 4, complete: false });
    expect(run.code).toBe(4);
  });
});
