import { describe, expect, it } from 'vitest';
import type { Bucket, Envelope, PublicAccessBlock, Trail } from '../../src/model/inventory.js';
import {
  bucketFieldsLeftUnread,
  trailStatusLeftUnread,
  type BucketFieldsLeftUnread,
} from '../../src/model/left-unread.js';
import { ACCOUNT_ID, OTHER_ACCOUNT_ID, PAB_ALL_OFF, err, ok, trail } from '../fixtures/inventory.js';

type Answers = Pick<Bucket, 'objectOwnership' | 'versioning' | 'policyStatus'>;

const NOTHING_SPARED: BucketFieldsLeftUnread = {
  acl: false,
  policyStatus: false,
  policy: false,
  publicAccessBlock: false,
  objectLock: false,
};

const cases: { name: string; bucket: Answers; account?: Envelope<PublicAccessBlock | null>; spared: string[] }[] = [
  { name: 'nothing answered yet', bucket: {}, spared: [] },
  { name: 'ACLs disabled', bucket: { objectOwnership: ok('BucketOwnerEnforced') }, spared: ['acl'] },
  { name: 'ACLs on', bucket: { objectOwnership: ok('BucketOwnerPreferred') }, spared: [] },
  {
    name: 'Object Ownership refused',
    bucket: { objectOwnership: err('s3:GetBucketOwnershipControls', 'us-east-1') },
    spared: [],
  },
  { name: 'no policy', bucket: { policyStatus: ok(null) }, spared: ['policy'] },
  { name: 'S3 says the policy is not public', bucket: { policyStatus: ok({ isPublic: false }) }, spared: ['policy'] },
  { name: 'S3 says the policy is public', bucket: { policyStatus: ok({ isPublic: true }) }, spared: [] },
  { name: 'trap: a policy status without IsPublic clears nothing', bucket: { policyStatus: ok({}) }, spared: [] },
  { name: 'policy status refused', bucket: { policyStatus: err('s3:GetBucketPolicyStatus', 'us-east-1') }, spared: [] },
  {
    name: 'ACLs disabled and the policy not public: the bucket setting cannot matter',
    bucket: { objectOwnership: ok('BucketOwnerEnforced'), policyStatus: ok({ isPublic: false }) },
    spared: ['acl', 'policy', 'publicAccessBlock'],
  },
  {
    name: 'account ignores public ACLs and restricts public buckets',
    bucket: {},
    account: ok({ ...PAB_ALL_OFF, ignorePublicAcls: true, restrictPublicBuckets: true }),
    spared: ['acl', 'policyStatus', 'policy', 'publicAccessBlock'],
  },
  {
    name: 'account settings refused',
    bucket: {},
    account: err('s3control:GetPublicAccessBlock', 'us-east-1'),
    spared: [],
  },
  {
    name: 'versioning never enabled',
    bucket: { versioning: ok({ status: null, mfaDelete: false }) },
    spared: ['objectLock'],
  },
  {
    name: 'versioning suspended',
    bucket: { versioning: ok({ status: 'Suspended', mfaDelete: false }) },
    spared: ['objectLock'],
  },
  { name: 'versioning on', bucket: { versioning: ok({ status: 'Enabled', mfaDelete: false }) }, spared: [] },
  { name: 'versioning refused', bucket: { versioning: err('s3:GetBucketVersioning', 'us-east-1') }, spared: [] },
];

describe('bucketFieldsLeftUnread', () => {
  it.each(cases)('$name', ({ bucket, account, spared }) => {
    const expected = { ...NOTHING_SPARED, ...Object.fromEntries(spared.map((field) => [field, true])) };
    expect(bucketFieldsLeftUnread(bucket, account)).toEqual(expected);
  });
});

describe('trailStatusLeftUnread', () => {
  const regional = trail({ name: 'eu', homeRegion: 'eu-west-1', isMultiRegion: false });
  const multiRegion = (overrides: Partial<Trail>) => trail({ name: 'main', ...overrides });
  const trailCases: { name: string; subject?: Trail; listedWith: Trail[]; spared: boolean }[] = [
    { name: 'an own multi-Region trail logs there', listedWith: [multiRegion({})], spared: true },
    { name: 'it is stopped', listedWith: [multiRegion({ status: ok({ isLogging: false }) })], spared: false },
    {
      name: 'its status was refused',
      listedWith: [multiRegion({ status: err('cloudtrail:GetTrailStatus', 'us-east-1') })],
      spared: false,
    },
    { name: 'its status is not read yet', listedWith: [multiRegion({ status: undefined })], spared: false },
    {
      name: 'trap: another account’s organization trail logs there (its owner may say otherwise)',
      listedWith: [multiRegion({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true })],
      spared: false,
    },
    {
      name: 'only other single-Region trails',
      listedWith: [trail({ name: 'other', isMultiRegion: false })],
      spared: false,
    },
    {
      name: 'a multi-Region trail itself',
      subject: multiRegion({}),
      listedWith: [trail({ name: 'second' })],
      spared: false,
    },
    {
      name: 'trap: a single-Region organization trail (its members take their verdicts from its owner’s reading)',
      subject: trail({ name: 'org-eu', homeRegion: 'eu-west-1', isMultiRegion: false, isOrganizationTrail: true }),
      listedWith: [multiRegion({})],
      spared: false,
    },
  ];
  it.each(trailCases)('$name', ({ subject = regional, listedWith, spared }) => {
    expect(trailStatusLeftUnread(subject, [subject, ...listedWith], ACCOUNT_ID)).toBe(spared);
  });
});
