/** trailscan.digest-chain over inventories holding generated chains: every status and the traps. */
import { describe, expect, it } from 'vitest';
import { trailscanDigestChain } from '../../checks/trailscan-digest-chain.js';
import type { Inventory, Trail } from '../../src/model/inventory.js';
import type { RegionChain } from '../../src/model/integrity.js';
import { collect, LOCATION, NOW, WINDOW, world } from '../integrity/memory-source.js';

const ARN = `arn:aws:cloudtrail:us-east-1:${LOCATION.accountId}:trail/${LOCATION.trailName}`;

function inventory(
  chain: RegionChain | undefined,
  trail: Partial<Trail> = {},
  bucketOwner: 'account' | 'other' = 'account',
): Inventory {
  return {
    schemaVersion: 1,
    collectedAt: NOW.toISOString(),
    account: {
      id: LOCATION.accountId,
      partition: 'aws',
      identityArn: `arn:aws:iam::${LOCATION.accountId}:user/auditor`,
    },
    regions: { scanned: ['us-east-1', 'eu-west-1'], skipped: [] },
    slices: ['trails', 'trailStatus', 'digests'],
    trailLists: { 'us-east-1': { ok: true, value: [ARN] }, 'eu-west-1': { ok: true, value: [ARN] } },
    trails: {
      [ARN]: {
        arn: ARN,
        name: LOCATION.trailName,
        homeRegion: 'us-east-1',
        ownerAccountId: LOCATION.accountId,
        isMultiRegion: true,
        isOrganizationTrail: false,
        includeGlobalServiceEvents: true,
        logFileValidationEnabled: true,
        hasCustomEventSelectors: false,
        hasInsightSelectors: false,
        s3BucketName: LOCATION.bucket,
        s3KeyPrefix: LOCATION.prefix,
        status: { ok: true, value: { isLogging: true } },
        ...trail,
      },
    },
    buckets: {},
    integrity: {
      window: { start: WINDOW.start.toISOString(), end: WINDOW.end.toISOString() },
      verifyLogFiles: true,
      trails: { [ARN]: { bucketOwner, regions: chain === undefined ? {} : { 'eu-west-1': chain } } },
    },
    recoveredErrors: [],
  };
}

const judge = (inv: Inventory) => trailscanDigestChain.evaluate(inv, {});

describe('trailscan.digest-chain', () => {
  it('PASSED for an intact chain, per trail and Region, with what was verified as evidence', async () => {
    const [finding] = judge(inventory(await collect(world())));
    expect(finding).toMatchObject({
      status: 'PASSED',
      reasonCode: 'DIGEST_CHAIN_INTACT',
      resource: { id: ARN, region: 'eu-west-1', type: 'AwsCloudTrailTrail' },
      evidence: { digestsVerified: 24, logFilesVerified: 48 },
    });
  });

  it('PASSED with the gap named when logging was stopped: a gap is not tampering', async () => {
    const [finding] = judge(inventory(await collect(world({ stopped: [{ fromHoursAgo: 12, toHoursAgo: 8.5 }] }))));
    expect(finding).toMatchObject({ status: 'PASSED', reasonCode: 'DIGEST_CHAIN_INTACT_WITH_GAPS' });
    expect(finding?.reason).toContain('2026-03-09T23:17:23Z to 2026-03-10T03:30:00Z');
  });

  it('FAILED naming each problem; several kinds are INTEGRITY_VIOLATIONS', async () => {
    const one = judge(inventory(await collect(world({ tampering: [{ action: 'delete-digest', hoursAgo: 6 }] }))))[0];
    expect(one).toMatchObject({ status: 'FAILED', reasonCode: 'DIGEST_MISSING' });
    expect(one?.reason).toMatch(/^1 integrity problem in eu-west-1: digest missing: s3:\/\//);
    const tampering = [
      { action: 'delete-digest' as const, hoursAgo: 6 },
      { action: 'edit-log' as const, hoursAgo: 2 },
    ];
    const many = judge(inventory(await collect(world({ tampering }))))[0];
    expect(many).toMatchObject({ status: 'FAILED', reasonCode: 'INTEGRITY_VIOLATIONS' });
    expect(trailscanDigestChain.remediation(many!).commands[0]).toContain(
      `aws cloudtrail validate-logs --trail-arn ${ARN} --start-time 2026-03-09T12:00:00.000Z`,
    );
  });

  it('NOT_AVAILABLE when the bucket cannot be listed, carrying the failed call', async () => {
    const denied = world();
    denied.failing = { list: 'AccessDenied' };
    const [finding] = judge(inventory(await collect(denied)));
    expect(finding).toMatchObject({
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
      errors: [{ code: 'AccessDenied' }],
    });
  });

  it('WARNING when the bucket belongs to another account that does not let this one read it', async () => {
    const denied = world();
    denied.failing = { list: 'AccessDenied' };
    const [finding] = judge(inventory(await collect(denied), {}, 'other'));
    expect(finding).toMatchObject({ status: 'WARNING', reasonCode: 'S3_BUCKET_CROSS_ACCOUNT' });
  });

  it('FAILED when digests stopped while the trail logs; WARNING for an empty window of a stopped trail', async () => {
    const old = await collect(world({ newest: new Date('2026-03-01T00:17:23Z') }));
    expect(judge(inventory(old))[0]).toMatchObject({ status: 'FAILED', reasonCode: 'DIGESTS_STOPPED' });
    const stopped = inventory(old, { status: { ok: true, value: { isLogging: false } } });
    expect(judge(stopped)[0]).toMatchObject({ status: 'WARNING', reasonCode: 'NO_DIGESTS_IN_WINDOW' });
  });

  it('WARNING for a trail named but not verifiable: validation off, or managed by another account', () => {
    expect(judge(inventory(undefined, { logFileValidationEnabled: false }))[0]).toMatchObject({
      status: 'WARNING',
      reasonCode: 'LOG_FILE_VALIDATION_DISABLED',
    });
    expect(judge(inventory(undefined, { ownerAccountId: '999999999999' }))[0]).toMatchObject({
      status: 'WARNING',
      reasonCode: 'TRAIL_MANAGED_BY_ANOTHER_ACCOUNT',
    });
  });

  it('NOT_AVAILABLE for a Region whose trails could not be listed', async () => {
    const inv = inventory(await collect(world()));
    inv.trailLists['us-east-1'] = {
      ok: false,
      error: {
        operation: 'cloudtrail:DescribeTrails',
        region: 'us-east-1',
        code: 'AccessDeniedException',
        message: 'no',
      },
    };
    expect(judge(inv).map((f) => f.status)).toEqual(['PASSED', 'NOT_AVAILABLE']);
  });
});
