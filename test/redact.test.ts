/** Credentials never reach a report or stderr: by their shape, or because they are the ones in use. */
import { describe, expect, it } from 'vitest';
import { echo } from '../src/errors.js';
import { REDACTED, redact, registerSecret } from '../src/redact.js';

// Assembled at run time, so the repository holds nothing a secret scanner would take for a key.
const ACCESS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const TEMPORARY_KEY_ID = ['ASIA', 'Q3EGUDZAHOCK6M5T'].join('');
const SECRET_KEY = ['wJalrXUtnFEMI/K7MDENG', '/bPxRfiCYEXAMPLEKEY'].join('');
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjE${'Lx4mK9vB2pQ7wZ+a/Rt5Hn0Yc'.repeat(12)}==`;

describe('redact', () => {
  it.each([
    ['an access key id', `The security token ${ACCESS_KEY_ID} is invalid`],
    ['a temporary access key id', `key=${TEMPORARY_KEY_ID};`],
    ['a secret access key', `secret "${SECRET_KEY}" rejected`],
    ['a session token', `X-Amz-Security-Token: ${SESSION_TOKEN}`],
  ])('hides %s', (_, text) => {
    const redacted = redact(text);
    expect(redacted).toContain(REDACTED);
    for (const secret of [ACCESS_KEY_ID, TEMPORARY_KEY_ID, SECRET_KEY, SESSION_TOKEN]) {
      expect(redacted).not.toContain(secret);
    }
  });

  it('hides the credentials in use, whatever they look like, also percent-encoded', () => {
    registerSecret('plain-looking-secret', 'token with/slash+plus');
    expect(redact('echo: plain-looking-secret and token%20with%2Fslash%2Bplus')).toBe(
      `echo: ${REDACTED} and ${REDACTED}`,
    );
  });

  it('ignores registered values too short to be credentials, which would hide ordinary words', () => {
    registerSecret('secret');
    expect(redact('the secret key')).toBe('the secret key');
  });

  it.each([
    'arn:aws:cloudtrail:us-east-1:123456789012:trail/Organization-Trail_2024',
    'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws:iam::123456789012:role/service-role/CloudTrailRoleForCloudWatchLogs',
    'aws-cloudtrail-logs-123456789012-3f8a7c1e',
    // A commit id and a canonical user id: hexadecimal, not mixed case.
    '9fceb02d0ae598e95dc970b74767f19372d61af8',
    '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
    'AccessDeniedException: User: arn:aws:iam::123456789012:user/auditor is not authorized',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('echo', () => {
  it('quotes a short value whole', () => {
    expect(echo('us-east-9')).toBe('"us-east-9"');
  });

  it('clips a long one, after redacting, so no credential is half shown', () => {
    const echoed = echo(`AWS_ACCESS_KEY_ID=${ACCESS_KEY_ID} AWS_SECRET_ACCESS_KEY=${SECRET_KEY}`);
    expect(echoed).toBe(`"AWS_ACCESS_KEY_ID=${REDACTED} AWS_SECRET…"`);
  });
});
