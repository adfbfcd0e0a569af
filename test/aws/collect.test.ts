/**
 * Collection logic against mocked SDK clients: which calls are made, where, how often, and how a failed
 * call lands in the inventory. The same paths through real HTTP are covered by the sandbox tests.
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  type Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsCaller } from '../../src/aws/caller.js';
import { AwsClients } from '../../src/aws/clients.js';
import { collectInventory } from '../../src/aws/collect.js';
import type { RegionSelection } from '../../src/aws/discover.js';
import { plannedCalls } from '../../src/aws/plan.js';
import type { Slice } from '../../src/model/inventory.js';
import { ACCOUNT_ID } from '../fixtures/inventory.js';

const mocks = {
  sts: mockClient(STSClient),
  ec2: mockClient(EC2Client),
  cloudtrail: mockClient(CloudTrailClient),
  s3: mockClient(S3Client),
  s3control: mockClient(S3ControlClient),
  events: mockClient(EventBridgeClient),
};

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const arn = (region: string, name: string, account = ACCOUNT_ID) =>
  `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const sdkTrail = (name: string, home: string, multi: boolean, bucket = 'trail-logs'): SdkTrail => ({
  Name: name,
  TrailARN: arn(home, name),
  HomeRegion: home,
  IsMultiRegionTrail: multi,
  IsOrganizationTrail: false,
  IncludeGlobalServiceEvents: true,
  S3BucketName: bucket,
  LogFileValidationEnabled: true,
  KmsKeyId: '',
});

const OWNER = { ID: 'owner-canonical-id' };
/** What S3 answers for a private bucket with ACLs enabled, no Block Public Access and no access logging. */
const BUCKET_ANSWERS = new Map<unknown, Record<string, unknown>>([
  [
    GetBucketAclCommand,
    { Owner: OWNER, Grants: [{ Grantee: { ...OWNER, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] },
  ],
  [
    GetPublicAccessBlockCommand,
    {
      // S3 always answers all four settings.
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
    },
  ],
  [GetBucketOwnershipControlsCommand, { OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }],
  [GetBucketLoggingCommand, {}],
]);

/** A throwable shaped like an SDK service error. */
const awsError = (name: string) => Object.assign(new Error(`${name} message`), { name, $metadata: {} });

async function regionOf(getClient: () => { config: { region: unknown } }): Promise<string> {
  const region = getClient().config.region;
  return typeof region === 'function' ? await (region as () => Promise<string>)() : String(region);
}

/** Records (operation, Region, input) of every mocked call. */
let calls: { op: string; region: string; input: Record<string, unknown> }[];

function world(trails: SdkTrail[]) {
  mocks.sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT_ID, Arn: `arn:aws:iam::${ACCOUNT_ID}:role/audit` });
  mocks.ec2.on(DescribeRegionsCommand).resolves({
    Regions: [
      ...REGIONS.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })),
      { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
    ],
  });
  mocks.cloudtrail.on(DescribeTrailsCommand).callsFake(async (input: Record<string, unknown>, getClient) => {
    const region = await regionOf(getClient);
    calls.push({ op: 'DescribeTrails', region, input });
    return { trailList: trails.filter((t) => t.HomeRegion === region || t.IsMultiRegionTrail) };
  });
  const perTrail =
    (op: string, answer: Record<string, unknown>) =>
    async (input: Record<string, unknown>, getClient: () => { config: { region: unknown } }) => {
      const region = await regionOf(getClient);
      calls.push({ op, region, input });
      const name = (input['Name'] ?? input['TrailName']) as string;
      const trail = trails.find((t) => t.TrailARN === name);
      if (trail?.HomeRegion !== region) throw awsError('TrailNotFoundException');
      return answer;
    };
  mocks.cloudtrail.on(GetTrailStatusCommand).callsFake(perTrail('GetTrailStatus', { IsLogging: true }));
  mocks.cloudtrail.on(GetEventSelectorsCommand).callsFake(
    perTrail('GetEventSelectors', {
      TrailARN: 'answered',
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
    }),
  );
  mocks.cloudtrail
    .on(GetInsightSelectorsCommand)
    .callsFake(perTrail('GetInsightSelectors', { TrailARN: 'answered', InsightSelectors: [] }));
  mocks.cloudtrail.on(ListTagsCommand).callsFake(async (input: { ResourceIdList: string[] }, getClient) => {
    calls.push({ op: 'ListTags', region: await regionOf(getClient), input });
    return { ResourceTagList: input.ResourceIdList.map((ResourceId) => ({ ResourceId, TagsList: [] })) };
  });
  mocks.s3
    .on(ListBucketsCommand)
    .resolves({ Owner: OWNER, Buckets: [{ Name: 'trail-logs', BucketRegion: 'eu-west-1' }] });
  for (const command of [
    GetBucketAclCommand,
    GetBucketPolicyCommand,
    GetBucketPolicyStatusCommand,
    GetPublicAccessBlockCommand,
    GetBucketOwnershipControlsCommand,
    GetBucketLoggingCommand,
    GetBucketLocationCommand,
  ]) {
    mocks.s3.on(command).callsFake(async (input: Record<string, unknown>, getClient) => {
      calls.push({ op: command.name.replace(/Command$/, ''), region: await regionOf(getClient), input });
      if (command === GetBucketPolicyCommand || command === GetBucketPolicyStatusCommand)
        throw awsError('NoSuchBucketPolicy');
      if (command === GetBucketLocationCommand)
        throw awsError(input['Bucket'] === 'gone' ? 'NoSuchBucket' : 'AccessDenied');
      return BUCKET_ANSWERS.get(command);
    });
  }
  mocks.s3control.on(GetAccountPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
}

