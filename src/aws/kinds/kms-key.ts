/**
 * KMS keys named by trails and event data stores: whose they are follows from the ARN; the account's own
 * are read in their Region. A key that does not exist is data (null metadata), not a failed call.
 */
import { kmsKeyArn, type EventDataStore, type KmsKey, type Trail } from '../../model/inventory.js';
import { orAbsent, required } from '../caller.js';
import { OPERATIONS } from '../catalogue.js';
import { eventDataStoreKind } from './event-data-store.js';
import { presenceOfArn, referencedKind, referenceFrom } from './kind.js';
import { trailKind } from './trail.js';

const kmsSdk = () => import('../sdk/kms.js');

export const kmsKeyKind = referencedKind<KmsKey>({
  name: 'kmsKey',
  field: 'kmsKeys',
  key: (key) => key.arn,
  referencedBy: [
    referenceFrom<Trail>(trailKind, (trail) => [
      trail.kmsKeyId === undefined
        ? undefined
        : kmsKeyArn(trail.kmsKeyId, { arn: trail.arn, region: trail.homeRegion }),
    ]),
    referenceFrom<EventDataStore>(eventDataStoreKind, (store) => [
      store.details?.ok === true && store.details.value.kmsKeyId !== null
        ? kmsKeyArn(store.details.value.kmsKeyId, { arn: store.arn, region: store.region })
        : undefined,
    ]),
  ],
  locate: {
    operations: [],
    accountCalls: [],
    run: ({ account }, arn) => Promise.resolve({ arn, presence: presenceOfArn(arn, account) }),
    calls: () => [],
  },
  readableIn: (key) =>
    key.presence.ok && key.presence.value.state === 'owned' ? key.presence.value.region : undefined,
  reads: [
    {
      slice: 'kmsKeyState',
      field: 'metadata',
      operation: OPERATIONS.kms.DescribeKey,
      async run({ caller }, key, region) {
        const { DescribeKeyCommand } = await kmsSdk();
        return caller.call(
          OPERATIONS.kms.DescribeKey,
          region,
          async (kms, abortSignal) => {
            const answer = await orAbsent(
              kms.send(new DescribeKeyCommand({ KeyId: key.arn }), { abortSignal }),
              'NotFoundException',
            );
            if (answer === null) return null;
            const metadata = required(answer.KeyMetadata, 'DescribeKey', 'KeyMetadata');
            return {
              keyState: required(metadata.KeyState, 'DescribeKey', 'KeyState'),
              keyManager: required(metadata.KeyManager, 'DescribeKey', 'KeyManager'),
              keySpec: metadata.KeySpec ?? 'SYMMETRIC_DEFAULT',
              origin: required(metadata.Origin, 'DescribeKey', 'Origin'),
              ...(metadata.DeletionDate === undefined ? {} : { deletionDate: metadata.DeletionDate.toISOString() }),
            };
          },
          { resource: key.arn },
        );
      },
    },
    {
      slice: 'kmsKeyPolicy',
      field: 'policy',
      operation: OPERATIONS.kms.GetKeyPolicy,
      async run({ caller }, key, region) {
        const { GetKeyPolicyCommand } = await kmsSdk();
        return caller.call(
          OPERATIONS.kms.GetKeyPolicy,
          region,
          async (kms, abortSignal) =>
            required(
              (await kms.send(new GetKeyPolicyCommand({ KeyId: key.arn, PolicyName: 'default' }), { abortSignal }))
                .Policy,
              'GetKeyPolicy',
              'Policy',
            ),
          { resource: key.arn },
        );
      },
    },
    {
      slice: 'kmsKeyRotation',
      field: 'rotation',
      operation: OPERATIONS.kms.GetKeyRotationStatus,
      async run({ caller }, key, region) {
        const { GetKeyRotationStatusCommand } = await kmsSdk();
        return caller.call(
          OPERATIONS.kms.GetKeyRotationStatus,
          region,
          async (kms, abortSignal) => {
            // Asymmetric, HMAC and imported keys cannot rotate: KMS says so with UnsupportedOperationException.
            const answer = await orAbsent(
              kms.send(new GetKeyRotationStatusCommand({ KeyId: key.arn }), { abortSignal }),
              'UnsupportedOperationException',
            );
            return answer === null
              ? null
              : required(answer.KeyRotationEnabled, 'GetKeyRotationStatus', 'KeyRotationEnabled');
          },
          { resource: key.arn },
        );
      },
    },
  ],
});
