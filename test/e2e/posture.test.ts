/**
 * The checks beyond CloudTrail.1–7, end to end: the built CLI, the real SDK, real HTTP to the sandbox.
 * Each case selects one check and asserts its verdicts; every report is validated against its schema.
 */
import { describe, expect, it } from 'vitest';
import { scanWorld, verdicts } from './scan-world.js';
import { ACCOUNT_ID, ORG_MANAGEMENT_ID, organizationWorld, trail, world } from './worlds.js';

const trailKey = (check: string, name = 'main', region = 'us-east-1') => `${check} ${name}@${region}`;

describe.concurrent('CloudTrail.9: trails tagged', () => {
  it('a tagged trail passes and an untagged one fails, exit 3', async () => {
    const tagged = world({
      trails: [trail({ tags: { owner: 'security' } }), trail({ name: 'bare', multiRegion: false, tags: {} })],
    });
    const { report, code } = await scanWorld(tagged, ['--checks', 'CloudTrail.9']);
    expect(verdicts(report)).toEqual({
      [trailKey('CloudTrail.9')]: 'PASSED TRAIL_TAGGED',
      [trailKey('CloudTrail.9', 'bare')]: 'FAILED TRAIL_NOT_TAGGED',
    });
    expect(code).toBe(3);
  });

  it('tags that cannot be listed are NOT_AVAILABLE, exit 4', async () => {
    const denied = world({
      trails: [trail({ tags: { owner: 'security' } })],
      faults: [{ operation: 'cloudtrail:ListTags', error: 'access-denied' }],
    });
    const { report, code } = await scanWorld(denied, ['--checks', 'CloudTrail.9']);
    expect(verdicts(report)).toEqual({ [trailKey('CloudTrail.9')]: 'NOT_AVAILABLE API_ERROR' });
    expect(code).toBe(4);
  });

  it('an organization trail seen from a member is evaluated in its management account', async () => {
    const { report } = await scanWorld(organizationWorld(), ['--checks', 'CloudTrail.9']);
    expect(Object.values(verdicts(report))).toEqual(['WARNING TRAIL_MANAGED_BY_ANOTHER_ACCOUNT']);
    expect(report.results[0]?.resource.id).toContain(ORG_MANAGEMENT_ID);
    expect(report.results[0]?.resource.accountId).toBe(report.scan.account.id);
  });
});

const ACCOUNT = `${ACCOUNT_ID}@global`;
const keyName = (t: ReturnType<typeof trail>) => t.kmsKeyId?.split('key/')[1] ?? '';
const only = (report: Parameters<typeof verdicts>[0], check: string) =>
  Object.fromEntries(Object.entries(verdicts(report)).filter(([key]) => key.startsWith(`${check} `)));

/** An event data store on the trail's key, whose details GetEventDataStore refuses. */
const storeDetailsRefused = () =>
  world({
    resources: { eventDataStores: [{ name: 'cmk-lake', region: 'us-east-1', kmsKeyId: trail().kmsKeyId }] },
    faults: [{ operation: 'cloudtrail:GetEventDataStore', error: 'access-denied' }],
  });

describe.concurrent('CloudTrail.10: event data stores on customer managed keys', () => {
  it('a store on a customer managed key passes and one on a key AWS owns fails, exit 3', async () => {
    const input = world({
      resources: {
        eventDataStores: [
          { name: 'cmk-lake', region: 'us-east-1', kmsKeyId: trail().kmsKeyId },
          { name: 'default-lake', region: 'eu-west-1' },
        ],
      },
    });
    const { report, code } = await scanWorld(input, ['--checks', 'CloudTrail.10']);
    expect(verdicts(report)).toEqual({
      'CloudTrail.10 cmk-lake@us-east-1': 'PASSED EVENT_DATA_STORE_CMK',
      'CloudTrail.10 default-lake@eu-west-1': 'FAILED EVENT_DATA_STORE_AWS_OWNED_KEY',
    });
    expect(code).toBe(3);
  });

  it('a store whose details are refused is NOT_AVAILABLE, exit 4', async () => {
    const input = storeDetailsRefused();
    const { report, code } = await scanWorld(input, ['--checks', 'CloudTrail.10']);
    expect(verdicts(report)).toEqual({ 'CloudTrail.10 cmk-lake@us-east-1': 'NOT_AVAILABLE API_ERROR' });
    expect(code).toBe(4);
  });
});

