/**
 * Log bucket policy as the CloudTrail user guide writes it: CloudTrail's grants pinned to the account's
 * trails (so another account's trail cannot deliver into the bucket: the confused deputy), and requests
 * without TLS denied (Security Hub's S3.5, for the log bucket).
 */
import {
  z,
  conditionTests,
  coversResource,
  coversService,
  defineCheck,
  judgeTrailBuckets,
  limitedToAccounts,
  namesEveryone,
  namesService,
  policyStatements,
  read,
  shellQuote,
  type Finding,
  type Inventory,
  type OwnedBucket,
  type PolicyStatement,
  type Verdict,
  type Verdicts,
} from './api.js';

const reasons = {
  BUCKET_POLICY_AS_GUIDED:
    'Bucket {bucket} lets CloudTrail deliver only for known accounts’ trails, and denies requests without TLS',
  BUCKET_POLICY_TLS_DENIED: 'Bucket {bucket} denies requests without TLS',
  BUCKET_POLICY_MISSING:
    'Bucket {bucket} has no bucket policy: CloudTrail cannot deliver to it, and requests without TLS are allowed',
  CLOUDTRAIL_GRANT_UNRESTRICTED:
    'Bucket {bucket}: {statements} lets cloudtrail.amazonaws.com in without a condition on aws:SourceArn or aws:SourceAccount naming the account{alsoTls}',
  INSECURE_TRANSPORT_ALLOWED:
    'Bucket {bucket} does not deny requests without TLS (no Deny on aws:SecureTransport false)',
  BUCKET_POLICY_UNPARSEABLE: 'The policy of bucket {bucket} is not a policy document this check can read',
} as const;

const SOURCE_KEYS = { arnKeys: ['aws:SourceArn'], accountKeys: ['aws:SourceAccount'] };

/** A Deny for everyone, on every S3 action on the bucket's objects, when aws:SecureTransport is false. */
function deniesInsecureTransport(statement: PolicyStatement, objects: string): boolean {
  return (
    statement.effect === 'Deny' &&
    namesEveryone(statement) &&
    coversService(statement, 's3') &&
    coversResource(statement, objects) &&
    // aws:SecureTransport is always present, so BoolIfExists denies the same requests as Bool.
    conditionTests(statement).some(
      (t) => t.operator === 'bool' && t.key === 'aws:securetransport' && t.values.every((v) => String(v) === 'false'),
    )
  );
}

function decide(
  { bucket, trails }: OwnedBucket,
  inventory: Inventory,
  params: Parameters,
  verdict: Verdicts<typeof reasons>,
): Verdict {
  const document = read(bucket.policy, `policy of bucket ${bucket.name}`);
  const names = { bucket: bucket.name };
  if (document === null) return verdict.failed('BUCKET_POLICY_MISSING', names);
  const statements = policyStatements(document);
  if (statements === undefined) return verdict.warning('BUCKET_POLICY_UNPARSEABLE', names);
  // The trails delivering here may be another account's (a central log archive): theirs are known too.
  const accounts = new Set([inventory.account.id, ...trails.map((t) => t.ownerAccountId)]);
  const open = params.requireSourceConditions
    ? statements
        .filter((s) => s.effect === 'Allow' && namesService(s, 'cloudtrail.amazonaws.com'))
        .filter((s) => !limitedToAccounts(s, accounts, SOURCE_KEYS))
        .map((s) => s.label)
    : [];
  // Where each trail writes here: <bucket>/<S3KeyPrefix>/AWSLogs/<account>/. The Deny must cover them all.
  const logPaths = (
    trails.length > 0 ? trails : [{ ownerAccountId: inventory.account.id, s3KeyPrefix: undefined }]
  ).map(
    (t) =>
      `arn:${inventory.account.partition}:s3:::${bucket.name}/${t.s3KeyPrefix ? `${t.s3KeyPrefix}/` : ''}AWSLogs/${t.ownerAccountId}/`,
  );
  const tlsDenied = logPaths.every((path) => statements.some((s) => deniesInsecureTransport(s, path)));
  const evidence = { unrestrictedCloudTrailStatements: open, insecureTransportDenied: tlsDenied };
  if (open.length > 0) {
    const statementsNamed = `${open.length === 1 ? 'statement' : 'statements'} ${open.join(', ')}`;
    const alsoTls = tlsDenied ? '' : '; and requests without TLS are not denied';
    return verdict.failed(
      'CLOUDTRAIL_GRANT_UNRESTRICTED',
      { ...names, statements: statementsNamed, alsoTls },
      evidence,
    );
  }
  if (!tlsDenied) return verdict.failed('INSECURE_TRANSPORT_ALLOWED', names, evidence);
  return params.requireSourceConditions
    ? verdict.passed('BUCKET_POLICY_AS_GUIDED', names, evidence)
    : verdict.passed('BUCKET_POLICY_TLS_DENIED', names, evidence);
}