/** The slices this file's mocks answer: trails and their buckets (the posture reads are tested against the sandbox). */
const TRAIL_AND_BUCKET_SLICES: readonly Slice[] = [
  'trails',
  'trailStatus',
  'eventSelectors',
  'insightSelectors',
  'trailTags',
  'bucketPublicAccess',
  'bucketPolicy',
  'bucketLogging',
];

async function collect(slices: readonly Slice[] = TRAIL_AND_BUCKET_SLICES, regions: RegionSelection = {}) {
  const clients = new AwsClients({
    credentials: { accessKeyId: 'TESTKEY', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestTimeoutMs: 1000,
    connectTimeoutMs: 1000,
    maxSockets: 8,
  });
  const caller = new AwsCaller(clients, { concurrency: 16 });
  try {
    const inventory = await collectInventory(caller, {
      homeRegion: 'us-east-1',
      regions,
      slices,
      emit: () => undefined,
    });
    return { inventory, counts: caller.counts };
  } finally {
    await clients.destroy();
  }
}

beforeEach(() => {
  calls = [];
  for (const mock of Object.values(mocks)) mock.reset();
});
afterEach(() => {
  for (const mock of Object.values(mocks)) mock.reset();
});

describe('collectInventory', () => {
  it('lists trails in every enabled Region and reads each trail once, by ARN, in its home Region', async () => {
    world([sdkTrail('org-wide', 'us-west-2', true), sdkTrail('local', 'eu-west-1', false)]);
    const { inventory } = await collect();
    expect(
      calls
        .filter((c) => c.op === 'DescribeTrails')
        .map((c) => c.region)
        .sort(),
    ).toEqual([...REGIONS].sort());
    const perTrail = calls.filter((c) => c.op === 'GetTrailStatus' || c.op === 'GetEventSelectors');
    expect(
      perTrail.map((c) => `${c.op} ${c.region} ${String(c.input['Name'] ?? c.input['TrailName'])}`).sort(),
    ).toEqual([
      `GetEventSelectors eu-west-1 ${arn('eu-west-1', 'local')}`,
      `GetEventSelectors us-west-2 ${arn('us-west-2', 'org-wide')}`,
      `GetTrailStatus eu-west-1 ${arn('eu-west-1', 'local')}`,
      `GetTrailStatus us-west-2 ${arn('us-west-2', 'org-wide')}`,
    ]);
    expect(Object.keys(inventory.trails)).toHaveLength(2);
    expect(inventory.trailLists['us-east-1']).toEqual({ ok: true, value: [arn('us-west-2', 'org-wide')] });
    expect(inventory.trails[arn('us-west-2', 'org-wide')]?.status).toEqual({ ok: true, value: { isLogging: true } });
    expect(inventory.regions.skipped).toEqual([{ region: 'af-south-1', reason: 'not enabled (opt-in Region)' }]);
  });

  it('reads Insights selectors of multi-Region trails only, as the Insights check judges no other', async () => {
    world([sdkTrail('org-wide', 'us-west-2', true), sdkTrail('local', 'eu-west-1', false)]);
    const { inventory } = await collect();
    expect(calls.filter((c) => c.op === 'GetInsightSelectors').map((c) => c.input['TrailName'])).toEqual([
      arn('us-west-2', 'org-wide'),
    ]);
    expect(inventory.trails[arn('eu-west-1', 'local')]).not.toHaveProperty('insightSelectors');
    expect(plannedCalls(inventory)['cloudtrail:GetInsightSelectors']).toEqual({ 'us-west-2': 1 });
  });

  it('reads the event selectors of multi-Region trails only when the checks judge no other', async () => {
    world([sdkTrail('org-wide', 'us-west-2', true), sdkTrail('local', 'eu-west-1', false)]);
    const { inventory } = await collect(['trails', 'multiRegionEventSelectors']);
    expect(
      calls.filter((c) => c.op === 'GetEventSelectors').map((c) => `${c.region} ${String(c.input['TrailName'])}`),
    ).toEqual([`us-west-2 ${arn('us-west-2', 'org-wide')}`]);
    expect(inventory.trails[arn('us-west-2', 'org-wide')]?.selectors?.ok).toBe(true);
    expect(inventory.trails[arn('eu-west-1', 'local')]).not.toHaveProperty('selectors');
    expect(plannedCalls(inventory)['cloudtrail:GetEventSelectors']).toEqual({ 'us-west-2': 1 });
  });

  it("reads every own trail's event selectors once when a check asks for all of them", async () => {
    world([sdkTrail('org-wide', 'us-west-2', true), sdkTrail('local', 'eu-west-1', false)]);
    const { inventory } = await collect(['trails', 'eventSelectors', 'multiRegionEventSelectors']);
    expect(
      calls
        .filter((c) => c.op === 'GetEventSelectors')
        .map((c) => c.region)
        .sort(),
    ).toEqual(['eu-west-1', 'us-west-2']);
    expect(inventory.trails[arn('eu-west-1', 'local')]?.selectors?.ok).toBe(true);
    expect(plannedCalls(inventory)['cloudtrail:GetEventSelectors']).toEqual({ 'eu-west-1': 1, 'us-west-2': 1 });
  });

  describe('a Region’s own trail is asked whether it logs only when no multi-Region trail listed there does', () => {
    const cases = [
      { name: 'the multi-Region trail logs', answer: { IsLogging: true }, regionalRead: false },
      { name: 'the multi-Region trail is stopped', answer: { IsLogging: false }, regionalRead: true },
      {
        name: 'the multi-Region trail’s status is refused',
        answer: awsError('AccessDeniedException'),
        regionalRead: true,
      },
    ];
    it.each(cases)('$name', async ({ answer, regionalRead }) => {
      world([sdkTrail('org-wide', 'us-west-2', true), sdkTrail('local', 'eu-west-1', false)]);
      mocks.cloudtrail.on(GetTrailStatusCommand).callsFake(async (input: Record<string, unknown>, getClient) => {
        calls.push({ op: 'GetTrailStatus', region: await regionOf(getClient), input });
        if (input['Name'] !== arn('us-west-2', 'org-wide')) return { IsLogging: true };
        if (answer instanceof Error) throw answer;
        return answer;
      });
      const { inventory } = await collect(['trails', 'loggingCoverage']);
      const asked = calls.filter((c) => c.op === 'GetTrailStatus').map((c) => c.region);
      expect(asked).toEqual(regionalRead ? ['us-west-2', 'eu-west-1'] : ['us-west-2']);
      expect(inventory.trails[arn('eu-west-1', 'local')]?.status !== undefined).toBe(regionalRead);
      expect(plannedCalls(inventory)['cloudtrail:GetTrailStatus']).toEqual(
        regionalRead ? { 'us-west-2': 1, 'eu-west-1': 1 } : { 'us-west-2': 1 },
      );
    });
  });

  it('treats an empty KmsKeyId as unset', async () => {
    world([sdkTrail('main', 'us-east-1', true)]);
    const { inventory } = await collect(['trails']);
    expect(inventory.trails[arn('us-east-1', 'main')]).not.toHaveProperty('kmsKeyId');
  });

  it('reads a bucket shared by several trails once, in its own Region, with the expected owner', async () => {
    world([sdkTrail('a', 'us-east-1', true), sdkTrail('b', 'eu-west-1', false), sdkTrail('c', 'us-west-2', false)]);
    const { inventory, counts } = await collect();
    const bucketCalls = calls.filter((c) => c.input['Bucket'] === 'trail-logs');
    expect(bucketCalls.map((c) => c.op).sort()).toEqual([
      'GetBucketAcl',
      'GetBucketLogging',
      'GetBucketOwnershipControls',
      'GetBucketPolicy',
      'GetBucketPolicyStatus',
      'GetPublicAccessBlock',
    ]);
    expect(new Set(bucketCalls.map((c) => c.region))).toEqual(new Set(['eu-west-1']));
    expect(new Set(bucketCalls.map((c) => c.input['ExpectedBucketOwner']))).toEqual(new Set([ACCOUNT_ID]));
    expect(inventory.buckets['trail-logs']).toMatchObject({
      presence: { ok: true, value: { state: 'owned', region: 'eu-west-1' } },
      policy: { ok: true, value: null },
      policyStatus: { ok: true, value: null },
    });
    expect(counts.byOperation['s3:ListBuckets']).toBe(1);
    expect(counts.byOperation['s3control:GetPublicAccessBlock']).toBe(1);
  });

  it('makes no call the selected checks do not need', async () => {
    world([sdkTrail('main', 'us-east-1', true)]);
    const { counts } = await collect(['trails']);
    expect(Object.keys(counts.byOperation).sort()).toEqual([
      'cloudtrail:DescribeTrails',
      'ec2:DescribeRegions',
      'sts:GetCallerIdentity',
    ]);
    expect(counts.total).toBe(2 + REGIONS.length);
  });

  it('tells foreign and deleted buckets apart without reading them', async () => {
    world([sdkTrail('a', 'us-east-1', true, 'central-archive'), sdkTrail('b', 'us-west-2', false, 'gone')]);
    const { inventory } = await collect();
    expect(inventory.buckets['central-archive']?.presence).toEqual({ ok: true, value: { state: 'foreign' } });
    expect(inventory.buckets['gone']?.presence).toEqual({
      ok: true,
      value: {
        state: 'missing',
        observed: expect.objectContaining({ operation: 's3:GetBucketLocation', code: 'NoSuchBucket' }),
      },
    });
    expect(calls.filter((c) => c.op !== 'GetBucketLocation' && c.input['Bucket'] !== undefined)).toEqual([]);
  });

  it('lists buckets paginated, which is what makes S3 include each bucket’s Region', async () => {
    world([sdkTrail('main', 'us-east-1', true)]);
    await collect();
    expect(mocks.s3.commandCalls(ListBucketsCommand).map((c) => c.args[0].input)).toEqual([{ MaxBuckets: 1000 }]);
  });

  it('follows ListBuckets continuation tokens', async () => {
    world([sdkTrail('main', 'us-east-1', true, 'second-page')]);
    mocks.s3
      .on(ListBucketsCommand)
      .resolvesOnce({
        Owner: OWNER,
        Buckets: [{ Name: 'trail-logs', BucketRegion: 'eu-west-1' }],
        ContinuationToken: 'next',
      })
      .resolves({ Owner: OWNER, Buckets: [{ Name: 'second-page', BucketRegion: 'us-west-2' }] });
    const { inventory } = await collect();
    expect(inventory.buckets['second-page']?.presence).toEqual({
      ok: true,
      value: { state: 'owned', region: 'us-west-2' },
    });
  });

  it('an answer missing a field a verdict needs is an error, not a default', async () => {
    world([sdkTrail('main', 'us-east-1', true)]);
    mocks.cloudtrail.on(GetTrailStatusCommand).resolves({});
    mocks.cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ IncludeManagementEvents: true }] });
    const { inventory } = await collect(['trails', 'trailStatus', 'eventSelectors']);
    const trail = inventory.trails[arn('us-east-1', 'main')];
    expect(trail?.status).toEqual({ ok: false, error: expect.objectContaining({ code: 'IncompleteAnswer' }) });
    expect(trail?.selectors).toEqual({ ok: false, error: expect.objectContaining({ code: 'IncompleteAnswer' }) });
  });

  it('a rule whose state the answer leaves out is an error, not an enabled rule', async () => {
    world([sdkTrail('main', 'us-east-1', true)]);
    mocks.events.on(ListRulesCommand).resolves({
      Rules: [{ Name: 'trail-changes', Arn: `arn:aws:events:us-east-1:${ACCOUNT_ID}:rule/trail-changes` }],
    });
    const { inventory } = await collect(['trails', 'eventRules']);
    expect(inventory.eventBuses?.['us-east-1']?.rules).toEqual({
      ok: false,
      error: expect.objectContaining({ operation: 'events:ListRules', code: 'IncompleteAnswer' }),
    });
  });

  it('takes a grantee with a URI but no type for the group it names', async () => {
    world([sdkTrail('main', 'us-east-1', true)]);
    mocks.s3.on(GetBucketAclCommand).resolves({
      Owner: OWNER,
      Grants: [{ Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' } as never, Permission: 'READ' }],
    });
    const { inventory } = await collect();
    expect(inventory.buckets['trail-logs']?.acl).toEqual({
      ok: true,
      value: {
        grants: [
          { granteeType: 'Group', granteeId: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' },
        ],
      },
    });
  });

  it.each([
    ['BucketOwnerEnforced', false],
    ['BucketOwnerPreferred', true],
    ['refused', true],
  ] as const)('reads the ACL only when Object Ownership does not disable ACLs (%s)', async (ownership, aclRead) => {
    world([sdkTrail('main', 'us-east-1', true)]);
    const answer = mocks.s3.on(GetBucketOwnershipControlsCommand);
    if (ownership === 'refused') answer.rejects(awsError('AccessDenied'));
    else answer.resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] } });
    const { inventory, counts } = await collect();
    expect(counts.byOperation['s3:GetBucketAcl'] ?? 0).toBe(aclRead ? 1 : 0);
    expect(inventory.buckets['trail-logs']?.acl === undefined).toBe(!aclRead);
    expect(plannedCalls(inventory)['s3:GetBucketAcl'] === undefined).toBe(!aclRead);
  });

  it.each([
    ['all four settings', [true, true], []],
    // The bucket has no policy: with ACLs ignored, its own Block Public Access has nothing left to block.
    ['IgnorePublicAcls', [true, false], ['GetBucketPolicyStatus']],
    ['RestrictPublicBuckets', [false, true], ['GetBucketAcl', 'GetPublicAccessBlock']],
  ] as const)(
    'does not read what account-wide Block Public Access makes irrelevant (%s)',
    async (_, [ignorePublicAcls, restrictPublicBuckets], read) => {
      world([sdkTrail('main', 'us-east-1', true)]);
      mocks.s3control.on(GetAccountPublicAccessBlockCommand).resolves({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: ignorePublicAcls,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: restrictPublicBuckets,
        },
      });
      const { inventory } = await collect();
      const publicAccessCalls = ['GetBucketAcl', 'GetBucketPolicyStatus', 'GetPublicAccessBlock'];
      expect(
        calls
          .filter((c) => c.input['Bucket'] === 'trail-logs' && publicAccessCalls.includes(c.op))
          .map((c) => c.op)
          .sort(),
      ).toEqual(read);
      const planned = plannedCalls(inventory);
      expect(publicAccessCalls.filter((op) => planned[`s3:${op}`] !== undefined)).toEqual(read);
    },
  );

  const PUBLIC_ACCESS_SLICES = TRAIL_AND_BUCKET_SLICES.filter((slice) => slice !== 'bucketPolicy');
  it.each([
    ['no policy', 'BucketOwnerEnforced', PUBLIC_ACCESS_SLICES, []],
    ['not public', 'BucketOwnerEnforced', PUBLIC_ACCESS_SLICES, []],
    ['public', 'BucketOwnerEnforced', PUBLIC_ACCESS_SLICES, ['GetBucketPolicy', 'GetPublicAccessBlock']],
    ['refused', 'BucketOwnerEnforced', PUBLIC_ACCESS_SLICES, ['GetBucketPolicy', 'GetPublicAccessBlock']],
    ['not public', 'ObjectWriter', PUBLIC_ACCESS_SLICES, ['GetPublicAccessBlock']],
    ['not public', 'BucketOwnerEnforced', TRAIL_AND_BUCKET_SLICES, ['GetBucketPolicy']],
  ] as const)(
    'reads the policy document and the bucket Block Public Access for public access only when they can matter (%s, %s, %#)',
    async (status, ownership, slices, read) => {
      world([sdkTrail('main', 'us-east-1', true)]);
      // Without a policy, the world's answer stands: NoSuchBucketPolicy.
      if (status === 'refused') mocks.s3.on(GetBucketPolicyStatusCommand).rejects(awsError('AccessDenied'));
      if (status === 'public' || status === 'not public')
        mocks.s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: status === 'public' } });
      mocks.s3
        .on(GetBucketOwnershipControlsCommand)
        .resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] } });
      const { inventory } = await collect(slices);
      const spared = ['GetBucketPolicy', 'GetPublicAccessBlock'];
      expect(
        calls
          .filter((c) => spared.includes(c.op))
          .map((c) => c.op)
          .sort(),
      ).toEqual(read);
      const planned = plannedCalls(inventory);
      expect(spared.filter((op) => planned[`s3:${op}`] !== undefined)).toEqual(read);
    },
  );

  it('reads every bucket setting when the account-wide Block Public Access cannot be read', async () => {
    world([sdkTrail('main', 'us-east-1', true)]);
    mocks.s3control.on(GetAccountPublicAccessBlockCommand).rejects(awsError('AccessDenied'));
    const { inventory } = await collect();
    expect(inventory.accountPublicAccessBlock).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    const read = calls.filter((c) => c.input['Bucket'] === 'trail-logs').map((c) => c.op);
    expect(read).toEqual(expect.arrayContaining(['GetBucketAcl', 'GetBucketPolicyStatus', 'GetPublicAccessBlock']));
  });

  describe("the home Region's listing leaves beside discovery's calls, unless the selection leaves it out", () => {
    /** For each DescribeTrails, its Region and whether discovery had answered when it was sent. */
    async function listingsAgainstDiscovery(regions: RegionSelection) {
      world([sdkTrail('main', 'us-east-1', true), sdkTrail('regional', 'eu-west-1', false)]);
      let discovered = false;
      mocks.sts.on(GetCallerIdentityCommand).callsFake(async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        discovered = true;
        return { Account: ACCOUNT_ID, Arn: `arn:aws:iam::${ACCOUNT_ID}:role/audit` };
      });
      const listings: { region: string; afterDiscovery: boolean }[] = [];
      mocks.cloudtrail.on(DescribeTrailsCommand).callsFake(async (_input, getClient) => {
        const region = await regionOf(getClient);
        listings.push({ region, afterDiscovery: discovered });
        return { trailList: region === 'eu-west-1' ? [sdkTrail('regional', 'eu-west-1', false)] : [] };
      });
      const { inventory } = await collect(TRAIL_AND_BUCKET_SLICES, regions);
      // Sent early or not, each scanned Region is listed once, as the plan says.
      const planned = plannedCalls(inventory)['cloudtrail:DescribeTrails'];
      expect(Object.fromEntries(listings.map(({ region }) => [region, 1]))).toEqual(planned);
      expect(listings).toHaveLength(Object.keys(planned ?? {}).length);
      return listings.sort((a, b) => a.region.localeCompare(b.region));
    }

    it('sends the home Region’s listing before discovery answers, and the others after', async () => {
      expect(await listingsAgainstDiscovery({})).toEqual([
        { region: 'eu-west-1', afterDiscovery: true },
        { region: 'us-east-1', afterDiscovery: false },
        { region: 'us-west-2', afterDiscovery: true },
      ]);
    });

    it.each([{ exclude: ['us-east-1'] }, { include: ['eu-west-1'] }])(
      'never lists the home Region when the selection leaves it out (%o)',
      async (regions) => {
        const listings = await listingsAgainstDiscovery(regions);
        expect(listings.map((l) => l.region)).not.toContain('us-east-1');
        expect(listings.every((l) => l.afterDiscovery)).toBe(true);
      },
    );
  });

  it('starts bucket reads without waiting for trail status', async () => {
    world([sdkTrail('main', 'us-east-1', true)]);
    let statusAnswered = false;
    mocks.cloudtrail.on(GetTrailStatusCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      statusAnswered = true;
      return { IsLogging: true };
    });
    let aclBeforeStatus: boolean | undefined;
    mocks.s3.on(GetBucketAclCommand).callsFake(() => {
      aclBeforeStatus = !statusAnswered;
      return BUCKET_ANSWERS.get(GetBucketAclCommand);
    });
    await collect();
    expect(aclBeforeStatus).toBe(true);
  });

  describe('a failed call becomes an error envelope for exactly what depended on it', () => {
    it.each([
      ['DescribeTrails', DescribeTrailsCommand],
      ['GetTrailStatus', GetTrailStatusCommand],
      ['GetEventSelectors', GetEventSelectorsCommand],
    ] as const)('cloudtrail:%s', async (operation, command) => {
      world([sdkTrail('main', 'us-east-1', true)]);
      mocks.cloudtrail.on(command as typeof DescribeTrailsCommand).rejects(awsError('AccessDeniedException'));
      const { inventory } = await collect();
      const error = {
        ok: false,
        error: expect.objectContaining({ operation: `cloudtrail:${operation}`, code: 'AccessDeniedException' }),
      };
      if (operation === 'DescribeTrails') {
        expect(Object.values(inventory.trailLists)).toEqual(REGIONS.map(() => error));
      } else {
        const trail = inventory.trails[arn('us-east-1', 'main')];
        expect(operation === 'GetTrailStatus' ? trail?.status : trail?.selectors).toEqual(error);
        expect(operation === 'GetTrailStatus' ? trail?.selectors?.ok : trail?.status?.ok).toBe(true);
      }
    });

    it.each([
      ['GetBucketAcl', GetBucketAclCommand, 'acl'],
      ['GetBucketPolicy', GetBucketPolicyCommand, 'policy'],
      ['GetBucketPolicyStatus', GetBucketPolicyStatusCommand, 'policyStatus'],
      ['GetPublicAccessBlock', GetPublicAccessBlockCommand, 'publicAccessBlock'],
      ['GetBucketOwnershipControls', GetBucketOwnershipControlsCommand, 'objectOwnership'],
      ['GetBucketLogging', GetBucketLoggingCommand, 'logging'],
    ] as const)('s3:%s', async (operation, command, field) => {
      world([sdkTrail('main', 'us-east-1', true)]);
      mocks.s3.on(command).rejects(awsError('AccessDenied'));
      const { inventory } = await collect();
      const bucket = inventory.buckets['trail-logs'];
      expect(bucket?.[field]).toEqual({
        ok: false,
        error: expect.objectContaining({
          operation: `s3:${operation}`,
          region: 'eu-west-1',
          code: 'AccessDenied',
          resource: 'trail-logs',
        }),
      });
      const others = (
        ['acl', 'policy', 'policyStatus', 'publicAccessBlock', 'objectOwnership', 'logging'] as const
      ).filter((f) => f !== field);
      for (const other of others) expect(bucket?.[other]?.ok).toBe(true);
    });

    it('s3control:GetPublicAccessBlock', async () => {
      world([sdkTrail('main', 'us-east-1', true)]);
      mocks.s3control.on(GetAccountPublicAccessBlockCommand).rejects(awsError('AccessDenied'));
      const { inventory } = await collect();
      expect(inventory.accountPublicAccessBlock).toEqual({
        ok: false,
        error: expect.objectContaining({ operation: 's3control:GetPublicAccessBlock' }),
      });
    });

    it('s3:ListBuckets: falls back to asking the bucket, with the expected owner', async () => {
      world([sdkTrail('main', 'us-east-1', true)]);
      mocks.s3.on(ListBucketsCommand).rejects(awsError('AccessDenied'));
      mocks.s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'EU' });
      const { inventory } = await collect();
      expect(inventory.buckets['trail-logs']?.presence).toEqual({
        ok: true,
        value: { state: 'owned', region: 'eu-west-1' },
      });
    });
  });
});
