/**
 * Which of a bucket's fields a scan leaves unread because no verdict can use them: one definition for the
 * collector, which skips the calls, and the checks, which then take a stand-in (`collectedOr`).
 */
import type { Bucket, Envelope, PublicAccessBlock } from './inventory.js';

export interface BucketFieldsLeftUnread {
  /** ACLs disabled (Object Ownership `BucketOwnerEnforced`) or ignored account-wide. */
  acl: boolean;
  /** `RestrictPublicBuckets` account-wide: a public policy gives the public nothing. */
  policyStatus: boolean;
  /** The account-wide Block Public Access has both settings the bucket's own could add. */
  publicAccessBlock: boolean;
  /** Versioning off or suspended: Object Lock needs it on, and keeps it on. */
  objectLock: boolean;
}

/** Decided only on successful answers: a failed read leaves every field it could spare to be read. */
export function bucketFieldsLeftUnread(
  bucket: Pick<Bucket, 'objectOwnership' | 'versioning'>,
  accountBlock?: Envelope<PublicAccessBlock | null>,
): BucketFieldsLeftUnread {
  const account = (setting: keyof PublicAccessBlock) =>
    accountBlock?.ok === true && accountBlock.value?.[setting] === true;
  const ownership = bucket.objectOwnership;
  const versioning = bucket.versioning;
  return {
    acl: (ownership?.ok === true && ownership.value === 'BucketOwnerEnforced') || account('ignorePublicAcls'),
    policyStatus: account('restrictPublicBuckets'),
    publicAccessBlock: account('ignorePublicAcls') && account('restrictPublicBuckets'),
    objectLock: versioning?.ok === true && versioning.value.status !== 'Enabled',
  };
}
