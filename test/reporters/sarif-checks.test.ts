/** The checks the SARIF tests rely on catch what GitHub rejects: each broken variant of a good file is flagged. */
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { renderSarif } from './render.js';
import { everyControlFailingReport, options } from './reports.js';
import { githubProblems, schemaProblems } from './sarif-checks.js';

const goodLog = () => JSON.parse(renderSarif(everyControlFailingReport(), options)) as Sarif.Log;
const firstRun = (log: Sarif.Log) => log.runs[0]!;
const firstResult = (log: Sarif.Log) => firstRun(log).results![0]!;
const firstRule = (log: Sarif.Log) => firstRun(log).tool.driver.rules![0]!;
const setUri = (uri: string) => (log: Sarif.Log) => {
  firstResult(log).locations![0]!.physicalLocation!.artifactLocation!.uri = uri;
};

describe('the SARIF checks', () => {
  it('pass the good file', () => {
    const log = goodLog();
    expect(schemaProblems(log)).toEqual([]);
    expect(githubProblems(log)).toEqual([]);
  });

  it.each<[string, (log: Sarif.Log) => void, RegExp]>([
    [
      'a result without locations',
      (log) => {
        firstResult(log).locations = [];
      },
      /artifactLocation\.uri: missing/,
    ],
    [
      'a location with only a logical location',
      (log) => {
        delete firstResult(log).locations![0]!.physicalLocation;
      },
      /artifactLocation\.uri: missing/,
    ],
    ['an ARN as the URI', setUri('arn:aws:s3:::bucket'), /has a scheme/],
    ['a URI with a space', setUri('trailscan/aws/my bucket'), /contains white space/],
    ['an absolute URI', setUri('/trailscan/aws/x'), /is absolute/],
    ['a dot-segment', setUri('trailscan/../x'), /dot-segment/],
    ['a broken percent-encoding', setUri('trailscan/%E0%A4%A'), /does not decode/],
    [
      'a numeric security-severity',
      (log) => {
        firstRule(log).properties!['security-severity'] = 8;
      },
      /security-severity: not a string score: 8/,
    ],
    [
      'no fingerprint',
      (log) => {
        delete firstResult(log).partialFingerprints;
      },
      /primaryLocationLineHash: missing/,
    ],
    [
      'a passing result',
      (log) => {
        firstResult(log).kind = 'pass';
      },
      /kind: pass/,
    ],
    [
      'a suppressed result',
      (log) => {
        firstResult(log).suppressions = [{ kind: 'external' }];
      },
      /suppressions/,
    ],
    [
      'a wrong rule index',
      (log) => {
        firstResult(log).ruleIndex = 3;
      },
      /ruleIndex: does not point at its ruleId/,
    ],
    [
      'more than 20 tags',
      (log) => {
        firstRule(log).properties!.tags = Array.from({ length: 21 }, (_, i) => `t${i}`);
      },
      /more than 20/,
    ],
    [
      'no help text',
      (log) => {
        delete firstRule(log).help;
      },
      /help\.text: missing/,
    ],
  ])('flag %s', (_, breakIt, problem) => {
    const log = goodLog();
    breakIt(log);
    expect(githubProblems(log).join('\n')).toMatch(problem);
  });

  it('flag what the schema forbids', () => {
    const log = goodLog();
    (firstResult(log) as { level: string }).level = 'critical';
    expect(schemaProblems(log).join('\n')).toMatch(/level must be equal to one of the allowed values/);
  });
});
