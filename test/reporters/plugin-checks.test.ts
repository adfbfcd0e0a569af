/** Plugin checks are marked as such in every format, beside the built-in checks of the same report. */
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { examplePluginChecks, fixtureChecks, mixedInventory, reportOf } from '../fixtures/report.js';
import { renderJson, renderJunit, renderSarif, renderText } from './render.js';
import { sarifProblems } from './sarif-checks.js';

const plugins = examplePluginChecks();
const report = reportOf(mixedInventory(), { plugins });
const options = { checks: [...fixtureChecks, ...plugins.map((p) => p.check)], color: false };

describe('a report with plugin checks', () => {
  it('JSON: each result and each control says it comes from a plugin', () => {
    const json = JSON.parse(renderJson(report, options)) as ScanReport;
    const sources = (ids: readonly { source?: string; checkSource?: string; id?: string; checkId?: string }[]) =>
      new Set(ids.map((x) => `${x.id ?? x.checkId} ${x.source ?? x.checkSource}`));
    expect(sources(json.summary.controls)).toEqual(
      new Set([
        ...fixtureChecks.map((c) => `${c.id} security-hub`),
        'acme.central-log-bucket plugin',
        'acme.trail-owner-tag plugin',
      ]),
    );
    expect(sources(json.results.filter((r) => r.checkId.startsWith('acme.')))).toEqual(
      new Set(['acme.central-log-bucket plugin', 'acme.trail-owner-tag plugin']),
    );
  });

  it('SARIF: the rule says its source and is tagged plugin, and its failure is an alert', () => {
    const text = renderSarif(report, options);
    expect(sarifProblems(text)).toEqual([]);
    const run = (JSON.parse(text) as Sarif.Log).runs[0]!;
    const rule = run.tool.driver.rules?.find((r) => r.id === 'acme.central-log-bucket');
    expect(rule?.properties).toMatchObject({
      source: 'plugin',
      tags: expect.arrayContaining(['plugin', 'cloudtrail']),
    });
    expect(run.tool.driver.rules?.find((r) => r.id === 'CloudTrail.4')?.properties).toMatchObject({
      source: 'security-hub',
    });
    expect(run.results?.filter((r) => r.ruleId === 'acme.central-log-bucket').map((r) => r.message.text)).toEqual([
      'Trail legacy delivers to legacy-trail-logs, not to the central log archive bucket trail-logs.',
    ]);
  });

  it('JUnit: the plugin control’s suite has the source property and a test case per trail', () => {
    const xml = renderJunit(report, options);
    const suite = /<testsuite name="acme\.central-log-bucket: [^"]*"[\s\S]*?<\/testsuite>/.exec(xml)?.[0] ?? '';
    expect(suite).toContain('<property name="source" value="plugin"/>');
    expect(suite.match(/<testcase /g)).toHaveLength(2);
    expect(suite).toContain('<failure message="Trail legacy delivers to legacy-trail-logs');
    expect(xml).toContain('<property name="source" value="security-hub"/>');
  });

  it('text: every plugin result and control is marked [plugin]; built-in ones are not', () => {
    const text = renderText(report, options);
    expect(text).toContain('✗ FAILED  acme.central-log-bucket [plugin] legacy eu-west-1');
    expect(text).toContain('fix: aws cloudtrail update-trail --name arn:aws:cloudtrail:eu-west-1:');
    expect(text).toMatch(
      /Controls: .*acme\.central-log-bucket \[plugin\] FAILED · acme\.trail-owner-tag \[plugin\] PASSED/,
    );
    expect(text).not.toMatch(/CloudTrail\.\d \[plugin\]/);
  });
});
