/**
 * Trail KMS key usable: CloudTrail.2 only says a trail names a key. A key that is disabled, pending
 * deletion or gone stops delivery of new log files, and a key policy that lets cloudtrail.amazonaws.com
 * encrypt for any trail lets another account's trail use the key (the confused deputy).
 */
import {
  z,
  collected,
  coversAction,
  common,
  defineCheck,
  evaluateElsewhere,
  judgeTrails,
  kmsKeyArn,
  limitedToAccounts,
  namesService,
  policyStatements,
  read,
  shellQuote,
  type Finding,
  type Inventory,
  type KmsKey,
  type Trail,
  type Verdict,
  type Verdicts,
} from './api.js';

const reasons = {
  KMS_KEY_USABLE:
    'KMS key {key} of trail {trail} is enabled, and its policy lets CloudTrail use it only for this account’s trails',
  KMS_KEY_MISSING: 'KMS key {key} of trail {trail} does not exist: CloudTrail cannot encrypt, so it delivers no logs',
  KMS_KEY_NOT_ENABLED:
    'KMS key {key} of trail {trail} is {state}: CloudTrail cannot encrypt new log files, so delivery stops',
  KMS_KEY_PENDING_DELETION:
    'KMS key {key} of trail {trail} is pending deletion (on {deletionDate}): delivery has stopped, and the logs it encrypted become unreadable then',
  KEY_POLICY_NO_CLOUDTRAIL_GRANT:
    'The policy of KMS key {key} does not let cloudtrail.amazonaws.com call kms:GenerateDataKey*: trail {trail} cannot encrypt its logs',
  KEY_POLICY_CONFUSED_DEPUTY:
    'The policy of KMS key {key} lets cloudtrail.amazonaws.com encrypt for any account’s trails: {statements} has no condition on aws:SourceArn or kms:EncryptionContext:aws:cloudtrail:arn naming this account’s trails',
  KEY_POLICY_UNPARSEABLE: 'The policy of KMS key {key} is not a policy document this check can read',
} as const;

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
/** The condition keys the CloudTrail user guide's key policy pins to the account's trails. */
const TRAIL_KEYS = { arnKeys: ['aws:SourceArn', 'kms:EncryptionContext:aws:cloudtrail:arn'], accountKeys: [] };

const keyOf = (trail: Trail) => kmsKeyArn(trail.kmsKeyId ?? '', { arn: trail.arn, region: trail.homeRegion });
const regionOfArn = (arn: string) => arn.split(':')[3] ?? '';

function judgePolicy(
  key: KmsKey,
  trail: Trail,
  inventory: Inventory,
  verdict: Verdicts<typeof reasons>,
  evidence: Record<string, unknown>,
): Verdict {
  const names = { key: key.arn, trail: trail.name };
  const statements = policyStatements(read(key.policy, `policy of KMS key ${key.arn}`));
  if (statements === undefined) return verdict.warning('KEY_POLICY_UNPARSEABLE', { key: key.arn }, evidence);
  const grants = statements.filter(
    (s) => s.effect === 'Allow' && namesService(s, CLOUDTRAIL) && coversAction(s, 'kms:GenerateDataKey'),
  );
  if (grants.length === 0) return verdict.failed('KEY_POLICY_NO_CLOUDTRAIL_GRANT', names, evidence);
  const account = new Set([inventory.account.id]);
  const open = grants.filter((s) => !limitedToAccounts(s, account, TRAIL_KEYS)).map((s) => s.label);
  if (open.length > 0) {
    const statements = `${open.length === 1 ? 'statement' : 'statements'} ${open.join(', ')}`;
    return verdict.failed('KEY_POLICY_CONFUSED_DEPUTY', { ...names, statements }, { ...evidence, statements: open });
  }
  return verdict.passed('KMS_KEY_USABLE', names, evidence);
}

