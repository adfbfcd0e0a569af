/**
 * JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, the GitHub JUnit actions): one test suite
 * per control (per account and control when there are several accounts), one test case per result. JUnit has no normative schema; this is the shape those consumers
 * read: `testsuites > testsuite > testcase` with `failure` and `skipped`.
 *
 * A test case passes, fails (unsuppressed FAILED), or is skipped: not judged (WARNING, NOT_AVAILABLE) or
 * judged but accepted (suppressed). Reports never change a job's status; the exit code does.
 */
import type { ScanReport } from '../src/model/report.js';
import type { Result } from '../src/model/result.js';
import { accountReports } from './accounts.js';
import { resourcePath } from './locations.js';
import { occurrenceCounter } from './occurrences.js';
import { rendered, type Reporter } from './types.js';

type Outcome =
  { kind: 'passed' } | { kind: 'failure'; message: string; type: string } | { kind: 'skipped'; message: string };

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** XML 1.0 cannot carry these at all, escaped or not: control characters and lone surrogates. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // Whitespace in attributes is escaped, or parsers normalise it to spaces.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const escapeXml = (text: string, special: RegExp) =>
  text.replace(NOT_XML, '\uFFFD').replace(special, (char) => ENTITIES[char] ?? char);

const escapeText = (text: string) => escapeXml(text, /[&<>\r]/g);

const attributes = (values: Readonly<Record<string, string | number>>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value), /[&<>"\t\n\r]/g)}"`)
    .join('');

function outcomeOf(result: Result): Outcome {
  if (result.suppressed !== undefined) {
    return { kind: 'skipped', message: `SUPPRESSED ${result.status}: ${result.reason}` };
  }
  switch (result.status) {
    case 'PASSED':
      return { kind: 'passed' };
    case 'FAILED':
      return { kind: 'failure', message: result.reason, type: result.severity };
    case 'WARNING':
    case 'NOT_AVAILABLE':
      return { kind: 'skipped', message: `${result.status}: ${result.reason}` };
  }
}

/** The body of a failure or skip: everything a reader of the CI report needs to act without the JSON. */
function details(result: Result): string {
  const { resource, suppressed, remediation } = result;
  return [
    result.reason,
    `Reason code: ${result.reasonCode}`,
    `Resource: ${resource.id} (${resource.type}) in ${resource.region}, account ${resource.accountId}`,
    ...(suppressed === undefined
      ? []
      : [
          `Suppressed by "${suppressed.rule}"${suppressed.expires ? ` until ${suppressed.expires}` : ''}: ${suppressed.reason}`,
        ]),
    ...(result.errors ?? []).map((e) => `Failed call: ${e.operation} in ${e.region}: ${e.code}: ${e.message}`),
    ...(remediation === undefined
      ? []
      : [
          `Remediation: ${remediation.text}`,
          ...remediation.commands.map((c) => `  ${c}`),
          `Reference: ${remediation.url}`,
        ]),
    `Evidence: ${JSON.stringify(result.evidence)}`,
  ].join('\n');
}

function testCase(result: Result, name: string, outcome: Outcome): string {
  const head = `    <testcase${attributes({ classname: result.checkId, name, file: resourcePath(result.resource), time: 0 })}`;
  if (outcome.kind === 'passed') return `${head}/>`;
  const { kind, ...attrs } = outcome;
  return [
    `${head}>`,
    `      <${kind}${attributes(attrs)}>${escapeText(details(result))}</${kind}>`,
    '    </testcase>',
  ].join('\n');
}

function countOutcomes(outcomes: readonly Outcome[]): Counts {
  return {
    tests: outcomes.length,
    failures: outcomes.filter((o) => o.kind === 'failure').length,
    errors: 0,
    skipped: outcomes.filter((o) => o.kind === 'skipped').length,
  };
}

type Control = ScanReport['summary']['controls'][number];

/** A control's suite: one test case per result; `prefix` names the account in a report of several. */
function suite(
  report: ScanReport,
  control: Control,
  prefix: string,
  occurrence: (key: string) => number,
): { counts: Counts; xml: string } {
  const judged = report.results
    .filter((result) => result.checkId === control.id)
    .map((result) => ({ result, outcome: outcomeOf(result) }));
  const cases = judged.map(({ result, outcome }) => {
    // Unique per control: GitLab keeps only the first of two test cases with the same class name and name.
    const name = `${result.resource.id} [${result.resource.region}]`;
    const n = occurrence(`${result.checkId}\n${result.resource.accountId}\n${name}`);
    return testCase(result, n === 1 ? name : `${name} #${n}`, outcome);
  });
  const counts = countOutcomes(judged.map(({ outcome }) => outcome));
  const timestamp = report.scan.startedAt;
  const xml = [
    `  <testsuite${attributes({ name: `${prefix}${control.id}: ${control.title}`, ...counts, time: 0, timestamp })}>`,
    '    <properties>',
    ...(prefix === '' ? [] : [`      <property${attributes({ name: 'account', value: report.scan.account.id })}/>`]),
    `      <property${attributes({ name: 'severity', value: control.severity })}/>`,
    `      <property${attributes({ name: 'source', value: control.source })}/>`,
    `      <property${attributes({ name: 'status', value: control.status })}/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
  ].join('\n');
  return { counts, xml };
}

export const renderJunit: Reporter = (report) => {
  const occurrence = occurrenceCounter();
  const timestamp = report.scan.startedAt;
  // One suite per account and control when there are several accounts, so each account reads on its own.
  const several = report.scan.accounts !== undefined;
  const suites = accountReports(report).flatMap((part) =>
    part.summary.controls.map((control) => suite(part, control, several ? `${part.scan.account.id} ` : '', occurrence)),
  );
  const total = (key: keyof Counts) => suites.reduce((sum, suite) => sum + suite.counts[key], 0);
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({
      name: 'trailscan',
      tests: total('tests'),
      failures: total('failures'),
      errors: total('errors'),
      skipped: total('skipped'),
      time: (report.scan.durationMs / 1000).toFixed(3),
      timestamp,
    })}>`,
    ...suites.map((suite) => suite.xml),
    '</testsuites>',
    '',
  ].join('\n');
  return rendered(xml);
};
