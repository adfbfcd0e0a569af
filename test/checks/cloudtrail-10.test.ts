import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, KEY_ARN, checkById, err, eventDataStore, inventory, ok, run } from '../fixtures/inventory.js';

const remediation = checkById('CloudTrail.10').remediation;

const details = (kmsKeyId: string | null) =>
  ok({ kmsKeyId, multiRegion: true, organization: false, status: 'ENABLED' });
const OTHER_KEY = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/9999aaaa-12ab-34cd-56ef-1234567890ab`;

describe('CloudTrail.10', () => {
  it.each([
    {
      name: 'a customer managed key',
      details: details(KEY_ARN),
      status: 'PASSED',
      reasonCode: 'EVENT_DATA_STORE_CMK',
    },
    {
      name: 'no KmsKeyId: a key AWS owns',
      details: details(null),
      status: 'FAILED',
      reasonCode: 'EVENT_DATA_STORE_AWS_OWNED_KEY',
    },
    {
      name: 'one of the allowed keys, named by its id',
      details: details('1234abcd-12ab-34cd-56ef-1234567890ab'),
      params: { kmsKeyArns: [KEY_ARN] },
      status: 'PASSED',
      reasonCode: 'EVENT_DATA_STORE_CMK',
    },
    {
      name: 'a customer managed key that is not one of kmsKeyArns',
      details: details(OTHER_KEY),
      params: { kmsKeyArns: [KEY_ARN] },
      status: 'FAILED',
      reasonCode: 'KMS_KEY_NOT_ALLOWED',
    },
    {
      name: 'GetEventDataStore refused',
      details: err('cloudtrail:GetEventDataStore', 'us-east-1', 'AccessDeniedException'),
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
    },
  ])('$name → $status $reasonCode', ({ details: d, params, status, reasonCode }) => {
    const store = eventDataStore({ details: d });
    expect(run('CloudTrail.10', inventory({ eventDataStores: [store] }), params)).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({ type: 'AwsCloudTrailEventDataStore', id: store.arn, region: 'us-east-1' }),
      }),
    ]);
  });

  it('judges every store of every Region, and no store is no result', () => {
    const stores = [eventDataStore(), eventDataStore({ name: 'eu-lake', region: 'eu-west-1', details: details(null) })];
    expect(
      run('CloudTrail.10', inventory({ eventDataStores: stores })).map((f) => [f.resource.region, f.status]),
    ).toEqual([
      ['eu-west-1', 'FAILED'],
      ['us-east-1', 'PASSED'],
    ]);
    expect(run('CloudTrail.10', inventory({ eventDataStores: [] }))).toEqual([]);
  });

  it('says which Region’s stores could not be listed, rather than passing without them', () => {
    const inv = inventory();
    inv.eventDataStoreLists = {
      ...inv.eventDataStoreLists,
      'eu-west-1': err('cloudtrail:ListEventDataStores', 'eu-west-1'),
    };
    expect(run('CloudTrail.10', inv).map((f) => [f.status, f.reasonCode, f.resource.region])).toEqual([
      ['PASSED', 'EVENT_DATA_STORE_CMK', 'us-east-1'],
      ['NOT_AVAILABLE', 'EVENT_DATA_STORES_NOT_LISTED', 'eu-west-1'],
    ]);
  });

  it('rejects a kmsKeyArns entry that is not a key ARN (an alias cannot be compared)', () => {
    const parse = (kmsKeyArns: string[]) => checkById('CloudTrail.10').parameters.safeParse({ kmsKeyArns }).success;
    expect(parse([KEY_ARN])).toBe(true);
    expect(parse([`arn:aws:kms:us-east-1:${ACCOUNT_ID}:alias/trails`])).toBe(false);
  });

  it('tells how to add a key to a store, and that a set key can only change with a new store', () => {
    const [aws] = run('CloudTrail.10', inventory({ eventDataStores: [eventDataStore({ details: details(null) })] }));
    const fix = remediation(aws!);
    expect(fix.commands[0]).toMatch(
      /^aws cloudtrail update-event-data-store --event-data-store arn:aws:cloudtrail:.* --kms-key-id <key-arn> --region us-east-1$/,
    );
    const [other] = run(
      'CloudTrail.10',
      inventory({ eventDataStores: [eventDataStore({ details: details(OTHER_KEY) })] }),
      {
        kmsKeyArns: [KEY_ARN],
      },
    );
    expect(remediation(other!).text).toMatch(/cannot be changed once set/);
  });
});