const parameters = z
  .object({
    requireSourceConditions: z
      .boolean()
      .default(true)
      .describe(
        'Also require the cloudtrail.amazonaws.com statements to carry an aws:SourceArn or aws:SourceAccount ' +
          'condition (the CloudTrail user guide); off, only the TLS requirement of the CIS benchmark remains',
      ),
  })
  .strict();
type Parameters = z.infer<typeof parameters>;

function remediation(finding: Finding) {
  const bucket = shellQuote(finding.resource.name);
  const region = shellQuote(finding.resource.region);
  return {
    text:
      'Edit the bucket policy: give each statement for cloudtrail.amazonaws.com a condition StringEquals ' +
      '"aws:SourceArn" (the trail ARNs) as the CloudTrail user guide shows, and add a statement that denies ' +
      '"s3:*" on the bucket and its objects to everyone when "aws:SecureTransport" is "false": save the policy the ' +
      'first command prints as bucket-policy.json, edit it, and put it back with the second.',
    commands: [
      `aws s3api get-bucket-policy --bucket ${bucket} --query Policy --output text --region ${region}`,
      `aws s3api put-bucket-policy --bucket ${bucket} --policy file://bucket-policy.json --region ${region}`,
    ],
  };
}

export default defineCheck({
  id: 'trailscan.log-bucket-policy',
  source: 'trailscan',
  title: 'The policy of each trail bucket should follow the CloudTrail user guide and deny requests without TLS',
  description:
    'For each trail bucket the account owns: every Allow statement for cloudtrail.amazonaws.com has a condition ' +
    'on aws:SourceArn (trail ARNs of the account, or of the accounts whose trails deliver there, or a pattern ' +
    'limited to them) or aws:SourceAccount, as the CloudTrail user guide’s bucket policy has, so no other ' +
    'account’s trail can write into the bucket; and a Deny statement refuses every S3 action when ' +
    'aws:SecureTransport is false (Security Hub’s S3.5, for the log bucket). Buckets of other accounts get WARNING.',
  severity: 'MEDIUM',
  resourceType: 'AwsS3Bucket',
  documentationUrl:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
  references: [
    'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  ],
  tags: ['cloudtrail', 's3'],
  standards: [],
  // The CIS benchmarks ask only for the Deny of requests without TLS (for every bucket).
  standardParameters: {
    'cis-1.4': { requireSourceConditions: false },
    'cis-3.0': { requireSourceConditions: false },
    'cis-5.0': { requireSourceConditions: false },
  },
  compliance: {
    'CIS AWS Foundations Benchmark v1.4.0': ['2.1.2'],
    'CIS AWS Foundations Benchmark v3.0.0': ['2.1.1'],
    'CIS AWS Foundations Benchmark v5.0.0': ['2.1.1'],
    'NIST SP 800-53 Rev. 5': ['AC-3', 'AC-17(2)', 'AU-9', 'SC-8'],
  },
  reasons,
  parameters,
  needs: () => ['trails', 'bucketPolicy'],
  remediation,
  evaluate: (inventory, params, verdict) =>
    judgeTrailBuckets(inventory, (owned) => decide(owned, inventory, params, verdict)),
});