function decide(trail: Trail, inventory: Inventory, verdict: Verdicts<typeof reasons>): Verdict {
  const arn = keyOf(trail);
  // The collector locates every key a trail names: a key missing here is a bug in `needs`, not a scan problem.
  const located: KmsKey | undefined = inventory.kmsKeys?.[arn];
  const presence = read(collected(located?.presence, `KMS key ${arn}`), `presence of KMS key ${arn}`);
  const key = located as KmsKey;
  const names = { key: arn, trail: trail.name };
  if (presence.state === 'missing') return verdict.failed('KMS_KEY_MISSING', names, { keyArn: arn });
  if (presence.state === 'foreign') {
    return common.warning(
      'KMS_KEY_CROSS_ACCOUNT',
      { name: arn },
      { keyArn: arn },
      evaluateElsewhere('the account that owns the KMS key'),
    );
  }
  const metadata = read(key.metadata, `KMS key ${arn}`);
  if (metadata === null) return verdict.failed('KMS_KEY_MISSING', names, { keyArn: arn });
  const evidence = {
    keyArn: arn,
    keyState: metadata.keyState,
    ...(metadata.deletionDate === undefined ? {} : { deletionDate: metadata.deletionDate }),
  };
  if (metadata.keyState === 'PendingDeletion') {
    return verdict.failed(
      'KMS_KEY_PENDING_DELETION',
      { ...names, deletionDate: metadata.deletionDate ?? 'a date KMS did not give' },
      evidence,
    );
  }
  if (metadata.keyState !== 'Enabled') {
    return verdict.failed('KMS_KEY_NOT_ENABLED', { ...names, state: metadata.keyState }, evidence);
  }
  return judgePolicy(key, trail, inventory, verdict, evidence);
}

function remediation(finding: Finding) {
  const key = typeof finding.evidence['keyArn'] === 'string' ? finding.evidence['keyArn'] : '<kms-key-arn>';
  const keyRegion = key.startsWith('arn:') ? regionOfArn(key) : finding.resource.region;
  const onKey = `--key-id ${shellQuote(key)} --region ${shellQuote(keyRegion)}`;
  const getPolicy = `aws kms get-key-policy ${onKey} --policy-name default --query Policy --output text`;
  const putPolicy = `aws kms put-key-policy ${onKey} --policy-name default --policy file://key-policy.json`;
  switch (finding.reasonCode) {
    case 'KMS_KEY_NOT_ENABLED':
      return { text: 'Enable the key again.', commands: [`aws kms enable-key ${onKey}`] };
    case 'KMS_KEY_PENDING_DELETION':
      return {
        text: 'Cancel the scheduled deletion (the key is then disabled), and enable it again.',
        commands: [`aws kms cancel-key-deletion ${onKey}`, `aws kms enable-key ${onKey}`],
      };
    case 'KEY_POLICY_NO_CLOUDTRAIL_GRANT':
    case 'KEY_POLICY_CONFUSED_DEPUTY':
      return {
        text:
          'Edit the key policy so the statements for cloudtrail.amazonaws.com allow kms:GenerateDataKey* only ' +
          'with a condition naming this account’s trails, as the CloudTrail user guide shows: StringEquals ' +
          '"aws:SourceArn" (the trail ARN) and StringLike "kms:EncryptionContext:aws:cloudtrail:arn" ' +
          '(arn:aws:cloudtrail:*:<account-id>:trail/*): save the policy the first command prints as ' +
          'key-policy.json, edit it, and put it back with the second.',
        commands: [getPolicy, putPolicy],
      };
    default:
      return {
        text: 'Create a KMS key with the key policy the CloudTrail user guide gives (replace <kms-key-arn>), and point the trail at it.',
        commands: [
          `aws cloudtrail update-trail --name ${shellQuote(finding.resource.id)} --kms-key-id <kms-key-arn> --region ${shellQuote(finding.resource.region)}`,
        ],
      };
  }
}

export default defineCheck({
  id: 'trailscan.kms-key-usable',
  source: 'trailscan',
  title: 'The KMS key of each trail should be enabled and usable by CloudTrail for this account’s trails only',
  description:
    'For each trail of the account that encrypts with a KMS key: DescribeKey finds the key and its state is ' +
    'Enabled (a disabled, pending-deletion or missing key stops log delivery), and its key policy lets ' +
    'cloudtrail.amazonaws.com call kms:GenerateDataKey* only under a condition on aws:SourceArn or ' +
    'kms:EncryptionContext:aws:cloudtrail:arn naming this account’s trails, as the CloudTrail user guide’s ' +
    'key policy does (the confused-deputy protection). A key in another account gets WARNING.',
  severity: 'HIGH',
  resourceType: 'AwsCloudTrailTrail',
  documentationUrl:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
  references: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  ],
  tags: ['cloudtrail', 'kms'],
  standards: [],
  compliance: { 'NIST SP 800-53 Rev. 5': ['AU-9', 'SC-12', 'SC-28'] },
  reasons,
  parameters: z.object({}).strict(),
  needs: () => ['trails', 'kmsKeyState', 'kmsKeyPolicy'],
  remediation,
  evaluate: (inventory, _params, verdict) =>
    judgeTrails(
      inventory,
      (trail) => decide(trail, inventory, verdict),
      (trail) => trail.kmsKeyId !== undefined,
    ),
});
