import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  KEY_ARN,
  OTHER_ACCOUNT_ID,
  TRAIL_ARN,
  checkById,
  err,
  inventory,
  keyPolicyStatements,
  kmsKey,
  ok,
  policyDocument,
  run,
  trail,
} from '../fixtures/inventory.js';
import type { KmsKey } from '../../src/model/inventory.js';

const CHECK = 'trailscan.kms-key-usable';
const { root, encrypt, describe: describeKey, decrypt } = keyPolicyStatements();
const withPolicy = (...statements: Record<string, unknown>[]) => kmsKey({ policy: ok(policyDocument(...statements)) });
const withState = (keyState: string, deletionDate?: string) =>
  kmsKey({
    metadata: ok({
      keyState,
      keyManager: 'CUSTOMER',
      keySpec: 'SYMMETRIC_DEFAULT',
      origin: 'AWS_KMS',
      ...(deletionDate === undefined ? {} : { deletionDate }),
    }),
  });
const FOREIGN_KEY = `arn:aws:kms:us-east-1:${OTHER_ACCOUNT_ID}:key/5678abcd-12ab-34cd-56ef-1234567890ab`;

const cases: { name: string; key: KmsKey; status: string; reasonCode: string }[] = [
  {
    name: 'an enabled key with the user guide’s policy',
    key: kmsKey(),
    status: 'PASSED',
    reasonCode: 'KMS_KEY_USABLE',
  },
  {
    name: 'the encryption-context condition alone, for every trail of the account',
    key: withPolicy(root, {
      ...encrypt,
      Condition: {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT_ID}:trail/*` },
      },
    }),
    status: 'PASSED',
    reasonCode: 'KMS_KEY_USABLE',
  },
  {
    name: 'a disabled key: delivery stops',
    key: withState('Disabled'),
    status: 'FAILED',
    reasonCode: 'KMS_KEY_NOT_ENABLED',
  },
  {
    name: 'a key in a custom key store that is disconnected (Unavailable): delivery stops',
    key: withState('Unavailable'),
    status: 'FAILED',
    reasonCode: 'KMS_KEY_NOT_ENABLED',
  },
  {
    name: 'a key whose imported material is pending',
    key: withState('PendingImport'),
    status: 'FAILED',
    reasonCode: 'KMS_KEY_NOT_ENABLED',
  },
  {
    name: 'a key pending deletion',
    key: withState('PendingDeletion', '2026-12-01T00:00:00.000Z'),
    status: 'FAILED',
    reasonCode: 'KMS_KEY_PENDING_DELETION',
  },
  {
    name: 'a key that no longer exists',
    key: kmsKey({ metadata: ok(null) }),
    status: 'FAILED',
    reasonCode: 'KMS_KEY_MISSING',
  },
  {
    name: 'a policy without a CloudTrail statement',
    key: withPolicy(root, decrypt),
    status: 'FAILED',
    reasonCode: 'KEY_POLICY_NO_CLOUDTRAIL_GRANT',
  },
  {
    name: 'CloudTrail may only describe the key, not encrypt with it',
    key: withPolicy(root, describeKey),
    status: 'FAILED',
    reasonCode: 'KEY_POLICY_NO_CLOUDTRAIL_GRANT',
  },
  {
    name: 'the grant without a condition: any account’s trail may use the key',
    key: withPolicy(root, { ...encrypt, Condition: undefined }),
    status: 'FAILED',
    reasonCode: 'KEY_POLICY_CONFUSED_DEPUTY',
  },
  {
    name: 'trap: kms:* to CloudTrail covers GenerateDataKey*, unconditioned',
    key: withPolicy(root, { ...encrypt, Action: 'kms:*', Condition: undefined }),
    status: 'FAILED',
    reasonCode: 'KEY_POLICY_CONFUSED_DEPUTY',
  },
  {
    name: 'trap: a condition with a wildcard account is no restriction',
    key: withPolicy(root, {
      ...encrypt,
      Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:*:trail/*' } },
    }),
    status: 'FAILED',
    reasonCode: 'KEY_POLICY_CONFUSED_DEPUTY',
  },
  {
    name: 'trap: a condition naming another account’s trails',
    key: withPolicy(root, {
      ...encrypt,
      Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${OTHER_ACCOUNT_ID}:trail/main` } },
    }),
    status: 'FAILED',
    reasonCode: 'KEY_POLICY_CONFUSED_DEPUTY',
  },
  {
    name: 'trap: an IfExists condition passes when the key is absent',
    key: withPolicy(root, {
      ...encrypt,
      Condition: { StringEqualsIfExists: { 'aws:SourceArn': TRAIL_ARN } },
    }),
    status: 'FAILED',
    reasonCode: 'KEY_POLICY_CONFUSED_DEPUTY',
  },
  {
    name: 'trap: a policy variable is not a fixed account',
    key: withPolicy(root, {
      ...encrypt,
      Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*' } },
    }),
    status: 'FAILED',
    reasonCode: 'KEY_POLICY_CONFUSED_DEPUTY',
  },
  {
    name: 'trap: one restricted statement does not cover another unrestricted one',
    key: withPolicy(root, encrypt, { ...encrypt, Sid: 'Legacy', Condition: undefined }),
    status: 'FAILED',
    reasonCode: 'KEY_POLICY_CONFUSED_DEPUTY',
  },
  {
    name: 'a policy that is not JSON',
    key: kmsKey({ policy: ok('not json') }),
    status: 'WARNING',
    reasonCode: 'KEY_POLICY_UNPARSEABLE',
  },
  {
    name: 'DescribeKey denied',
    key: kmsKey({ metadata: err('kms:DescribeKey', 'us-east-1', 'AccessDeniedException', KEY_ARN) }),
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'GetKeyPolicy denied',
    key: kmsKey({ policy: err('kms:GetKeyPolicy', 'us-east-1', 'AccessDeniedException', KEY_ARN) }),
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'a disabled key fails even when its policy cannot be read',
    key: kmsKey({
      metadata: ok({ keyState: 'Disabled', keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS' }),
      policy: err('kms:GetKeyPolicy', 'us-east-1'),
    }),
    status: 'FAILED',
    reasonCode: 'KMS_KEY_NOT_ENABLED',
  },
];

describe(CHECK, () => {
  it.each(cases)('$name → $status $reasonCode', ({ key, status, reasonCode }) => {
    expect(run(CHECK, inventory({ kmsKeys: [key] }))).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({ type: 'AwsCloudTrailTrail', id: TRAIL_ARN }),
      }),
    ]);
  });

  it('a key of another account is a WARNING: its policy cannot be read from here', () => {
    const t = trail({ kmsKeyId: FOREIGN_KEY });
    const [finding] = run(CHECK, inventory({ trails: [t] }));
    expect(finding).toMatchObject({
      status: 'WARNING',
      reasonCode: 'KMS_KEY_CROSS_ACCOUNT',
      evidence: { keyArn: FOREIGN_KEY },
      remediation: { commands: [] },
    });
  });

  it('judges only trails with a key, and an organization trail in its own account', () => {
    const plain = trail({ name: 'plain', kmsKeyId: undefined });
    const org = trail({ name: 'org', ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    const findings = run(CHECK, inventory({ trails: [trail(), plain, org], kmsKeys: [kmsKey()] }));
    expect(findings.map((f) => [f.resource.name, f.status, f.reasonCode])).toEqual([
      ['main', 'PASSED', 'KMS_KEY_USABLE'],
      ['org', 'WARNING', 'TRAIL_MANAGED_BY_ANOTHER_ACCOUNT'],
    ]);
  });

  it('finds the key a trail names by its bare id, in the trail’s Region and account', () => {
    const [finding] = run(CHECK, inventory({ trails: [trail({ kmsKeyId: KEY_ARN.split('/')[1] })] }));
    expect(finding).toMatchObject({ status: 'PASSED', evidence: { keyArn: KEY_ARN } });
  });

  it('names the unrestricted statements, and the state and deletion date as evidence', () => {
    const [open] = run(
      CHECK,
      inventory({
        kmsKeys: [
          withPolicy(
            root,
            { ...encrypt, Sid: 'Legacy', Condition: undefined },
            { ...encrypt, Sid: undefined, Condition: undefined },
          ),
        ],
      }),
    );
    expect(open?.reason).toContain('statements Legacy, #3 has no condition');
    const [pending] = run(CHECK, inventory({ kmsKeys: [withState('PendingDeletion', '2026-12-01T00:00:00.000Z')] }));
    expect(pending?.evidence).toEqual({
      keyArn: KEY_ARN,
      keyState: 'PendingDeletion',
      deletionDate: '2026-12-01T00:00:00.000Z',
    });
  });

  it('the fix names the key and its Region', () => {
    const [finding] = run(CHECK, inventory({ kmsKeys: [withState('PendingDeletion', '2026-12-01T00:00:00.000Z')] }));
    const fix = finding === undefined ? undefined : checkById(CHECK).remediation(finding);
    expect(fix?.commands).toEqual([
      `aws kms cancel-key-deletion --key-id ${KEY_ARN} --region us-east-1`,
      `aws kms enable-key --key-id ${KEY_ARN} --region us-east-1`,
    ]);
  });
});
