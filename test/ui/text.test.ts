import { describe, expect, it } from 'vitest';
import { compactJson, errorMessage, formatDuration, plural, wrapCommand, wrapText } from '../../src/ui/text.js';
import { wordsAsShellReads } from './shell.js';

describe('wrapText', () => {
  it('breaks between words', () => {
    expect(wrapText('Trail legacy does not encrypt its logs', 16)).toEqual([
      'Trail legacy',
      'does not encrypt',
      'its logs',
    ]);
  });

  it('cuts a word longer than the line', () => {
    expect(wrapText('arn:aws:s3:::bucket', 8)).toEqual(['arn:aws:', 's3:::buc', 'ket']);
  });

  it('keeps explicit line breaks and returns one empty line for empty text', () => {
    expect(wrapText('a\nb', 10)).toEqual(['a', 'b']);
    expect(wrapText('', 10)).toEqual(['']);
  });
});

describe('wrapCommand', () => {
  const logging =
    'aws s3api put-bucket-logging --bucket legacy-trail-logs --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"<log bucket>","TargetPrefix":"legacy-trail-logs/"}}\' --region eu-west-1';
  const publicAccess =
    'aws s3api put-public-access-block --bucket legacy-trail-logs --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --region eu-west-1';
  const quoted = 'aws x --a "double \\"quoted\\" words, long enough to need cutting" --b it\\ is';

  it('leaves a command that fits alone', () => {
    expect(wrapCommand('aws cloudtrail start-logging --name main', 80)).toEqual([
      'aws cloudtrail start-logging --name main',
    ]);
  });

  it('breaks between words, continuation lines indented', () => {
    expect(
      wrapCommand('aws cloudtrail update-trail --name main --enable-log-file-validation --region us-east-1', 40),
    ).toEqual([
      'aws cloudtrail update-trail --name \\',
      '  main --enable-log-file-validation \\',
      '  --region us-east-1',
    ]);
  });

  it.each([
    [logging, 80],
    [logging, 40],
    [publicAccess, 80],
    [publicAccess, 30],
    [quoted, 20],
  ])('keeps every line within the width, and the shell reads the same words (%#)', (command, width) => {
    const lines = wrapCommand(command, width);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.filter((line) => line.length > width)).toEqual([]);
    expect(wordsAsShellReads(lines)).toBe(wordsAsShellReads([command]));
  });

  it('cuts inside single quotes by closing and reopening them', () => {
    expect(wrapCommand("aws x '0123456789abcdef'", 13)).toEqual(['aws x \\', "  '01234567'\\", "'89abcdef'"]);
  });
});

describe('compactJson', () => {
  it('writes evidence on one line with bare keys', () => {
    expect(compactJson({ via: { acl: true, policy: false }, grants: [{ grantee: 'AllUsers' }], none: null })).toBe(
      '{via: {acl: true, policy: false}, grants: [{grantee: "AllUsers"}], none: null}',
    );
  });

  it('leaves key-like text inside strings alone', () => {
    expect(compactJson({ policy: '{"Effect": "Allow"}' })).toBe('{policy: "{\\"Effect\\": \\"Allow\\"}"}');
  });

  it('shows scalars and undefined plainly', () => {
    expect(compactJson('x')).toBe('"x"');
    expect(compactJson(undefined)).toBe('undefined');
  });
});

describe('small formats', () => {
  it('durations: tenths of a second, then minutes', () => {
    expect(formatDuration(2500)).toBe('2.5s');
    expect(formatDuration(-1)).toBe('0.0s');
    expect(formatDuration(125_000)).toBe('2m05s');
  });

  it('plurals', () => {
    expect(plural(1, 'Region')).toBe('1 Region');
    expect(plural(2, 'Region')).toBe('2 Regions');
  });

  it('error messages from anything a promise can reject with', () => {
    expect(errorMessage(new Error('ExpiredToken'))).toBe('ExpiredToken');
    expect(errorMessage('plain')).toBe('plain');
  });
});