describe.concurrent('KMS.4: rotation of the keys CloudTrail uses', () => {
  it('a rotating key passes, one without rotation fails, and a key of another account is a warning', async () => {
    const second = trail({ name: 'second', homeRegion: 'eu-west-1', multiRegion: false });
    const foreign = trail({
      name: 'foreign-key',
      multiRegion: false,
      kmsKeyId: `arn:aws:kms:us-east-1:${ORG_MANAGEMENT_ID}:key/11111111-2222-4333-8444-555555555555`,
    });
    const input = world({ trails: [trail(), second, foreign] });
    const keys = input.accounts[0]!.kmsKeys!;
    input.accounts[0]!.kmsKeys = keys.map((k) =>
      second.kmsKeyId?.endsWith(k.id) === true ? { ...k, rotation: false } : k,
    );
    const { report, code } = await scanWorld(input, ['--checks', 'KMS.4']);
    expect(verdicts(report)).toEqual({
      [`KMS.4 ${keyName(trail())}@us-east-1`]: 'PASSED KMS_KEY_ROTATION_ENABLED',
      [`KMS.4 ${keyName(second)}@eu-west-1`]: 'FAILED KMS_KEY_ROTATION_DISABLED',
      [`KMS.4 ${keyName(foreign)}@us-east-1`]: 'WARNING KMS_KEY_CROSS_ACCOUNT',
    });
    expect(code).toBe(3);
  });

  it('a key that no longer exists is NOT_AVAILABLE, and an unrotatable one a warning', async () => {
    const imported = trail({ name: 'imported', multiRegion: false });
    const input = world({ trails: [trail(), imported] });
    input.accounts[0]!.kmsKeys = input.accounts[0]!.kmsKeys!.flatMap((k) =>
      imported.kmsKeyId?.endsWith(k.id) === true ? [{ ...k, origin: 'EXTERNAL' as const }] : [],
    );
    const { report, code } = await scanWorld(input, ['--checks', 'KMS.4']);
    expect(verdicts(report)).toEqual({
      [`KMS.4 ${keyName(trail())}@us-east-1`]: 'NOT_AVAILABLE KMS_KEY_NOT_FOUND',
      [`KMS.4 ${keyName(imported)}@us-east-1`]: 'WARNING KMS_KEY_NOT_ROTATABLE',
    });
    expect(code).toBe(4);
  });

  it('an event data store whose details are refused is NOT_AVAILABLE: its key is unknown, not left out', async () => {
    const input = storeDetailsRefused();
    const { report, code } = await scanWorld(input, ['--checks', 'KMS.4']);
    expect(verdicts(report)).toEqual({
      [`KMS.4 ${keyName(trail())}@us-east-1`]: 'PASSED KMS_KEY_ROTATION_ENABLED',
      'KMS.4 cmk-lake@us-east-1': 'NOT_AVAILABLE API_ERROR',
    });
    expect(code).toBe(4);
  });
});

