/**
 * The terminal UI in a real terminal: `trailscan demo` inside tmux at 100x30 and 80x24, and its organization
 * at 80x24 and 120x40, driven with keys and read back from the screen, against the JSON report of the same
 * world.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { loadScenario } from '../../src/sandbox/index.js';
import { CLI, isolatedEnv, runCli } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'trailscan-tmux-'));

/** A built-in world, slowed down so the live view can be seen while the scan runs. */
async function slowScenario(name: 'demo' | 'organization'): Promise<string> {
  const world = await loadScenario(name);
  const file = path.join(dir, `slow-${name}.json`);
  writeFileSync(file, JSON.stringify({ ...world, faults: [...world.faults, { operation: '*', latencyMs: 250 }] }));
  return file;
}

/** The failed results of a report, counted by a key of each. */
function countFailed(report: ScanReport, key: (result: ScanReport['results'][number]) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of report.results.filter((result) => result.status === 'FAILED'))
    counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return counts;
}

/**
 * What each world shows: while it is scanned, and the headings the failed results are grouped under (by
 * severity for one account, by account for several).
 */
const VIEWS: Record<
  'demo' | 'organization',
  {
    progress: RegExp;
    also: (report: ScanReport) => RegExp[];
    groupOf: (result: ScanReport['results'][number]) => string;
    /** The group listed first: the report lists by severity, the terminal lists accounts in order. */
    firstGroup: (groups: string[]) => string | undefined;
  }
> = {
  demo: {
    progress: /\d+\/5 Regions/,
    also: () => [/Account 123456789012 \(aws\)/, /af-south-1\s+skipped/],
    groupOf: (r) => r.severity,
    firstGroup: (groups) => groups[0],
  },
  organization: {
    progress: /\d+\/\d+ accounts/,
    // The account whose role cannot be assumed is named while the others are still being scanned.
    also: (report) => (report.scan.accounts?.failed ?? []).map((a) => new RegExp(`not scanned: .*${a.id}`)),
    groupOf: (r) => r.resource.accountId,
    firstGroup: (groups) => groups.sort()[0],
  },
};

/** A tmux server of its own, so no other session's environment (CI=true …) leaks into the terminal. */
const SOCKET = `trailscan-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForScreen(
  session: string,
  predicate: (screen: string) => boolean,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < deadline) {
    screen = tmux('capture-pane', '-p', '-t', session);
    if (predicate(screen)) return screen;
    await sleep(40);
  }
  throw new Error(`the screen never matched; last screen:\n${screen}`);
}

/** Starts `command` in a new detached tmux session of the given size, with a clean environment. */
function startSession(session: string, columns: number, rows: number, command: string): void {
  const { CI: _ci, ...env } = isolatedEnv({ TERM: 'xterm-256color' });
  const variables = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), ...variables, command);
}

async function waitForFile(file: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file) && readFileSync(file, 'utf8').includes('\n')) return readFileSync(file, 'utf8').trim();
    await sleep(50);
  }
  throw new Error(`${file} never appeared`);
}

describe.each([
  ['demo', 100, 30],
  ['demo', 80, 24],
  ['organization', 80, 24],
  ['organization', 120, 40],
] as const)('trailscan demo --scenario %s in a %ix%i terminal', (world, columns, rows) => {
  it('shows progress, then the findings of the JSON report; Enter shows the fix; q exits like a non-interactive run', async () => {
    const scenario = await slowScenario(world);
    const batch = await runCli(['demo', '--scenario', scenario, '--format', 'json', '--quiet']);
    const report = JSON.parse(batch.stdout) as ScanReport;

    const session = `trailscan-${world}-${columns}x${rows}-${process.pid}`;
    const exitFile = path.join(dir, `${session}.exit`);
    // CI would turn the terminal UI off: the scan must see an interactive terminal, as a person's would.
    startSession(
      session,
      columns,
      rows,
      `env -u CI ${process.execPath} ${CLI} demo --scenario ${scenario}; echo $? > ${exitFile}; sleep 60`,
    );
    try {
      const view = VIEWS[world];
      const also = view.also(report);
      const during = await waitForScreen(session, (s) => view.progress.test(s) && also.every((r) => r.test(s)));
      expect(during).toMatch(view.progress);

      const results = await waitForScreen(session, (s) => s.includes('Gate'));
      const { byStatus, failedBySeverity } = report.summary;
      expect(results).toMatch(
        new RegExp(
          `✗ ${byStatus.FAILED} FAIL +! ${byStatus.WARNING} WARN +\\? ${byStatus.NOT_AVAILABLE} N/A +✓ ${byStatus.PASSED} PASS`,
        ),
      );
      for (const [severity, count] of Object.entries(failedBySeverity)) {
        expect(results).toMatch(new RegExp(`${severity} ${count}\\b`));
      }
      const groups = countFailed(report, view.groupOf);
      for (const [group, count] of groups) expect(results).toContain(`${group} (${count})`);
      expect(results).toContain(`exit ${report.gate.exitCode}`);

      // The first failed result of the first group, where the cursor starts.
      const firstGroup = view.firstGroup([...groups.keys()]);
      const first = report.results.find((r) => r.status === 'FAILED' && view.groupOf(r) === firstGroup);
      tmux('send-keys', '-t', session, 'Enter');
      const detail = await waitForScreen(session, (s) =>
        s.includes(first!.remediation!.commands[0]!.split(' ').slice(0, 3).join(' ')),
      );
      expect(detail).toContain(first!.resource.id);

      tmux('send-keys', '-t', session, 'q');
      await waitForScreen(session, (s) => s.includes('Gate'));
      tmux('send-keys', '-t', session, 'q');
      expect(Number(await waitForFile(exitFile))).toBe(batch.code);
      const after = tmux('capture-pane', '-p', '-t', session);
      expect(after).toMatch(new RegExp(`✗ ${byStatus.FAILED} FAIL .*exit ${report.gate.exitCode}`));
      expect(after).not.toContain('↑↓ move');
    } finally {
      tmux('kill-session', '-t', session);
    }
  });
});

describe('no terminal UI where nobody is looking', () => {
  it.each([
    ['CI=true', `env CI=true ${process.execPath} ${CLI} demo`],
    ['stdout piped (trailscan demo | cat)', `env -u CI ${process.execPath} ${CLI} demo | cat`],
  ])('%s: the text report, and no escape codes', async (name, command) => {
    const session = `trailscan-plain-${name.length}-${process.pid}`;
    const output = path.join(dir, `${session}.out`);
    startSession(
      session,
      100,
      30,
      `${command} > ${output} 2>&1; echo >> ${output}; echo done >> ${output}.exit; sleep 60`,
    );
    try {
      await waitForFile(`${output}.exit`);
      const text = readFileSync(output, 'utf8');
      expect(text).toContain('Exit 3: 7 failed results at or above low');
      expect(text).not.toContain('↑↓ move');
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/\u001b\[/);
    } finally {
      tmux('kill-session', '-t', session);
    }
  });
});
