import { describe, expect, it } from 'vitest';
import type { KmsKey } from '../../src/model/inventory.js';
import {
  KEY_ARN,
  OTHER_ACCOUNT_ID,
  checkById,
  err,
  eventDataStore,
  inventory,
  kmsKey,
  ok,
  run,
  trail,
} from '../fixtures/inventory.js';

const metadata = (overrides: Partial<{ keyState: string; keyManager: string; keySpec: string; origin: string }> = {}) =>
  ok({ keyState: 'Enabled', keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', ...overrides });

describe('KMS.4', () => {
  it.each<{ name: string; key: KmsKey; status: string; reasonCode: string }>([
    { name: 'rotation on', key: kmsKey(), status: 'PASSED', reasonCode: 'KMS_KEY_ROTATION_ENABLED' },
    {
      name: 'rotation off',
      key: kmsKey({ rotation: ok(false) }),
      status: 'FAILED',
      reasonCode: 'KMS_KEY_ROTATION_DISABLED',
    },
    {
      name: 'rotation off on a disabled key: still judged',
      key: kmsKey({ metadata: metadata({ keyState: 'Disabled' }), rotation: ok(false) }),
      status: 'FAILED',
      reasonCode: 'KMS_KEY_ROTATION_DISABLED',
    },
    {
      name: 'an asymmetric key cannot rotate',
      key: kmsKey({ metadata: metadata({ keySpec: 'RSA_2048' }), rotation: ok(null) }),
      status: 'WARNING',
      reasonCode: 'KMS_KEY_NOT_ROTATABLE',
    },
    {
      name: 'an HMAC key cannot rotate, even when its rotation status is unreadable',
      key: kmsKey({
        metadata: metadata({ keySpec: 'HMAC_256' }),
        rotation: err('kms:GetKeyRotationStatus', 'us-east-1'),
      }),
      status: 'WARNING',
      reasonCode: 'KMS_KEY_NOT_ROTATABLE',
    },
    {
      name: 'imported key material cannot rotate',
      key: kmsKey({ metadata: metadata({ origin: 'EXTERNAL' }), rotation: ok(null) }),
      status: 'WARNING',
      reasonCode: 'KMS_KEY_NOT_ROTATABLE',
    },
    {
      name: 'KMS says the key cannot rotate',
      key: kmsKey({ rotation: ok(null) }),
      status: 'WARNING',
      reasonCode: 'KMS_KEY_NOT_ROTATABLE',
    },
    {
      name: 'a key of another account',
      key: kmsKey({ arn: `arn:aws:kms:us-east-1:${OTHER_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }),
      status: 'WARNING',
      reasonCode: 'KMS_KEY_CROSS_ACCOUNT',
    },
    {
      name: 'a key that no longer exists',
      key: kmsKey({ metadata: ok(null) }),
      status: 'NOT_AVAILABLE',
      reasonCode: 'KMS_KEY_NOT_FOUND',
    },
    {
      name: 'DescribeKey refused',
      key: kmsKey({ metadata: err('kms:DescribeKey', 'us-east-1', 'AccessDeniedException') }),
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
    },
    {
      name: 'GetKeyRotationStatus refused',
      key: kmsKey({ rotation: err('kms:GetKeyRotationStatus', 'us-east-1', 'AccessDeniedException') }),
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
    },
  ])('$name → $status $reasonCode', ({ key, status, reasonCode }) => {
    expect(run('KMS.4', inventory({ trails: [trail({ kmsKeyId: key.arn })], kmsKeys: [key] }))).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({ type: 'AwsKmsKey', id: key.arn, region: key.arn.split(':')[3] }),
      }),
    ]);
  });

  it('leaves AWS managed keys out, as Security Hub does', () => {
    const key = kmsKey({ metadata: metadata({ keyManager: 'AWS' }), rotation: ok(false) });
    expect(run('KMS.4', inventory({ kmsKeys: [key] }))).toEqual([]);
  });

  it('judges each key once, with the trails and event data stores that use it', () => {
    const inv = inventory({ trails: [trail(), trail({ name: 'second' })], eventDataStores: [eventDataStore()] });
    const findings = run('KMS.4', inv);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence['usedBy']).toEqual([trail().arn, trail({ name: 'second' }).arn, eventDataStore().arn]);
  });

  it('evaluates an event data store’s key even when no trail uses one', () => {
    const inv = inventory({ trails: [trail({ kmsKeyId: undefined })], eventDataStores: [eventDataStore()] });
    expect(run('KMS.4', inv).map((f) => [f.resource.id, f.status])).toEqual([[KEY_ARN, 'PASSED']]);
  });

  it('an event data store whose key could not be read is NOT_AVAILABLE, never left out', () => {
    const unread = eventDataStore({ name: 'unread', details: err('cloudtrail:GetEventDataStore', 'us-east-1') });
    const inv = inventory({ trails: [trail()], eventDataStores: [eventDataStore(), unread] });
    expect(run('KMS.4', inv).map((f) => [f.resource.type, f.resource.id, f.status, f.reasonCode])).toEqual([
      ['AwsKmsKey', KEY_ARN, 'PASSED', 'KMS_KEY_ROTATION_ENABLED'],
      ['AwsCloudTrailEventDataStore', unread.arn, 'NOT_AVAILABLE', 'API_ERROR'],
    ]);
  });

  it('says which Regions it could not list trails or event data stores in', () => {
    const inv = inventory();
    inv.trailLists['us-west-2'] = err('cloudtrail:DescribeTrails', 'us-west-2');
    inv.eventDataStoreLists = {
      ...inv.eventDataStoreLists,
      'eu-west-1': err('cloudtrail:ListEventDataStores', 'eu-west-1'),
    };
    expect(run('KMS.4', inv).map((f) => [f.status, f.reasonCode, f.resource.region])).toEqual([
      ['PASSED', 'KMS_KEY_ROTATION_ENABLED', 'us-east-1'],
      ['NOT_AVAILABLE', 'TRAILS_NOT_LISTED', 'us-west-2'],
      ['NOT_AVAILABLE', 'EVENT_DATA_STORES_NOT_LISTED', 'eu-west-1'],
    ]);
  });

  it('turns rotation on for the key, in its Region', () => {
    const [finding] = run('KMS.4', inventory({ kmsKeys: [kmsKey({ rotation: ok(false) })] }));
    expect(checkById('KMS.4').remediation(finding!).commands).toEqual([
      `aws kms enable-key-rotation --key-id ${KEY_ARN} --region us-east-1`,
    ]);
  });
});