describe.concurrent('S3.22 and S3.23: S3 object-level events', () => {
  it('the compliant trail records object reads and writes in every bucket', async () => {
    const { report, code } = await scanWorld(world(), ['--checks', 'S3.22,S3.23']);
    expect(verdicts(report)).toEqual({
      [`S3.22 ${ACCOUNT}`]: 'PASSED S3_OBJECT_EVENTS_RECORDED',
      [`S3.23 ${ACCOUNT}`]: 'PASSED S3_OBJECT_EVENTS_RECORDED',
    });
    expect(code).toBe(0);
  });

  it('a write-only basic selector for all buckets passes S3.22 and fails S3.23', async () => {
    const writes = trail({
      eventSelectors: [
        { readWriteType: 'All', includeManagementEvents: true },
        {
          readWriteType: 'WriteOnly',
          includeManagementEvents: false,
          dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
        },
      ],
    });
    const { report } = await scanWorld(world({ trails: [writes] }), ['--checks', 'S3.22,S3.23']);
    expect(verdicts(report)).toEqual({
      [`S3.22 ${ACCOUNT}`]: 'PASSED S3_OBJECT_EVENTS_RECORDED',
      [`S3.23 ${ACCOUNT}`]: 'FAILED S3_OBJECT_EVENTS_NOT_RECORDED',
    });
  });

  it('one bucket’s objects are not all buckets', async () => {
    const oneBucket = trail({
      advancedEventSelectors: [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'resources.ARN', startsWith: ['arn:aws:s3:::payroll/'] },
          ],
        },
      ],
    });
    const { report } = await scanWorld(world({ trails: [oneBucket] }), ['--checks', 'S3.22']);
    expect(verdicts(report)).toEqual({ [`S3.22 ${ACCOUNT}`]: 'FAILED S3_OBJECT_EVENTS_NOT_RECORDED' });
  });
});

describe.concurrent('CloudWatch.5: trail changes raise an alarm someone receives', () => {
  it('the compliant account passes; the default standard runs every new control', async () => {
    const { report, code } = await scanWorld(world());
    expect(only(report, 'CloudWatch.5')).toEqual({ [`CloudWatch.5 ${ACCOUNT}`]: 'PASSED CLOUDTRAIL_CHANGES_ALARMED' });
    expect(report.results.filter((r) => r.status !== 'PASSED')).toEqual([]);
    expect(new Set(report.results.map((r) => r.checkId))).toEqual(
      new Set([
        'CloudTrail.1',
        'CloudTrail.2',
        'CloudTrail.3',
        'CloudTrail.4',
        'CloudTrail.5',
        'CloudTrail.6',
        'CloudTrail.7',
        'CloudWatch.5',
        'KMS.4',
        'S3.22',
        'S3.23',
      ]),
    );
    expect(code).toBe(0);
  });

  it('a subscription still pending confirmation fails', async () => {
    const input = world();
    const account = input.accounts[0]!;
    account.topics = account.topics!.map((t) => ({
      ...t,
      subscriptions: [{ protocol: 'email' as const, endpoint: 'security@example.com', confirmed: false }],
    }));
    const { report } = await scanWorld(input, ['--checks', 'CloudWatch.5']);
    expect(verdicts(report)).toEqual({ [`CloudWatch.5 ${ACCOUNT}`]: 'FAILED NO_CONFIRMED_SUBSCRIPTION' });
  });

  it('a filter with a term more than CIS’s fails', async () => {
    const input = world();
    const account = input.accounts[0]!;
    account.logGroups = account.logGroups!.map((g) => ({
      ...g,
      metricFilters: g.metricFilters!.map((f) => ({
        ...f,
        pattern: f.pattern.replace(' }', ' || ($.eventName = PutEventSelectors) }'),
      })),
    }));
    const { report } = await scanWorld(input, ['--checks', 'CloudWatch.5']);
    expect(verdicts(report)).toEqual({ [`CloudWatch.5 ${ACCOUNT}`]: 'FAILED NO_METRIC_FILTER' });
  });

  it('subscriptions that cannot be listed are NOT_AVAILABLE, exit 4', async () => {
    const input = world({ faults: [{ operation: 'sns:ListSubscriptionsByTopic', error: 'access-denied' }] });
    const { report, code } = await scanWorld(input, ['--checks', 'CloudWatch.5']);
    expect(verdicts(report)).toEqual({ [`CloudWatch.5 ${ACCOUNT}`]: 'NOT_AVAILABLE API_ERROR' });
    expect(code).toBe(4);
  });
});
