import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/model/result.js';
import { detailLines, type DetailLine } from '../../src/ui/detail.js';
import { examplePluginChecks, incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';
import { wordsAsShellReads } from './shell.js';

const text = (line: DetailLine) => line.map((segment) => segment.text).join('');
const render = (result: Result, width: number) => detailLines(result, width).map(text);
const find = (results: readonly Result[], status: Result['status'], checkId: string) => {
  const found = results.find((r) => r.status === status && r.checkId === checkId);
  if (found === undefined) throw new Error(`no ${status} ${checkId}`);
  return found;
};
/** The lines from the one starting with `label` up to the next blank line. */
const section = (lines: readonly string[], label: string) => {
  const start = lines.findIndex((line) => line.startsWith(label));
  const end = lines.indexOf('', start);
  return lines.slice(start, end === -1 ? undefined : end);
};

const mixed = reportOf(mixedInventory());
const publicBucket = find(mixed.results, 'FAILED', 'CloudTrail.6');
const LABEL = ' '.repeat(12);

describe('detailLines', () => {
  it('says what, why and where', () => {
    const lines = render(publicBucket, 120);
    expect(lines.slice(0, 3)).toEqual(['✗ FAIL  CRITICAL  CloudTrail.6', publicBucket.title, '']);
    expect(section(lines, 'Reason').slice(0, 5)).toEqual([
      `Reason      ${publicBucket.reason}`,
      'Code        S3_BUCKET_PUBLIC',
      'Resource    legacy-trail-logs (AwsS3Bucket)',
      'ARN         arn:aws:s3:::legacy-trail-logs',
      'Region      eu-west-1 · account 111122223333',
    ]);
  });

  it('shows each piece of evidence compactly, all under one label', () => {
    const evidence = section(render(publicBucket, 200), 'Evidence');
    expect(evidence).toEqual([
      'Evidence    publicAclGrants: [{grantee: "http://acs.amazonaws.com/groups/global/AllUsers", permission: "READ"}]',
      `${LABEL}publicPolicyStatements: []`,
      `${LABEL}policyIsPublic: false`,
      `${LABEL}via: {acl: true, policy: false}`,
    ]);
  });

  it('cuts long evidence short: the JSON report has all of it', () => {
    expect(section(render(publicBucket, 40), 'Evidence').slice(0, 3)).toEqual([
      'Evidence    publicAclGrants: [{grantee:',
      `${LABEL}"http://acs.amazonaws.com/gr`,
      `${LABEL}oups/global/AllUsers",…`,
    ]);
  });

  it('gives the remediation text, then the commands as plain lines with nothing else on them', () => {
    const lines = detailLines(publicBucket, 300);
    const texts = lines.map(text);
    expect(section(texts, 'Remediation')).toEqual(['Remediation', publicBucket.remediation?.text]);
    for (const command of publicBucket.remediation?.commands ?? []) {
      expect(lines[texts.indexOf(command)]).toEqual([{ text: command }]);
    }
  });

  it('at 80 columns, fits every line and wraps the commands into lines the shell reads as the same commands', () => {
    const lines = render(publicBucket, 80);
    const commands = publicBucket.remediation?.commands ?? [];
    expect(commands.some((command) => command.length > 80)).toBe(true);
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    expect(wordsAsShellReads(section(lines, 'aws '))).toBe(wordsAsShellReads(commands));
  });

  it('ends with the reference URL on a line of its own', () => {
    expect(render(publicBucket, 120).slice(-2)).toEqual(['Reference', publicBucket.remediation?.url]);
  });

  it('lists the calls that failed for a result that could not be evaluated, and has no remediation', () => {
    const report = reportOf(incompleteInventory());
    const lines = render(find(report.results, 'NOT_AVAILABLE', 'CloudTrail.3'), 200);
    expect(lines[0]).toBe('? N/A  HIGH  CloudTrail.3');
    expect(section(lines, 'Errors')).toEqual([
      'Errors      cloudtrail:DescribeTrails in us-west-2: AccessDeniedException — AccessDeniedException from cloudtrail:DescribeTrails',
    ]);
    expect(lines).not.toContain('Remediation');
  });

  it('says why a suppressed result is suppressed, and what its status was', () => {
    const report = reportOf(mixedInventory(), {
      suppressions: [
        { check: 'CloudTrail.6', resource: 'arn:aws:s3:::legacy-*', reason: 'Public by design', expires: '2027-01-31' },
      ],
    });
    const lines = render(find(report.results, 'FAILED', 'CloudTrail.6'), 200);
    expect(lines[0]).toBe('~ SUPP  CRITICAL  CloudTrail.6');
    expect(section(lines, 'Suppressed')).toEqual([
      'Suppressed  Public by design until 2027-01-31 (rule: CloudTrail.6 arn:aws:s3:::legacy-*)',
      'Status      FAILED',
    ]);
  });

  it('marks a plugin check’s result, and only such a result, as a plugin check', () => {
    const withPlugins = reportOf(mixedInventory(), { plugins: examplePluginChecks() });
    const pluginFailure = find(withPlugins.results, 'FAILED', 'acme.central-log-bucket');
    expect(render(pluginFailure, 120)[0]).toBe('✗ FAIL  HIGH  acme.central-log-bucket  plugin check');
    expect(render(publicBucket, 120)[0]).not.toContain('plugin');
  });
});
