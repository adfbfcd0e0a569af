/**
 * Log bucket protected against deletion of logs: whoever may delete objects can erase the record of what
 * they did, unless versioning with MFA delete or an Object Lock retention keeps every version.
 */
import {
  z,
  bucketFieldsLeftUnread,
  collected,
  collectedOr,
  defineCheck,
  isUnknown,
  judgeTrailBuckets,
  notAvailable,
  or,
  shellQuote,
  test,
  type Bucket,
  type Finding,
  type OwnedBucket,
  type Verdict,
  type Verdicts,
} from './api.js';

const reasons = {
  OBJECT_LOCK_RETENTION: 'Bucket {bucket} keeps every object version under Object Lock, {mode} mode, for {period}',
  MFA_DELETE_ENABLED: 'Bucket {bucket} has versioning with MFA delete',
  VERSIONING_WITHOUT_MFA_DELETE:
    'Bucket {bucket} has versioning without MFA delete: anyone allowed to delete versions can erase logs',
  OBJECT_LOCK_WITHOUT_RETENTION:
    'Bucket {bucket} has Object Lock without a default retention: new log files are not locked',
  NOT_PROTECTED_AGAINST_DELETION:
    'Bucket {bucket} has versioning {versioning} and no Object Lock retention: deleted logs are gone',
} as const;

type Versioning = Extract<NonNullable<Bucket['versioning']>, { ok: true }>['value'];
type ObjectLock = Extract<NonNullable<Bucket['objectLock']>, { ok: true }>['value'];

const retained = (lock: ObjectLock) => lock?.enabled === true && lock.defaultRetention !== null;
const withMfaDelete = (versioning: Versioning) => versioning.status === 'Enabled' && versioning.mfaDelete;

function period(retention: { days?: number | undefined; years?: number | undefined }): string {
  if (retention.years !== undefined) return `${retention.years} ${retention.years === 1 ? 'year' : 'years'}`;
  return `${retention.days ?? 0} ${retention.days === 1 ? 'day' : 'days'}`;
}

function decide({ bucket }: OwnedBucket, params: Parameters, verdict: Verdicts<typeof reasons>): Verdict {
  const names = { bucket: bucket.name };
  const of = (what: string) => `${what} of bucket ${bucket.name}`;
  const versioning = collected(bucket.versioning, of('versioning'));
  const objectLock = collectedOr(
    bucket.objectLock,
    of('Object Lock configuration'),
    bucketFieldsLeftUnread(bucket).objectLock,
    null,
  );
  const evidence = {
    versioning: versioning.ok ? versioning.value : null,
    objectLock: objectLock.ok ? objectLock.value : null,
  };
  const locked = params.objectLockCounts ? test(objectLock, retained) : false;
  const mfaDelete = test(versioning, withMfaDelete);
  const protectedAgainstDeletion = or(locked, mfaDelete);
  if (isUnknown(protectedAgainstDeletion)) return notAvailable(protectedAgainstDeletion.errors);
  if (locked === true && objectLock.ok && objectLock.value?.defaultRetention) {
    const { mode } = objectLock.value.defaultRetention;
    return verdict.passed(
      'OBJECT_LOCK_RETENTION',
      { ...names, mode, period: period(objectLock.value.defaultRetention) },
      evidence,
    );
  }
  if (protectedAgainstDeletion) return verdict.passed('MFA_DELETE_ENABLED', names, evidence);
  // Both reads succeeded (or Object Lock does not count): say what is missing.
  const status = versioning.ok ? versioning.value.status : null;
  if (params.objectLockCounts && objectLock.ok && objectLock.value?.enabled === true) {
    return verdict.failed('OBJECT_LOCK_WITHOUT_RETENTION', names, evidence);
  }
  if (status === 'Enabled') return verdict.failed('VERSIONING_WITHOUT_MFA_DELETE', names, evidence);
  return verdict.failed(
    'NOT_PROTECTED_AGAINST_DELETION',
    { ...names, versioning: status === 'Suspended' ? 'suspended' : 'off' },
    evidence,
  );
}

const parameters = z
  .object({
    objectLockCounts: z
      .boolean()
      .default(true)
      .describe(
        'An Object Lock default retention protects the bucket as well as MFA delete does; off, only versioning ' +
          'with MFA delete passes, as in the CIS benchmark',
      ),
  })
  .strict();
type Parameters = z.infer<typeof parameters>;

function remediation(finding: Finding) {
  const bucket = shellQuote(finding.resource.name);
  const region = shellQuote(finding.resource.region);
  return {
    text:
      'Either turn on versioning with MFA delete (only the root user, with its MFA device, can: replace ' +
      '<mfa-device-arn> and <code>), or give Object Lock a default retention (COMPLIANCE mode cannot be ' +
      'shortened by anyone; choose the days your retention policy asks for).',
    commands: [
      `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa '<mfa-device-arn> <code>' --region ${region}`,
      `aws s3api put-object-lock-configuration --bucket ${bucket} --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":365}}}' --region ${region}`,
    ],
  };
}

export default defineCheck({
  id: 'trailscan.log-bucket-deletion-protection',
  source: 'trailscan',
  title: 'Each trail bucket should be protected against deletion of its logs',
  description:
    'For each trail bucket the account owns: Object Lock is enabled with a default retention, or versioning is ' +
    'Enabled with MFA delete, as the CloudTrail user guide advises for log and digest files. Versioning alone ' +
    'fails: anyone allowed to delete object versions can still erase logs. Buckets of other accounts get WARNING.',
  severity: 'MEDIUM',
  resourceType: 'AwsS3Bucket',
  documentationUrl: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html',
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html',
  ],
  tags: ['cloudtrail', 's3'],
  standards: [],
  // The CIS benchmarks ask for MFA delete (on every bucket); Object Lock is not an alternative there.
  standardParameters: {
    'cis-1.4': { objectLockCounts: false },
    'cis-3.0': { objectLockCounts: false },
    'cis-5.0': { objectLockCounts: false },
  },
  compliance: {
    'CIS AWS Foundations Benchmark v1.4.0': ['2.1.3'],
    'CIS AWS Foundations Benchmark v3.0.0': ['2.1.2'],
    'CIS AWS Foundations Benchmark v5.0.0': ['2.1.2'],
    'NIST SP 800-53 Rev. 5': ['AU-9', 'AU-11'],
  },
  reasons,
  parameters,
  needs: () => ['trails', 'bucketDeletionProtection'],
  remediation,
  evaluate: (inventory, params, verdict) => judgeTrailBuckets(inventory, (owned) => decide(owned, params, verdict)),
});
