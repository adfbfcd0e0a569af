/**
 * Remediation commands are pasted into a shell. Whatever AWS data a command carries, /bin/sh must hand
 * each value to `aws` as one argument, unexpanded: no command substitution, no second command, no split.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../../checks/index.js';
import { shellQuote } from '../../../checks/lib/shell.js';
import type { Finding } from '../../../src/model/check.js';

const dir = mkdtempSync(path.join(tmpdir(), 'trailscan-shell-'));
const PWNED = path.join(dir, 'pwned');
// `aws` here prints its arguments, NUL-separated, and does nothing else.
writeFileSync(path.join(dir, 'aws'), '#!/bin/sh\nfor arg; do printf "%s\\0" "$arg"; done\n');
chmodSync(path.join(dir, 'aws'), 0o755);

/** What /bin/sh passes to `aws` for the command; placeholders such as `<trail-name>` stand for a word. */
function argumentsOf(command: string): string[] {
  const runnable = command.replace(/<[a-z-]+>/g, 'PLACEHOLDER');
  const output = execFileSync('/bin/sh', ['-c', runnable], {
    env: { PATH: `${dir}:/usr/bin:/bin` },
    encoding: 'utf8',
  });
  return output.split('\0').slice(0, -1);
}

const HOSTILE = `x'$(touch ${PWNED})\`touch ${PWNED}\`;touch ${PWNED}\n"y *`;
/** The value inside a JSON argument (CloudTrail.7's logging status), escaped as JSON escapes it. */
const HOSTILE_IN_JSON = JSON.stringify(HOSTILE).slice(1, -1);
const holdsValue = (arg: string) => arg.includes(HOSTILE) || arg.includes(HOSTILE_IN_JSON);

describe('shellQuote', () => {
  it.each([
    ['arn:aws:cloudtrail:us-east-1:123456789012:trail/main', 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main'],
    ['us-east-1', 'us-east-1'],
    ["it's", `'it'\\''s'`],
    ['a b', "'a b'"],
    ['', "''"],
  ])('%j → %s', (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });

  it('gives the shell back exactly the value, whatever it holds', () => {
    expect(argumentsOf(`aws ${shellQuote(HOSTILE)} ${shellQuote('')}`)).toEqual([HOSTILE, '']);
    expect(existsSync(PWNED)).toBe(false);
  });
});

describe('every check’s remediation', () => {
  const arn = `arn:aws:cloudtrail:us-east-1:123456789012:trail/${HOSTILE}`;
  const finding = (reasonCode: string): Finding => ({
    resource: {
      type: 'AwsCloudTrailTrail',
      id: arn,
      name: HOSTILE,
      region: HOSTILE,
      accountId: '123456789012',
      partition: 'aws',
    },
    status: 'FAILED',
    reasonCode,
    reason: 'hostile',
    evidence: {
      candidates: [{ arn, homeRegion: HOSTILE }],
      trails: [{ arn, homeRegion: HOSTILE }],
      stoppedTrails: [HOSTILE],
      keyArn: `arn:aws:kms:${HOSTILE}:123456789012:key/${HOSTILE}`,
    },
  });
  // Every branch the checks' remediations take by reason code, and a code none of them knows.
  const reasonCodes = [
    'MULTI_REGION_TRAIL_NOT_LOGGING',
    'NO_MULTI_REGION_TRAIL',
    'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
    'TRAIL_NOT_LOGGING',
    'NO_TRAIL_IN_REGION',
    'KMS_KEY_NOT_ENABLED',
    'KMS_KEY_PENDING_DELETION',
    'KEY_POLICY_CONFUSED_DEPUTY',
    'TRAIL_DELETED',
    'ANY_OTHER',
  ];

  it.each(builtinChecks.map((check) => [check.id, check] as const))(
    '%s passes AWS data to aws as whole, unexpanded arguments',
    (_, check) => {
      let carried = 0;
      for (const reasonCode of reasonCodes) {
        for (const command of check.remediation(finding(reasonCode)).commands) {
          const args = argumentsOf(command);
          expect(args[0], command).toMatch(/^(cloudtrail|s3api|kms|logs|cloudwatch|sns|events)$/);
          // A piece of the value in an argument without the whole of it: the shell split or expanded it.
          expect(
            args.filter((arg) => arg.includes('touch') && !holdsValue(arg)),
            command,
          ).toEqual([]);
          carried += args.filter(holdsValue).length;
        }
      }
      expect(carried).toBeGreaterThan(0);
      expect(existsSync(PWNED)).toBe(false);
    },
  );
});
