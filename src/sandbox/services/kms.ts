/** KMS over AWS JSON 1.1: DescribeKey, GetKeyPolicy and GetKeyRotationStatus of the account's keys. */
import * as z from 'zod';
import { SERVICES } from '../../aws/catalogue.js';
import { jsonOperation, jsonReply, jsonService } from '../protocols/json.js';
import { AwsError, type CallContext } from '../service.js';
import type { ScenarioAccount } from '../scenario.js';
import { resolveInstant } from '../world.js';

type Key = ScenarioAccount['kmsKeys'][number];

const keyArn = (account: ScenarioAccount, key: Key) => `arn:aws:kms:${key.region}:${account.accountId}:key/${key.id}`;

/** A key by id or key ARN, in this Region and account, as KMS resolves it; another account's is refused. */
function resolveKey(keyId: string, { account, region }: CallContext): Key {
  const arn = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/.exec(keyId);
  if (arn !== null && arn[2] !== account.accountId) {
    throw new AwsError(400, 'AccessDeniedException', `User is not authorized to use key ${keyId}`);
  }
  const id = arn?.[3] ?? keyId;
  const key = account.kmsKeys.find((k) => k.id === id && k.region === (arn?.[1] ?? region));
  if (key === undefined || (arn !== null && arn[1] !== region)) {
    throw new AwsError(400, 'NotFoundException', `Key '${keyId}' does not exist`);
  }
  return key;
}

/** The key policy CloudTrail's console writes: CloudTrail may encrypt for this account's trails only. */
function defaultPolicy(account: ScenarioAccount): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Id: 'Key policy created by CloudTrail',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'Allow CloudTrail to encrypt logs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account.accountId}:trail/*`,
          },
        },
      },
      {
        Sid: 'Allow CloudTrail to describe key',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
        Resource: '*',
      },
    ],
  };
}

const byKeyId = z.object({ KeyId: z.string() });

export const kms = jsonService(SERVICES.kms, {
  DescribeKey: jsonOperation(
    byKeyId,
    (input) => [input.KeyId],
    (input, context) => {
      const key = resolveKey(input.KeyId, context);
      return jsonReply(
        {
          KeyMetadata: {
            AWSAccountId: context.account.accountId,
            KeyId: key.id,
            Arn: keyArn(context.account, key),
            Enabled: key.state === 'Enabled',
            KeyState: key.state,
            KeyManager: key.manager,
            KeySpec: key.spec,
            CustomerMasterKeySpec: key.spec,
            KeyUsage:
              key.spec === 'HMAC_256'
                ? 'GENERATE_VERIFY_MAC'
                : key.spec === 'SYMMETRIC_DEFAULT'
                  ? 'ENCRYPT_DECRYPT'
                  : 'SIGN_VERIFY',
            Origin: key.origin,
            ...(key.deletionDate === undefined
              ? {}
              : { DeletionDate: resolveInstant(key.deletionDate, context.now).getTime() / 1000 }),
          },
        },
        context.requestId,
      );
    },
  ),
  GetKeyPolicy: jsonOperation(
    z.object({ KeyId: z.string(), PolicyName: z.string().optional() }),
    (input) => [input.KeyId],
    (input, context) => {
      const key = resolveKey(input.KeyId, context);
      if ((input.PolicyName ?? 'default') !== 'default')
        throw new AwsError(400, 'NotFoundException', 'No such policy exists');
      return jsonReply(
        { Policy: JSON.stringify(key.policy ?? defaultPolicy(context.account)), PolicyName: 'default' },
        context.requestId,
      );
    },
  ),
  GetKeyRotationStatus: jsonOperation(
    byKeyId,
    (input) => [input.KeyId],
    (input, context) => {
      const key = resolveKey(input.KeyId, context);
      if (key.spec !== 'SYMMETRIC_DEFAULT' || key.origin !== 'AWS_KMS') {
        throw new AwsError(
          400,
          'UnsupportedOperationException',
          `${keyArn(context.account, key)} origin or key spec does not support rotation`,
        );
      }
      return jsonReply({ KeyRotationEnabled: key.rotation, KeyId: keyArn(context.account, key) }, context.requestId);
    },
  ),
});
