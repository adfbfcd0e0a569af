/**
 * S3 reads for the trail buckets. Ownership and Region come from one ListBuckets call made while the
 * trails are still being listed; only buckets the account owns are read, in their own Region, with
 * ExpectedBucketOwner so a same-named bucket of another account is never mistaken for ours.
 */
import {
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type S3Client,
  type Grant,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import type { AclGrant, Bucket, BucketPresence, Envelope, PublicAccessBlock, Slice } from '../../model/inventory.js';
import { orAbsent, type AwsCaller } from '../caller.js';
import { isNeeded, OPERATIONS } from '../operations.js';

/** The account's buckets by name, with their Region when ListBuckets gave it. */
export type OwnedBuckets = Map<string, string | undefined>;

/**
 * Always paginated: S3 includes `BucketRegion` only when the request has a parameter, and rejects
 * unpaginated requests from accounts allowed more than 10,000 buckets.
 */
export async function listOwnedBuckets(caller: AwsCaller, region: string): Promise<Envelope<OwnedBuckets>> {
  const owned: OwnedBuckets = new Map();
  let token: string | undefined;
  do {
    const input = { MaxBuckets: 1000, ...(token === undefined ? {} : { ContinuationToken: token }) };
    const page = await caller.call(OPERATIONS.listBuckets, region, (s3, abortSignal) =>
      s3.send(new ListBucketsCommand(input), { abortSignal }),
    );
    if (!page.ok) return page;
    for (const b of page.value.Buckets ?? []) if (b.Name !== undefined) owned.set(b.Name, b.BucketRegion);
    token = page.value.ContinuationToken;
  } while (token !== undefined && token !== '');
  return { ok: true, value: owned };
}

/** GetBucketLocation's answer as a Region: empty means us-east-1, and `EU` is the legacy eu-west-1. */
function locationToRegion(constraint: string | undefined): string {
  if (constraint === undefined || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

async function bucketLocation(
  caller: AwsCaller,
  region: string,
  name: string,
  expectedOwner: string | undefined,
): Promise<Envelope<string>> {
  const answer = await caller.call(
    OPERATIONS.getBucketLocation,
    region,
    (s3, abortSignal) =>
      s3.send(
        new GetBucketLocationCommand({
          Bucket: name,
          ...(expectedOwner === undefined ? {} : { ExpectedBucketOwner: expectedOwner }),
        }),
        { abortSignal },
      ),
    { resource: name },
  );
  return answer.ok ? { ok: true, value: locationToRegion(answer.value.LocationConstraint) } : answer;
}

/** Who owns a trail's bucket, and where it is. */
export async function bucketPresence(
  caller: AwsCaller,
  region: string,
  accountId: string,
  name: string,
  owned: Envelope<OwnedBuckets>,
): Promise<Envelope<BucketPresence>> {
  if (owned.ok && owned.value.has(name)) {
    const listedRegion = owned.value.get(name);
    if (listedRegion !== undefined && listedRegion !== '')
      return { ok: true, value: { state: 'owned', region: listedRegion } };
    const location = await bucketLocation(caller, region, name, accountId);
    return location.ok ? { ok: true, value: { state: 'owned', region: location.value } } : location;
  }
  // Not among the account's buckets (or the list is unreadable): ask the bucket itself.
  const location = await bucketLocation(caller, region, name, owned.ok ? undefined : accountId);
  if (location.ok)
    return { ok: true, value: owned.ok ? { state: 'foreign' } : { state: 'owned', region: location.value } };
  if (location.error.code === 'NoSuchBucket')
    return { ok: true, value: { state: 'missing', observed: location.error } };
  // With the account's bucket list in hand, a denied bucket is another account's.
  if (owned.ok && location.error.code === 'AccessDenied') return { ok: true, value: { state: 'foreign' } };
  return location;
}

function normalizeGrant(grant: Grant): AclGrant {
  const grantee = grant.Grantee;
  const id = grantee?.URI ?? grantee?.ID ?? grantee?.EmailAddress;
  // The type follows from the identifier when AWS leaves it out: a URI names a group.
  const type =
    grantee?.Type ??
    (grantee?.URI !== undefined
      ? 'Group'
      : grantee?.EmailAddress !== undefined
        ? 'AmazonCustomerByEmail'
        : 'CanonicalUser');
  return { granteeType: type, ...(id === undefined ? {} : { granteeId: id }), permission: grant.Permission ?? '' };
}

function normalizeBlock(config: PublicAccessBlockConfiguration | undefined): PublicAccessBlock | null {
  if (config === undefined) return null;
  return {
    blockPublicAcls: config.BlockPublicAcls === true,
    ignorePublicAcls: config.IgnorePublicAcls === true,
    blockPublicPolicy: config.BlockPublicPolicy === true,
    restrictPublicBuckets: config.RestrictPublicBuckets === true,
  };
}

const mapValue = <T, U>(envelope: Envelope<T>, f: (value: T) => U): Envelope<U> =>
  envelope.ok ? { ok: true, value: f(envelope.value) } : envelope;

/** The per-bucket reads the selected slices need, all in parallel, for a bucket the account owns. */
export async function readOwnedBucket(
  caller: AwsCaller,
  name: string,
  region: string,
  accountId: string,
  slices: readonly Slice[],
): Promise<Omit<Bucket, 'name' | 'presence'>> {
  const target = { Bucket: name, ExpectedBucketOwner: accountId };
  /** A read the selected slices need, or undefined. */
  const get = <T>(
    operation: (typeof OPERATIONS)[keyof typeof OPERATIONS] & { service: 's3' },
    send: (s3: S3Client, abortSignal: AbortSignal | undefined) => Promise<T>,
    absentOn: string[] = [],
  ) =>
    isNeeded(operation, slices)
      ? caller.call(operation, region, (s3, abortSignal) => orAbsent(send(s3, abortSignal), ...absentOn), {
          resource: name,
        })
      : undefined;
  const [acl, policy, policyStatus, publicAccessBlock, objectOwnership, logging] = await Promise.all([
    get(OPERATIONS.getBucketAcl, (s3, abortSignal) => s3.send(new GetBucketAclCommand(target), { abortSignal })),
    get(OPERATIONS.getBucketPolicy, (s3, abortSignal) => s3.send(new GetBucketPolicyCommand(target), { abortSignal }), [
      'NoSuchBucketPolicy',
    ]),
    get(
      OPERATIONS.getBucketPolicyStatus,
      (s3, abortSignal) => s3.send(new GetBucketPolicyStatusCommand(target), { abortSignal }),
      ['NoSuchBucketPolicy'],
    ),
    get(
      OPERATIONS.getBucketPublicAccessBlock,
      (s3, abortSignal) => s3.send(new GetPublicAccessBlockCommand(target), { abortSignal }),
      ['NoSuchPublicAccessBlockConfiguration'],
    ),
    get(
      OPERATIONS.getBucketOwnershipControls,
      (s3, abortSignal) => s3.send(new GetBucketOwnershipControlsCommand(target), { abortSignal }),
      ['OwnershipControlsNotFoundError'],
    ),
    get(OPERATIONS.getBucketLogging, (s3, abortSignal) =>
      s3.send(new GetBucketLoggingCommand(target), { abortSignal }),
    ),
  ]);
  const read: Omit<Bucket, 'name' | 'presence'> = {};
  if (acl) read.acl = mapValue(acl, (v) => ({ grants: (v?.Grants ?? []).map(normalizeGrant) }));
  if (policy) read.policy = mapValue(policy, (v) => v?.Policy ?? null);
  if (policyStatus) {
    read.policyStatus = mapValue(policyStatus, (v) => {
      if (v === null) return null;
      const isPublic = v.PolicyStatus?.IsPublic;
      return isPublic === undefined ? {} : { isPublic };
    });
  }
  if (publicAccessBlock)
    read.publicAccessBlock = mapValue(publicAccessBlock, (v) => normalizeBlock(v?.PublicAccessBlockConfiguration));
  if (objectOwnership) {
    read.objectOwnership = mapValue(objectOwnership, (v) => v?.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null);
  }
  if (logging) {
    read.logging = mapValue(logging, (v) => {
      const enabled = v?.LoggingEnabled;
      return enabled === undefined
        ? null
        : { targetBucket: enabled.TargetBucket ?? '', targetPrefix: enabled.TargetPrefix ?? '' };
    });
  }
  return read;
}

/** The account-level Block Public Access settings (S3 Control); null when none are set. */
export async function accountPublicAccessBlock(
  caller: AwsCaller,
  region: string,
  accountId: string,
): Promise<Envelope<PublicAccessBlock | null>> {
  // S3 Control is a separate SDK client: loaded only when account-level Block Public Access is needed.
  const { GetPublicAccessBlockCommand: GetAccountPublicAccessBlockCommand } =
    await import('@aws-sdk/client-s3-control');
  const answer = await caller.call(OPERATIONS.getAccountPublicAccessBlock, region, (s3control, abortSignal) =>
    orAbsent(
      s3control.send(new GetAccountPublicAccessBlockCommand({ AccountId: accountId }), { abortSignal }),
      'NoSuchPublicAccessBlockConfiguration',
    ),
  );
  return mapValue(answer, (v) => normalizeBlock(v?.PublicAccessBlockConfiguration));
}
