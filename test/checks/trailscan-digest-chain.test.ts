/**
 * trailscan.digest-chain over inventories holding generated chains: every reason it gives, and the traps —
 * a logging gap is not tampering, silence up to now is missing digests only while the trail logs, a
 * bucket of another account is not the scanned account's finding.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory, Trail } from '../../src/model/inventory.js';
import type { RegionChain } from '../../src/model/integrity.js';
import {
  checkById,
  err,
  inventory as fixtureInventory,
  ok,
  run,
  trail as fixtureTrail,
} from '../fixtures/inventory.js';
import { collect, LOCATION, NOW, WINDOW, world, type World } from '../integrity/memory-source.js';

const ID = 'trailscan.digest-chain';
const REGION = LOCATION.sourceRegion;

const trail = (overrides: Partial<Trail> = {}) =>
  fixtureTrail({
    name: LOCATION.trailName,
    homeRegion: LOCATION.homeRegion,
    s3BucketName: LOCATION.bucket,
    s3KeyPrefix: LOCATION.prefix,
    ...overrides,
  });
const ARN = trail().arn;

function inventory(
  chain: RegionChain | undefined,
  overrides: Partial<Trail> = {},
  bucketOwner: 'account' | 'other' = 'account',
): Inventory {
  const subject = trail(overrides);
  return {
    ...fixtureInventory({ regions: [LOCATION.homeRegion, REGION], trails: [subject] }),
    collectedAt: NOW.toISOString(),
    integrity: {
      window: { start: WINDOW.start.toISOString(), end: WINDOW.end.toISOString() },
      verifyLogFiles: true,
      trails: { [subject.arn]: { bucketOwner, regions: chain === undefined ? {} : { [REGION]: chain } } },
    },
  };
}

const judge = (inv: Inventory) => run(ID, inv);
const judgeWorld = async (w: World, overrides: Partial<Trail> = {}) => judge(inventory(await collect(w), overrides));

/** The digest read of the newest digest ending at `time` (HHMMSS), to edit what collection read. */
function readOf(chain: RegionChain, time: string) {
  const digest = chain.digests.findLast((d) => d.key.endsWith(`T${time}Z.json.gz`));
  if (digest?.read.state !== 'read') throw new Error(`no digest read ending ${time}`);
  return digest.read;
}

