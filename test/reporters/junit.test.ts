import { describe, expect, it } from 'vitest';
import { renderJunit } from './render.js';
import { resourcePath } from '../../reporters/locations.js';
import type { ScanReport } from '../../src/model/report.js';
import type { Result } from '../../src/model/result.js';
import { inventory } from '../fixtures/inventory.js';
import { incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';
import { LEGACY_SUPPRESSION, everyControlFailingReport, everyStatusReport, options } from './reports.js';
import { uriProblems } from './sarif-checks.js';
import { childrenNamed, parseXml, type XmlElement } from './xml.js';

const render = (report: ScanReport) => parseXml(renderJunit(report, options));
const suitesOf = (root: XmlElement) => childrenNamed(root, 'testsuite');
const casesOf = (root: XmlElement) => suitesOf(root).flatMap((suite) => childrenNamed(suite, 'testcase'));
const counts = (element: XmlElement) => {
  const { tests, failures, errors, skipped } = element.attributes;
  return { tests: Number(tests), failures: Number(failures), errors: Number(errors), skipped: Number(skipped) };
};
/** The report's results in the order the test cases come: by control, then as the report sorts them. */
const resultsByControl = (report: ScanReport) =>
  report.summary.controls.flatMap((control) => report.results.filter((r) => r.checkId === control.id));
const notJudged = (c: { WARNING: number; NOT_AVAILABLE: number }) => c.WARNING + c.NOT_AVAILABLE;

describe('renderJunit', () => {
  it.each<[string, () => ScanReport]>([
    ['a healthy account', () => reportOf(inventory())],
    ['an account failing every control', everyControlFailingReport],
    ['an incomplete scan', () => reportOf(incompleteInventory())],
    ['every status and a suppression', everyStatusReport],
  ])('writes well-formed JUnit XML whose counts are the report’s, for %s', (_, build) => {
    const report = build();
    const root = render(report);
    const { summary } = report;
    expect(root.name).toBe('testsuites');
    expect(root.attributes['name']).toBe('trailscan');
    expect(counts(root)).toEqual({
      tests: summary.total,
      failures: summary.byStatus.FAILED,
      errors: 0,
      skipped: notJudged(summary.byStatus) + summary.suppressed,
    });
    expect(casesOf(root)).toHaveLength(summary.total);

    const suites = suitesOf(root);
    expect(suites.map((s) => s.attributes['name'])).toEqual(summary.controls.map((c) => `${c.id}: ${c.title}`));
    summary.controls.forEach((control, i) => {
      const results = report.results.filter((r) => r.checkId === control.id);
      const suppressed = results.filter((r) => r.suppressed !== undefined).length;
      expect(counts(suites[i]!)).toEqual({
        tests: results.length,
        failures: control.counts.FAILED,
        errors: 0,
        skipped: notJudged(control.counts) + suppressed,
      });
    });
  });

  it('names each test case after its control, resource ARN and Region, and files it at the SARIF pseudo-path', () => {
    const report = everyStatusReport();
    const cases = casesOf(render(report));
    resultsByControl(report).forEach((result, i) => {
      const { classname, name, file } = cases[i]!.attributes;
      expect(classname).toBe(result.checkId);
      expect(name).toContain(result.resource.id);
      expect(name).toContain(result.resource.region);
      expect(file).toBe(resourcePath(result.resource));
      expect(uriProblems(file!)).toEqual([]);
    });
    const keys = cases.map((c) => `${c.attributes['classname'] ?? ''} ${c.attributes['name'] ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('turns each status into a pass, a failure or a skip that says why', () => {
    const report = everyStatusReport();
    const cases = casesOf(render(report));
    const outcome = (result: Result) => cases[resultsByControl(report).indexOf(result)]!.children;

    for (const result of report.results) {
      const [element, ...rest] = outcome(result);
      expect(rest).toEqual([]);
      if (result.suppressed) {
        expect(element?.name).toBe('skipped');
        expect(element?.attributes['message']).toBe(`SUPPRESSED ${result.status}: ${result.reason}`);
        expect(element?.text).toContain(`"${LEGACY_SUPPRESSION.check} ${LEGACY_SUPPRESSION.resource}"`);
        expect(element?.text).toContain(`until ${LEGACY_SUPPRESSION.expires}: ${LEGACY_SUPPRESSION.reason}`);
      } else if (result.status === 'PASSED') {
        expect(element).toBeUndefined();
      } else if (result.status === 'FAILED') {
        expect(element?.name).toBe('failure');
        expect(element?.attributes).toEqual({ message: result.reason, type: result.severity });
        expect(element?.text).toContain(result.remediation!.text);
        for (const command of result.remediation!.commands) expect(element?.text).toContain(command);
      } else {
        expect(element?.name).toBe('skipped');
        expect(element?.attributes['message']).toBe(`${result.status}: ${result.reason}`);
        for (const error of result.errors ?? [])
          expect(element?.text).toContain(`${error.operation} in ${error.region}`);
      }
    }
  });

  it('escapes markup and replaces what XML cannot carry', () => {
    const report = reportOf(mixedInventory());
    const reason = `Policy "allow" <Principal * & 'x'>\nline two\ttab \u0001 \ud800 ]]> end`;
    const failure = { ...report.results.find((r) => r.status === 'FAILED')!, reason };
    const [testCase] = casesOf(render({ ...report, results: [failure] }));
    const [element] = testCase!.children;
    const readable = reason.replace('\u0001', '\uFFFD').replace('\ud800', '\uFFFD');
    expect(element?.attributes['message']).toBe(readable);
    expect(element?.text.startsWith(readable)).toBe(true);
  });

  it('numbers test cases that would otherwise share a name', () => {
    const report = reportOf(mixedInventory());
    const failure = report.results.find((r) => r.status === 'FAILED')!;
    const names = casesOf(render({ ...report, results: [failure, failure] })).map((c) => c.attributes['name']);
    expect(names).toEqual([
      `${failure.resource.id} [${failure.resource.region}]`,
      `${failure.resource.id} [${failure.resource.region}] #2`,
    ]);
  });

  it('times the whole scan in seconds', () => {
    expect(render(reportOf(mixedInventory())).attributes['time']).toBe('2.500');
  });
});
