// @ts-check
// Each check against small inventories, one case per reason: what a check's own tests look like.
import { describe, expect, it } from 'vitest';
import { centralLogBucket, trailOwnerTag } from '../index.js';

/** @typedef {import('trailscan/check').Check} Check */
/** @typedef {import('trailscan/check').Inventory} Inventory */
/** @typedef {import('trailscan/check').Trail} Trail */

const ACCOUNT = '111122223333';
const CENTRAL = 'acme-log-archive';

/** @param {Partial<Trail>} overrides @returns {Trail} */
function trail(overrides = {}) {
  const name = overrides.name ?? 'main';
  const owner = overrides.ownerAccountId ?? ACCOUNT;
  return {
    arn: `arn:aws:cloudtrail:us-east-1:${owner}:trail/${name}`,
    name,
    homeRegion: 'us-east-1',
    ownerAccountId: owner,
    isMultiRegion: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    hasCustomEventSelectors: false,
    hasInsightSelectors: false,
    s3BucketName: CENTRAL,
    tags: { ok: true, value: { owner: 'platform' } },
    ...overrides,
  };
}

/** An account with these trails, as a scan that collected trails and their tags sees it. @param {Trail[]} trails @returns {Inventory} */
function inventory(trails) {
  return {
    schemaVersion: 1,
    collectedAt: '2026-01-01T00:00:00.000Z',
    account: { id: ACCOUNT, partition: 'aws', identityArn: `arn:aws:iam::${ACCOUNT}:role/audit` },
    regions: { scanned: ['us-east-1'], skipped: [] },
    slices: ['trails', 'trailTags'],
    trailLists: { 'us-east-1': { ok: true, value: trails.map((t) => t.arn) } },
    trails: Object.fromEntries(trails.map((t) => [t.arn, t])),
    buckets: {},
    recoveredErrors: [],
  };
}

/**
 * A check's findings for one trail, with parameters as the config gives them.
 * @param {Check} check @param {Trail} t @param {Record<string, unknown>} params
 */
function judge(check, t, params) {
  return check.evaluate(inventory([t]), check.parameters.parse(params)).map((f) => `${f.status} ${f.reasonCode}`);
}

const OTHER_ACCOUNT = '999988887777';
const foreign = trail({ ownerAccountId: OTHER_ACCOUNT, isOrganizationTrail: true, tags: undefined });

describe('acme.central-log-bucket', () => {
  const params = { centralBucket: CENTRAL };
  it.each([
    ['delivers to the central bucket', trail(), 'PASSED CENTRAL_BUCKET'],
    ['delivers to a bucket of its own', trail({ s3BucketName: 'local-logs' }), 'FAILED OTHER_BUCKET'],
    ["is the organization's trail, managed elsewhere", foreign, 'WARNING TRAIL_MANAGED_BY_ANOTHER_ACCOUNT'],
  ])('a trail that %s → %s', (_, t, verdict) => {
    expect(judge(centralLogBucket, t, params)).toEqual([verdict]);
  });

  it('tells how to fix a failure, with the trail and the bucket filled in', () => {
    const findings = centralLogBucket.evaluate(inventory([trail({ s3BucketName: 'local-logs' })]), params);
    expect(findings.map((finding) => centralLogBucket.remediation(finding).commands)).toEqual([
      [
        `aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main --s3-bucket-name ${CENTRAL} --region us-east-1`,
      ],
    ]);
  });

  it('needs the central bucket as a parameter', () => {
    expect(centralLogBucket.parameters.safeParse({}).success).toBe(false);
  });
});

describe('acme.trail-owner-tag', () => {
  const params = { owners: ['platform', 'security'] };
  /** @type {Trail['tags']} */
  const denied = {
    ok: false,
    error: { operation: 'cloudtrail:ListTags', region: 'us-east-1', code: 'AccessDeniedException', message: 'denied' },
  };
  it.each([
    ['is owned by an approved team', trail(), 'PASSED OWNER_APPROVED'],
    ['has no owner tag', trail({ tags: { ok: true, value: { team: 'platform' } } }), 'FAILED OWNER_TAG_MISSING'],
    [
      'is owned by an unknown team',
      trail({ tags: { ok: true, value: { owner: 'interns' } } }),
      'FAILED OWNER_NOT_APPROVED',
    ],
    ['has tags that could not be read', trail({ tags: denied }), 'NOT_AVAILABLE API_ERROR'],
    ["is the organization's trail, managed elsewhere", foreign, 'WARNING TRAIL_MANAGED_BY_ANOTHER_ACCOUNT'],
  ])('a trail that %s → %s', (_, t, verdict) => {
    expect(judge(trailOwnerTag, t, params)).toEqual([verdict]);
  });

  it('reads the owner from another tag key when told to', () => {
    const t = trail({ tags: { ok: true, value: { 'cost-center': 'security' } } });
    expect(judge(trailOwnerTag, t, { ...params, tagKey: 'cost-center' })).toEqual(['PASSED OWNER_APPROVED']);
  });

  it('needs at least one approved owner', () => {
    expect(trailOwnerTag.parameters.safeParse({ owners: [] }).success).toBe(false);
  });
});
