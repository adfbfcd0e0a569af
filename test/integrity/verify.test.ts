/**
 * The verifier over generated chains: each way a chain can be damaged is found and named, a logging gap
 * is a gap and not tampering, and an intact chain has nothing to report.
 */
import { describe, expect, it } from 'vitest';
import { verifyChain, type ChainReport, type VerifyContext } from '../../src/integrity/verify.js';
import type { RegionChain } from '../../src/model/integrity.js';
import type { Tampering } from '../../src/sandbox/digests.js';
import { collect, KEYS, LOCATION, NOW, WINDOW, world, type World } from './memory-source.js';

const context = (overrides: Partial<VerifyContext> = {}): VerifyContext => ({
  window: WINDOW,
  verifyLogFiles: true,
  logging: true,
  collectedAt: NOW,
  ...overrides,
});

async function verify(w: World, overrides: Partial<VerifyContext> = {}): Promise<ChainReport> {
  const ctx = context(overrides);
  return verifyChain(await collect(w, ctx.verifyLogFiles, ctx.window), ctx);
}

const kinds = (report: ChainReport) => report.problems.map((p) => p.kind).sort();

describe('verifyChain', () => {
  it('an intact chain: every digest valid and chained, every log file matches, nothing to report', async () => {
    const report = await verify(world());
    expect(report.problems).toEqual([]);
    expect(report.gaps).toEqual([]);
    expect(report.unreadable).toEqual([]);
    // Hourly digests ending in the window, from 12:17:23 the day before to 11:17:23.
    expect(report.digests.valid).toBe(24);
    expect(report.logFiles).toEqual({ listed: 48, verified: 48 });
    expect(report.covered?.to).toBe('2026-03-10T11:17:23.000Z');
  });

  describe.each<[string, Parameters<typeof world>[0], string[], string?]>([
    ['a log file edited', { tampering: [{ action: 'edit-log', hoursAgo: 5, logFile: 1 }] }, ['LOG_FILE_MODIFIED']],
    ['a log file deleted', { tampering: [{ action: 'delete-log', hoursAgo: 3 }] }, ['LOG_FILE_MISSING']],
    ['a digest deleted in the middle', { tampering: [{ action: 'delete-digest', hoursAgo: 6 }] }, ['DIGEST_MISSING']],
    ['a digest edited', { tampering: [{ action: 'edit-digest', hoursAgo: 4 }] }, ['DIGEST_SIGNATURE_INVALID']],
    [
      'a digest signed by an unknown key',
      { tampering: [{ action: 'foreign-key-digest', hoursAgo: 8 }] },
      ['DIGEST_PUBLIC_KEY_UNKNOWN'],
    ],
    [
      'a digest edited and re-signed with a genuine key: the next digest recorded another signature and hash',
      { tampering: [{ action: 'resign-digest', hoursAgo: 7 }] },
      ['DIGEST_CHAIN_BROKEN', 'DIGEST_CHAIN_BROKEN'],
    ],
    [
      'a digest stripped of its signature',
      { tampering: [{ action: 'unsign-digest', hoursAgo: 2 }] },
      ['DIGEST_UNSIGNED'],
    ],
    ['a log file no digest lists', { tampering: [{ action: 'inject-log', hoursAgo: 10 }] }, ['LOG_FILE_NOT_IN_DIGEST']],
    [
      'the newest digests deleted while the trail logs',
      { tampering: [0, 1, 2].map((hoursAgo) => ({ action: 'delete-digest' as const, hoursAgo })) },
      ['DIGESTS_STOPPED'],
    ],
  ])('%s', (_name, damage, expected) => {
    it('is reported, naming the object', async () => {
      const report = await verify(world(damage));
      expect(kinds(report)).toEqual(expected);
      for (const problem of report.problems)
        expect(problem.object).toMatch(/^s3:\/\/trail-logs-111122223333\/audit\/AWSLogs\/111122223333\//);
      expect(report.gaps).toEqual([]);
    });
  });

  describe('a backfill chain: its own chain beside the regular one, as the AWS CLI walks it', () => {
    const BACKFILLED = [3, 5, 9];

    it('intact: counted apart, its late log files verified, and the regular chain untouched', async () => {
      const report = await verify(world({ backfill: BACKFILLED }));
      expect(report.problems).toEqual([]);
      expect(report.gaps).toEqual([]);
      expect(report.digests).toEqual({ valid: 24, backfill: 3 });
      expect(report.logFiles).toEqual({ listed: 51, verified: 51 });
    });

    it.each<[string, Partial<Tampering>, string[]]>([
      ['a backfill digest deleted', { action: 'delete-digest', hoursAgo: 5, backfill: true }, ['DIGEST_MISSING']],
      [
        'a backfill digest edited',
        { action: 'edit-digest', hoursAgo: 9, backfill: true },
        ['DIGEST_SIGNATURE_INVALID'],
      ],
      [
        'a backfill digest re-signed',
        { action: 'resign-digest', hoursAgo: 5, backfill: true },
        ['DIGEST_CHAIN_BROKEN', 'DIGEST_CHAIN_BROKEN'],
      ],
      ['a late log file edited', { action: 'edit-log', hoursAgo: 5, backfill: true }, ['LOG_FILE_MODIFIED']],
      ['a late log file deleted', { action: 'delete-log', hoursAgo: 9, backfill: true }, ['LOG_FILE_MISSING']],
    ])('%s: found in the backfill chain', async (_name, tampering, expected) => {
      const report = await verify(world({ backfill: BACKFILLED, tampering: [tampering] }));
      expect(kinds(report)).toEqual(expected);
      for (const problem of report.problems) expect(problem.object).not.toMatch(/T\d{6}Z\.json\.gz$/);
      expect(report.digests.valid).toBe(24);
    });

    it('a regular digest deleted is not covered by the backfill digest of its period', async () => {
      const report = await verify(
        world({ backfill: BACKFILLED, tampering: [{ action: 'delete-digest', hoursAgo: 5 }] }),
      );
      expect(kinds(report)).toEqual(['DIGEST_MISSING']);
      expect(report.problems[0]?.object).toMatch(/T061723Z\.json\.gz$/);
      expect(report.digests).toEqual({ valid: 23, backfill: 3 });
    });

    it('a backfill digest without its generation time is not in the backfill format', async () => {
      const stripped = world({ backfill: BACKFILLED });
      for (const [key, object] of stripped.objects) {
        if (!key.endsWith('T081723Z_backfill.json.gz')) continue;
        const { 'backfill-generation-timestamp': _generated, ...metadata } = object.metadata;
        stripped.objects.set(key, { ...object, metadata });
      }
      expect(kinds(await verify(stripped))).toEqual(['DIGEST_MALFORMED']);
    });
  });

  it('a deleted digest is named by its key and the period it covered', async () => {
    const report = await verify(world({ tampering: [{ action: 'delete-digest', hoursAgo: 6 }] }));
    expect(report.problems[0]).toMatchObject({
      object: expect.stringContaining(
        '111122223333_CloudTrail-Digest_eu-west-1_management_us-east-1_20260310T051723Z.json.gz',
      ),
      time: '2026-03-10T05:17:23Z',
    });
  });

  it('a chain with a logging gap: the gap is reported as such, the chain restarts after it, nothing is tampered', async () => {
    const report = await verify(world({ stopped: [{ fromHoursAgo: 12, toHoursAgo: 8.5 }] }));
    expect(report.problems).toEqual([]);
    expect(report.gaps).toEqual([{ from: '2026-03-09T23:17:23Z', to: '2026-03-10T03:30:00Z' }]);
  });

  it('an empty window while the trail logs: the digests CloudTrail delivers every hour are missing', async () => {
    const report = await verify(world({ newest: new Date('2026-03-01T00:17:23Z') }));
    expect(report.digests.valid).toBe(0);
    expect(kinds(report)).toEqual(['DIGESTS_STOPPED']);
  });

  it('an empty window while the trail is stopped: nothing to verify and nothing wrong', async () => {
    const report = await verify(world({ newest: new Date('2026-03-01T00:17:23Z') }), { logging: false });
    expect(report.digests.valid).toBe(0);
    expect(report.problems).toEqual([]);
  });

  it('a window in the past says nothing about digests after it, whatever the trail does now', async () => {
    const window = { start: new Date('2026-03-09T00:00:00Z'), end: new Date('2026-03-09T06:00:00Z') };
    const report = await verify(world({ hours: 48 }), { window });
    expect(report.problems).toEqual([]);
    // 00:17:23 to 06:17:23: the last one's period spills over the end of the window.
    expect(report.digests.valid).toBe(7);
  });

  it('without --verify-log-files, log files are counted but not read', async () => {
    const report = await verify(world({ tampering: [{ action: 'delete-log', hoursAgo: 3 }] }), {
      verifyLogFiles: false,
    });
    expect(report.problems).toEqual([]);
    expect(report.logFiles).toEqual({ listed: 48, verified: 0 });
  });

  it('unlisted log files are not judged when another trail, not verified, delivers to the same folder', async () => {
    const report = await verify(world({ tampering: [{ action: 'inject-log', hoursAgo: 10 }] }), {
      unverifiedTrailsSharingLogs: ['arn:aws:cloudtrail:us-east-1:111122223333:trail/other'],
    });
    expect(report.problems).toEqual([]);
    expect(report.unlistedNotChecked).toContain('trail/other');
  });

  it('a digest of another account, or moved to another key, is not accepted even though its signature verifies', async () => {
    const elsewhere = world();
    const [key, object] = [...elsewhere.objects].find(([k]) => k.includes('20260310T061723Z.json.gz'))!;
    elsewhere.objects.set(key.replace('T061723Z', 'T061724Z'), object);
    const moved = await verify(elsewhere);
    expect(kinds(moved)).toContain('DIGEST_MOVED');

    const otherAccount = { ...LOCATION, accountId: '999988887777' };
    const foreign = world({ location: otherAccount });
    const chain = await collect(foreign, false, WINDOW, otherAccount);
    const relabelled: RegionChain = { ...chain, location: otherAccount };
    for (const digest of relabelled.digests) {
      if (digest.read.state === 'read') digest.read.content.awsAccountId = '111122223333';
    }
    // Editing the account changes the bytes the signature covers, so it cannot verify either way.
    expect(kinds(verifyChain(relabelled, context({ verifyLogFiles: false })))).toContain('DIGEST_ACCOUNT_MISMATCH');
  });

  it('a public key given as SubjectPublicKeyInfo (as in AWS samples) verifies like PKCS#1', async () => {
    const chain = await collect(world(), false);
    const spki = KEYS.genuine.privateKey.export({ format: 'pem', type: 'pkcs8' });
    const { createPublicKey } = await import('node:crypto');
    const der = createPublicKey(spki).export({ format: 'der', type: 'spki' }).toString('base64');
    chain.publicKeys = { ok: true, value: [{ fingerprint: KEYS.genuine.fingerprint, value: der }] };
    expect(verifyChain(chain, context({ verifyLogFiles: false })).problems).toEqual([]);
  });

  it('a bucket or key list that cannot be read makes the chain unreadable, not intact', async () => {
    const denied = world();
    denied.failing = { list: 'AccessDenied' };
    expect((await verify(denied)).unreadable).toMatchObject([{ code: 'AccessDenied' }]);
    const noKeys = world();
    noKeys.failing = { publicKeys: 'AccessDeniedException' };
    expect((await verify(noKeys)).unreadable).toMatchObject([{ operation: 'cloudtrail:ListPublicKeys' }]);
  });
});
