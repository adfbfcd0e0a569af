/**
 * Where report files go (`-o FORMAT=PATH`, `--save-inventory`), with the built CLI: a regular file is
 * replaced atomically (a symlink followed, not replaced); a FIFO or a device is written through, never
 * replaced by a file; two outputs on one destination, or a path that cannot be one, are refused before
 * the scan; an output that cannot be written costs no other output.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { REPORT_SCHEMA_VERSION } from '../../src/model/report.js';
import { world } from '../e2e/worlds.js';
import { inventory } from '../fixtures/inventory.js';
import { CLI, isolatedEnv, runCli, runProcess } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'trailscan-outputs-'));
const at = (...names: string[]) => path.join(dir, ...names);
const INVENTORY = at('inventory.json');
writeFileSync(INVENTORY, JSON.stringify(inventory()));
const isRoot = process.getuid?.() === 0;

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox(parseScenario(world(), 'outputs'));
});
afterAll(() => sandbox.close());

/** A live scan of the sandbox, which counts the calls made. */
function scan(args: string[]) {
  const keys = sandbox.accounts[0]!;
  return runCli(['scan', '--quiet', ...args], {
    env: isolatedEnv({
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_REGION: 'us-east-1',
    }),
  });
}

/** Refused before the scan: one line, exit 2, not one API call. */
async function expectRefusedBeforeScan(args: string[], message: RegExp) {
  sandbox.resetCounts();
  const run = await scan(args);
  expect(run.code).toBe(2);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(message);
  expect(sandbox.counts()).toEqual({});
}

describe('refused before the scan', () => {
  it('two outputs on one path, however it is spelled', async () => {
    writeFileSync(at('existing.json'), '{}');
    symlinkSync(at('existing.json'), at('alias.json'));
    await expectRefusedBeforeScan(
      ['-o', `json=${at('a.json')}`, '-o', `junit=${at('a.json')}`],
      /-o json and -o junit would both write/,
    );
    await expectRefusedBeforeScan(
      ['--save-inventory', at('x.json'), '-o', `json=${dir}/./x.json`],
      /-o json and --save-inventory would both write/,
    );
    await expectRefusedBeforeScan(
      ['-o', `json=${at('existing.json')}`, '-o', `sarif=${at('alias.json')}`],
      /would both write .*alias\.json/,
    );
  });

  it('a file used as a directory', async () => {
    writeFileSync(at('ok.json'), '{}');
    await expectRefusedBeforeScan(
      ['-o', `json=${at('ok.json', 'x.json')}`],
      /-o json .*ok\.json.* is a file, not a directory/,
    );
  });

  it('a directory as the report', async () => {
    mkdirSync(at('reports'));
    await expectRefusedBeforeScan(['-o', `json=${at('reports')}`], /-o json .*reports is a directory/);
  });

  it.skipIf(isRoot)('a directory that cannot be written', async () => {
    mkdirSync(at('read-only'), { mode: 0o555 });
    await expectRefusedBeforeScan(['-o', `json=${at('read-only', 'r.json')}`], /read-only is not writable/);
  });
});

describe('written', () => {
  it('through a symlink: the link stays, its target gets the report', async () => {
    writeFileSync(at('target.json'), 'old');
    symlinkSync(at('target.json'), at('link.json'));
    const run = await runCli(['evaluate', INVENTORY, '--quiet', '-o', `json=${at('link.json')}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(lstatSync(at('link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(at('link.json'))).toBe(at('target.json'));
    expect(JSON.parse(readFileSync(at('target.json'), 'utf8'))).toMatchObject({ schemaVersion: REPORT_SCHEMA_VERSION });
  });

  it('keeping the permissions of the file it replaces', async () => {
    writeFileSync(at('private.json'), '{}', { mode: 0o600 });
    await runCli(['evaluate', INVENTORY, '--quiet', '-o', `json=${at('private.json')}`]);
    expect(statSync(at('private.json')).mode & 0o777).toBe(0o600);
  });

  it('into a FIFO, whose reader gets the whole report', async () => {
    execFileSync('mkfifo', [at('pipe')]);
    const reader = spawn('cat', [at('pipe')]);
    let received = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const done = new Promise((resolve) => reader.on('close', resolve));
    const run = await runCli(['evaluate', INVENTORY, '--quiet', '-o', `sarif=${at('pipe')}`]);
    await done;
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(at('pipe')).isFIFO()).toBe(true);
    expect(JSON.parse(received)).toMatchObject({ version: '2.1.0' });
  });

  it.runIf(isRoot)('into a character device, which stays one', async () => {
    // A private null device: were it replaced, the real /dev/null would not be.
    execFileSync('mknod', [at('null'), 'c', '1', '3']);
    const run = await runCli(['evaluate', INVENTORY, '--quiet', '-o', `sarif=${at('null')}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(at('null')).isCharacterDevice()).toBe(true);
  });

  it('to /dev/stdout, beside the report on stdout', async () => {
    const run = await runCli(['evaluate', INVENTORY, '--quiet', '-o', 'json=/dev/stdout']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\{\n {2}"schemaVersion"/);
    expect(run.stdout).toMatch(/^Exit 0: /m);
  });
});

describe('an output that cannot be written', () => {
  it('costs no other output: the rest are written, each failure is one line, exit 2', async () => {
    const run = await scan([
      '-o',
      'json=/dev/full',
      '-o',
      `junit=${at('kept.junit.xml')}`,
      '--save-inventory',
      at('kept-inventory.json'),
    ]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout, run.stderr).toMatch(/^Exit \d: /m);
    expect(readFileSync(at('kept.junit.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(JSON.parse(readFileSync(at('kept-inventory.json'), 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(run.stderr).toMatch(/^trailscan: cannot write -o json \/dev\/full: ENOSPC$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['stdout', '>'],
    ['stderr', '2>'],
  ])('a full disk on %s is exit 2, not a stack trace', async (_, redirect) => {
    const run = await runProcess('bash', [
      '-c',
      `"${process.execPath}" "${CLI}" evaluate "${INVENTORY}" ${redirect}/dev/full; echo "exit $?"`,
    ]);
    expect(run.stdout).toMatch(/exit 2\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
    if (redirect === '>') expect(run.stderr).toMatch(/^trailscan: cannot write to stdout: ENOSPC$/m);
  });
});
