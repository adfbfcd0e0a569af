/**
 * Which fields a scan leaves unread because no verdict can use them: one definition for the collector,
 * which skips the calls, and the checks, which then do without them (`collectedOr` gives a stand-in).
 */
import type { Bucket, Envelope, PublicAccessBlock, Trail } from './inventory.js';

export interface BucketFieldsLeftUnread {
  /** ACLs disabled (Object Ownership `BucketOwnerEnforced`) or ignored account-wide. */
  acl: boolean;
  /** `RestrictPublicBuckets` account-wide: a public policy gives the public nothing. */
  policyStatus: boolean;
  /**
   * For public access only: S3 says the policy is not public (or there is none), or it gives the public
   * nothing. A check of the document itself asks for it (slice `bucketPolicy`) and always gets it.
   */
  policy: boolean;
  /** Neither the ACL nor the policy can make the bucket public, or the account blocks both already. */
  publicAccessBlock: boolean;
  /** Versioning off or suspended: Object Lock needs it on, and keeps it on. */
  objectLock: boolean;
}

/** Decided only on successful answers: a failed read leaves every field it could spare to be read. */
export function bucketFieldsLeftUnread(
  bucket: Pick<Bucket, 'objectOwnership' | 'versioning' | 'policyStatus'>,
  accountBlock?: Envelope<PublicAccessBlock | null>,
): BucketFieldsLeftUnread {
  const account = (setting: keyof PublicAccessBlock) =>
    accountBlock?.ok === true && accountBlock.value?.[setting] === true;
  const { objectOwnership: ownership, versioning, policyStatus: status } = bucket;
  const acl = (ownership?.ok === true && ownership.value === 'BucketOwnerEnforced') || account('ignorePublicAcls');
  const policy =
    account('restrictPublicBuckets') ||
    (status?.ok === true && (status.value === null || status.value.isPublic === false));
  return {
    acl,
    policyStatus: account('restrictPublicBuckets'),
    policy,
    publicAccessBlock: (account('ignorePublicAcls') && account('restrictPublicBuckets')) || (acl && policy),
    objectLock: versioning?.ok === true && versioning.value.status !== 'Enabled',
  };
}

/**
 * Whether a trail's status is left unread where only whether its Region is recorded needs it (slice
 * `loggingCoverage`): a single-Region trail listed with one of the account's own multi-Region trails that
 * says it is logging. `listedWith` are the trails DescribeTrails lists in the trail's home Region. Decided
 * only on a successful answer, and never on another account's trail (an organization trail), whose owner
 * may read it otherwise: those spare nothing. An organization trail is always read: its member accounts
 * take their verdicts from its owner's reading.
 */
export function trailStatusLeftUnread(trail: Trail, listedWith: readonly Trail[], accountId: string): boolean {
  return (
    !trail.isMultiRegion &&
    !trail.isOrganizationTrail &&
    listedWith.some(
      (other) =>
        other.arn !== trail.arn &&
        other.isMultiRegion &&
        other.ownerAccountId === accountId &&
        other.status?.ok === true &&
        other.status.value.isLogging,
    )
  );
}
