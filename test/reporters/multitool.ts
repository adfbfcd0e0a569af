/**
 * Microsoft's SARIF Multitool with GitHub's ingestion rules (`--rule-kind Ghas`). It always exits 0, so
 * its findings are read from the SARIF log it writes. The binary is called directly: the npm wrapper goes
 * through a shell, which splits `;`-separated option values.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import multitool from '@microsoft/sarif-multitool';
import type * as Sarif from 'sarif';
import { afterAll, expect } from 'vitest';

const run = promisify(execFile);
const workDir = mkdtempSync(join(tmpdir(), 'trailscan-multitool-'));
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/**
 * The errors and warnings Multitool reports for a SARIF text, as `RULE message` lines. Only GitHub's rules
 * run: the generic SARIF rules at warning level try to reach every URI in the file over the network.
 */
export async function multitoolFindings(name: string, sarif: string): Promise<string[]> {
  const input = join(workDir, `${name}.sarif`);
  const output = join(workDir, `${name}.validation.sarif`);
  writeFileSync(input, sarif);
  await run(
    multitool,
    [
      'validate',
      input,
      '--rule-kind',
      'Ghas',
      '--level',
      'Error;Warning',
      '--output',
      output,
      '--log',
      'ForceOverwrite',
    ],
    { timeout: 60_000 },
  );
  const log = JSON.parse(readFileSync(output, 'utf8')) as Sarif.Log;
  expect(log.runs[0]?.tool.driver.name).toMatch(/multitool/i);
  return log.runs.flatMap((r) =>
    (r.results ?? []).map(
      (result) => `${result.ruleId ?? '?'} ${result.level ?? ''} ${JSON.stringify(result.message)}`,
    ),
  );
}