describe(ID, () => {
  it('PASSED for an intact chain, per trail and Region, with what was verified as evidence', async () => {
    const [finding] = await judgeWorld(world());
    expect(finding).toMatchObject({
      status: 'PASSED',
      reasonCode: 'DIGEST_CHAIN_INTACT',
      reason: `Trail ${LOCATION.trailName} in ${REGION}: 24 digests and 48 log files verified, chained without a break`,
      resource: { id: ARN, region: REGION, type: 'AwsCloudTrailTrail' },
      evidence: { digestsVerified: 24, logFilesVerified: 48 },
    });
  });

  it('PASSED with the gap named when logging was stopped: a gap is not tampering', async () => {
    const [finding] = await judgeWorld(world({ stopped: [{ fromHoursAgo: 12, toHoursAgo: 8.5 }] }));
    expect(finding).toMatchObject({ status: 'PASSED', reasonCode: 'DIGEST_CHAIN_INTACT_WITH_GAPS' });
    expect(finding?.reason).toContain('no digests from 2026-03-09T23:17:23Z to 2026-03-10T03:30:00Z');
  });

  it('PASSED with a backfill chain beside the regular one, counted apart', async () => {
    const [finding] = await judgeWorld(world({ backfill: [2, 6] }));
    expect(finding).toMatchObject({
      status: 'PASSED',
      reasonCode: 'DIGEST_CHAIN_INTACT',
      evidence: { digestsVerified: 24, backfillDigestsVerified: 2, logFilesVerified: 50 },
    });
  });

  describe('FAILED, the reason code naming the kind of damage and the reason each object', () => {
    it.each([
      ['DIGEST_MISSING', { action: 'delete-digest' as const, hoursAgo: 6 }],
      ['DIGEST_SIGNATURE_INVALID', { action: 'edit-digest' as const, hoursAgo: 4 }],
      ['DIGEST_UNSIGNED', { action: 'unsign-digest' as const, hoursAgo: 2 }],
      ['DIGEST_PUBLIC_KEY_UNKNOWN', { action: 'foreign-key-digest' as const, hoursAgo: 8 }],
      ['DIGEST_CHAIN_BROKEN', { action: 'resign-digest' as const, hoursAgo: 7 }],
      ['LOG_FILE_MISSING', { action: 'delete-log' as const, hoursAgo: 3 }],
      ['LOG_FILE_MODIFIED', { action: 'edit-log' as const, hoursAgo: 5 }],
      ['LOG_FILE_NOT_IN_DIGEST', { action: 'inject-log' as const, hoursAgo: 10 }],
    ])('%s', async (reasonCode, tampering) => {
      const [finding] = await judgeWorld(world({ tampering: [tampering] }));
      expect(finding).toMatchObject({ status: 'FAILED', reasonCode, resource: { region: REGION } });
      expect(finding?.reason).toMatch(new RegExp(`^Trail ${LOCATION.trailName} in ${REGION}: .*: s3://`));
      expect(finding?.evidence['problems']).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: reasonCode })]),
      );
    });

    it('DIGEST_MALFORMED: a digest that is not one', async () => {
      const chain = await collect(world());
      const digest = chain.digests[5]!;
      digest.read = { state: 'malformed', problem: 'not gzip' };
      expect(judge(inventory(chain))[0]).toMatchObject({ status: 'FAILED', reasonCode: 'DIGEST_MALFORMED' });
    });

    it('DIGEST_MOVED: a genuine digest copied to another key', async () => {
      const chain = await collect(world());
      const copy = chain.digests.find((d) => d.key.endsWith('T061723Z.json.gz'))!;
      chain.digests.push({ ...copy, key: copy.key.replace('T061723Z', 'T061724Z') });
      chain.listing = ok([
        ...(chain.listing.ok ? chain.listing.value : []),
        { key: copy.key.replace('T061723Z', 'T061724Z') },
      ]);
      expect(judge(inventory(chain))[0]).toMatchObject({ status: 'FAILED', reasonCode: 'DIGEST_MOVED' });
    });

    it('DIGEST_ACCOUNT_MISMATCH, DIGEST_ALGORITHM_UNEXPECTED: fields the AWS CLI does not check', async () => {
      const otherAccount = await collect(world());
      readOf(otherAccount, '091723').content.awsAccountId = '999988887777';
      expect(judge(inventory(otherAccount))[0]).toMatchObject({ reasonCode: 'DIGEST_ACCOUNT_MISMATCH' });

      const weakAlgorithm = await collect(world());
      readOf(weakAlgorithm, '091723').metadata['signature-algorithm'] = 'SHA1withRSA';
      expect(judge(inventory(weakAlgorithm))[0]).toMatchObject({ reasonCode: 'DIGEST_ALGORITHM_UNEXPECTED' });
    });

    it('DIGEST_PUBLIC_KEY_UNUSABLE: the listed key is not an RSA key', async () => {
      const chain = await collect(world());
      if (chain.publicKeys.ok) chain.publicKeys.value[0]!.value = Buffer.from('not a key').toString('base64');
      expect(judge(inventory(chain))[0]).toMatchObject({ status: 'FAILED', reasonCode: 'DIGEST_PUBLIC_KEY_UNUSABLE' });
    });

    it('DIGEST_OUT_OF_CHAIN: digests the chain from the newest never reaches', async () => {
      const chain = await collect(world());
      // Signed fields unchanged: the newest now points before the window, past the digests in it.
      readOf(chain, '111723').content.previousDigestS3Object = chain.digests
        .find((d) => d.key.endsWith('T061723Z.json.gz'))!
        .key.replace('/10/', '/01/')
        .replace('20260310T', '20260301T');
      const [finding] = judge(inventory(chain));
      expect(finding).toMatchObject({ status: 'FAILED', reasonCode: 'DIGEST_OUT_OF_CHAIN' });
      expect(finding?.evidence['problems']).toHaveLength(23);
    });

    it('LOG_FILE_MALFORMED: a log file that is not gzip', async () => {
      const chain = await collect(world());
      chain.logFiles![7]!.read = { state: 'malformed', problem: 'not gzip (incorrect header check)' };
      expect(judge(inventory(chain))[0]).toMatchObject({ status: 'FAILED', reasonCode: 'LOG_FILE_MALFORMED' });
    });

    it('DIGESTS_STOPPED: no digest lately while the trail logs; an empty window of a stopped trail is a WARNING', async () => {
      const old = await collect(world({ newest: new Date('2026-03-01T00:17:23Z') }));
      expect(judge(inventory(old))[0]).toMatchObject({ status: 'FAILED', reasonCode: 'DIGESTS_STOPPED' });
      const stopped = inventory(old, { status: ok({ isLogging: false }) });
      expect(judge(stopped)[0]).toMatchObject({ status: 'WARNING', reasonCode: 'NO_DIGESTS_IN_WINDOW' });
    });

    it('INTEGRITY_VIOLATIONS for several kinds, the first three named and the rest counted', async () => {
      const tampering = [
        { action: 'delete-digest' as const, hoursAgo: 6 },
        { action: 'edit-log' as const, hoursAgo: 2 },
        { action: 'delete-log' as const, hoursAgo: 3 },
        { action: 'delete-log' as const, hoursAgo: 4 },
      ];
      const [finding] = await judgeWorld(world({ tampering }));
      expect(finding).toMatchObject({ status: 'FAILED', reasonCode: 'INTEGRITY_VIOLATIONS' });
      expect(finding?.reason).toMatch(/; and 1 more$/);
    });

    it('BUCKET_MISSING: the trail’s bucket was deleted, digests and logs with it', async () => {
      const chain = await collect(world());
      const gone = err('s3:GetBucketLocation', 'us-east-1', 'NoSuchBucket', LOCATION.bucket);
      const deleted: RegionChain = { ...chain, listing: gone, publicKeys: gone, digests: [] };
      expect(judge(inventory(deleted))[0]).toMatchObject({
        status: 'FAILED',
        reasonCode: 'BUCKET_MISSING',
        reason: `Bucket ${LOCATION.bucket} of trail ${LOCATION.trailName} does not exist: its digests and log files in ${REGION} are gone`,
      });
    });
  });

  it('NOT_AVAILABLE when the bucket cannot be listed, carrying the failed call', async () => {
    const denied = world();
    denied.failing = { list: 'AccessDenied' };
    expect((await judgeWorld(denied))[0]).toMatchObject({
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
      errors: [{ code: 'AccessDenied' }],
    });
  });

  it('NOT_AVAILABLE, not PASSED, when digests stopped coming and the trail status could not be read', async () => {
    const old = await collect(world({ newest: new Date('2026-03-09T18:17:23Z') }));
    const unknown = err('cloudtrail:GetTrailStatus', LOCATION.homeRegion);
    expect(judge(inventory(old, { status: unknown }))[0]).toMatchObject({
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
      errors: [{ operation: 'cloudtrail:GetTrailStatus' }],
    });
    // Up to date, the chain needs no status to be intact.
    expect((await judgeWorld(world(), { status: unknown }))[0]).toMatchObject({ status: 'PASSED' });
  });

  it('WARNING when the bucket belongs to another account that does not let this one read it', async () => {
    const denied = world();
    denied.failing = { list: 'AccessDenied' };
    expect(judge(inventory(await collect(denied), {}, 'other'))[0]).toMatchObject({
      status: 'WARNING',
      reasonCode: 'S3_BUCKET_CROSS_ACCOUNT',
      remediation: { text: expect.stringContaining('the account that owns the log bucket') },
    });
  });

  it('WARNING for a trail named but not verifiable: validation off, or managed by another account', () => {
    expect(judge(inventory(undefined, { logFileValidationEnabled: false }))[0]).toMatchObject({
      status: 'WARNING',
      reasonCode: 'LOG_FILE_VALIDATION_DISABLED',
    });
    const foreign = inventory(undefined);
    const [record] = Object.values(foreign.trails);
    const owned = { ...record!, ownerAccountId: '999988887777' };
    foreign.trails = { [owned.arn]: owned };
    expect(judge(foreign)[0]).toMatchObject({ status: 'WARNING', reasonCode: 'TRAIL_MANAGED_BY_ANOTHER_ACCOUNT' });
  });

  it('only the trails verify-logs read: a trail without a record gets no result', async () => {
    const inv = inventory(await collect(world()));
    const other = fixtureTrail({ name: 'not-verified' });
    inv.trails[other.arn] = other;
    expect(judge(inv).map((f) => f.resource.id)).toEqual([ARN]);
  });

  it('NOT_AVAILABLE for a Region whose trails could not be listed', async () => {
    const inv = inventory(await collect(world()));
    inv.trailLists[LOCATION.homeRegion] = err('cloudtrail:DescribeTrails', LOCATION.homeRegion);
    expect(judge(inv).map((f) => [f.status, f.reasonCode])).toEqual([
      ['PASSED', 'DIGEST_CHAIN_INTACT'],
      ['NOT_AVAILABLE', 'TRAILS_NOT_LISTED'],
    ]);
  });

  it('names the remediation command with the window', async () => {
    const [finding] = await judgeWorld(world({ tampering: [{ action: 'delete-digest', hoursAgo: 6 }] }));
    expect(checkById(ID).remediation(finding!).commands[0]).toBe(
      `aws cloudtrail validate-logs --trail-arn ${ARN} --start-time ${WINDOW.start.toISOString()} --end-time ${WINDOW.end.toISOString()} --region ${REGION} --verbose`,
    );
  });
});
