/**
 * The README's generated parts — the controls table and the IAM policies — equal what the code says.
 * `npm run regenerate` rewrites them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinChecks, verifyLogsChecks } from '../checks/index.js';
import { iamPolicy } from '../src/aws/plan.js';
import { expectGenerated } from './support/generated.js';
import { selectChecks } from '../src/cli/selection.js';
import { requiredSlices } from '../src/engine/evaluate.js';

const README = new URL('../README.md', import.meta.url);

function policyBlock(selected: ReturnType<typeof selectChecks>): string {
  return `\`\`\`json\n${JSON.stringify(iamPolicy(requiredSlices(selected)), null, 2)}\n\`\`\``;
}

function controlsTable(): string {
  const rows = builtinChecks.map(
    (c) => `| [${c.id}](${c.documentationUrl}) | ${c.severity} | ${c.title} | ${c.resourceType} |`,
  );
  return ['| Control | Severity | Title | Resource |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

const generated: Record<string, string> = {
  controls: controlsTable(),
  'iam-policy': policyBlock(selectChecks(builtinChecks, undefined)),
  'iam-policy-verify-logs': policyBlock(
    selectChecks(
      builtinChecks,
      verifyLogsChecks.map((c) => c.id),
    ),
  ),
};

function replaceBlock(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README lacks the ${name} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

describe('README', () => {
  it.each(Object.keys(generated))('the %s block is up to date', (name) => {
    expectGenerated(README, replaceBlock(readFileSync(README, 'utf8'), name, generated[name]!));
  });

  it('names the two set-up commands, the same test command .ci/run runs', () => {
    const text = readFileSync(README, 'utf8');
    expect(text).toContain('npm ci && npm run demo');
    expect(text).toContain('npm ci && npm test');
    expect(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });

  it('names every built-in scenario, as --help does', async () => {
    const { HELP } = await import('../src/cli/args.js');
    const { builtinScenarioNames } = await import('../src/sandbox/index.js');
    const text = readFileSync(README, 'utf8');
    for (const name of builtinScenarioNames()) {
      expect(text, name).toContain(`\`${name}\``);
      expect(HELP, name).toContain(name);
    }
  });

  it('documents every flag of the command line', async () => {
    const { HELP } = await import('../src/cli/args.js');
    const text = readFileSync(README, 'utf8');
    for (const flag of HELP.match(/--[a-z-]+/g) ?? []) expect(text, flag).toContain(flag);
  });
});
