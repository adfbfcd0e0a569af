import {
  type AclGrant,
  analyzeBucketPolicy,
  and,
  bucketFieldsLeftUnread,
  collected,
  collectedOr,
  defineCheck,
  type Envelope,
  type Inventory,
  isUnknown,
  judgeTrailBuckets,
  not,
  notAvailable,
  or,
  type OwnedBucket,
  type PublicAccessBlock,
  regionFlag,
  shellQuote,
  test,
  type Tri,
  undetermined,
  type Verdict,
  type Verdicts,
  z,
} from './api.js';

const reasons = {
  S3_BUCKET_NOT_PUBLIC: 'Bucket {bucket} is not publicly accessible',
  S3_BUCKET_PUBLIC: 'Bucket {bucket} is publicly accessible through {via}',
  S3_PUBLIC_ACCESS_UNDETERMINED: 'Whether bucket {bucket} is public cannot be determined: {undetermined}',
} as const;

const PUBLIC_GROUPS = new Set([
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
]);

const isPublicGrant = (grant: AclGrant) =>
  grant.granteeType === 'Group' && grant.granteeId !== undefined && PUBLIC_GROUPS.has(grant.granteeId);

/** A Block Public Access flag in effect: the most restrictive of the account and bucket settings. */
function blockPublicAccess(
  account: Envelope<PublicAccessBlock | null>,
  bucket: Envelope<PublicAccessBlock | null>,
  flag: keyof PublicAccessBlock,
): Tri {
  return or(...[account, bucket].map((level) => test(level, (v) => v?.[flag] === true)));
}

/**
 * S3's own verdict on the policy (GetBucketPolicyStatus) is authoritative. When it is unavailable, our
 * analysis of the document can prove the policy public, never prove it private.
 */
function policyIsPublic(
  status: Envelope<{ isPublic?: boolean | undefined } | null>,
  analysisFoundPublic: boolean,
): Tri {
  if (status.ok && status.value === null) return false;
  if (status.ok && status.value?.isPublic !== undefined) return status.value.isPublic;
  if (analysisFoundPublic) return true;
  return status.ok ? undetermined('GetBucketPolicyStatus returned no IsPublic value') : test(status, () => false);
}

function decide({ bucket }: OwnedBucket, inventory: Inventory, verdict: Verdicts<typeof reasons>): Verdict {
  const of = (what: string) => `${what} of bucket ${bucket.name}`;
  const accountBlock = collected(inventory.accountPublicAccessBlock, 'account-level Block Public Access');
  const ownership = collected(bucket.objectOwnership, of('Object Ownership'));
  const aclsDisabled = test(ownership, (value) => value === 'BucketOwnerEnforced');
  const unread = bucketFieldsLeftUnread(bucket, accountBlock);
  const acl = collectedOr(bucket.acl, of('ACL'), unread.acl, { grants: [] as AclGrant[] });
  const policy = collectedOr(bucket.policy, of('policy'), unread.policy, null);
  const policyStatus = collectedOr(bucket.policyStatus, of('policy status'), unread.policyStatus, null);
  const bucketBlock = collectedOr(bucket.publicAccessBlock, of('Block Public Access'), unread.publicAccessBlock, null);

  const publicGrants = acl.ok ? acl.value.grants.filter(isPublicGrant) : [];
  const aclExposed = and(
    test(acl, (value) => value.grants.some(isPublicGrant)),
    not(blockPublicAccess(accountBlock, bucketBlock, 'ignorePublicAcls')),
    not(aclsDisabled),
  );

  const analysis = policy.ok && policy.value !== null ? analyzeBucketPolicy(policy.value) : undefined;
  const policyPublic = policyIsPublic(policyStatus, analysis !== undefined && analysis.publicStatements.length > 0);
  const policyExposed = and(policyPublic, not(blockPublicAccess(accountBlock, bucketBlock, 'restrictPublicBuckets')));

  const exposed = or(aclExposed, policyExposed);
  const evidence = {
    publicAclGrants: publicGrants.map((g) => ({ grantee: g.granteeId, permission: g.permission })),
    publicPolicyStatements: analysis?.publicStatements ?? [],
    policyIsPublic: policyStatus.ok ? (policyStatus.value?.isPublic ?? null) : null,
  };
  if (exposed === true) {
    const via = [aclExposed === true ? 'its ACL' : undefined, policyExposed === true ? 'its bucket policy' : undefined]
      .filter((v) => v !== undefined)
      .join(' and ');
    return verdict.failed(
      'S3_BUCKET_PUBLIC',
      { bucket: bucket.name, via },
      { ...evidence, via: { acl: aclExposed === true, policy: policyExposed === true } },
    );
  }
  if (exposed === false) {
    return verdict.passed('S3_BUCKET_NOT_PUBLIC', { bucket: bucket.name }, evidence);
  }
  if (isUnknown(exposed) && exposed.errors.length > 0) return notAvailable(exposed.errors);
  return verdict.warning(
    'S3_PUBLIC_ACCESS_UNDETERMINED',
    { bucket: bucket.name, undetermined: isUnknown(exposed) ? exposed.undetermined.join('; ') : '' },
    evidence,
  );
}

export default defineCheck({
  id: 'CloudTrail.6',
  title: 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
  description:
    'Checks that the S3 bucket receiving CloudTrail logs grants no access to everyone, through its ACL ' +
    '(AllUsers, AuthenticatedUsers) or its bucket policy, after Block Public Access (account and bucket ' +
    'level) and Object Ownership are taken into account. Buckets of other accounts get WARNING.',
  severity: 'CRITICAL',
  resourceType: 'AwsS3Bucket',
  source: 'security-hub',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-6',
  tags: ['cloudtrail'],
  standards: ['aws-foundational'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
  ],
  compliance: {
    'CIS AWS Foundations Benchmark v1.2.0': ['2.3'],
    'CIS AWS Foundations Benchmark v1.4.0': ['3.3'],
  },
  reasons,
  parameters: z.object({}),
  needs: () => ['trails', 'bucketPublicAccess'],
  remediation: (finding) => {
    const bucket = shellQuote(finding.resource.name);
    const region = regionFlag(finding.resource.region);
    return {
      text:
        'Turn on Block Public Access for the bucket (or the account), disable ACLs with Object Ownership ' +
        '"BucketOwnerEnforced", and remove bucket policy statements that allow "*" without a restricting condition.',
      commands: [
        `aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true${region}`,
        `aws s3api put-bucket-ownership-controls --bucket ${bucket} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'${region}`,
      ],
    };
  },
  evaluate: (inventory, _params, verdict) => judgeTrailBuckets(inventory, (owned) => decide(owned, inventory, verdict)),
});
