/**
 * Trail buckets: named by trails, located through one ListBuckets call made while the trails are still
 * being listed, and read only when the account owns them, in their own Region, with ExpectedBucketOwner so
 * a same-named bucket of another account is never mistaken for ours.
 */
import type { Grant, PublicAccessBlockConfiguration, S3Client } from '@aws-sdk/client-s3';
import type { AclGrant, Bucket, Presence, Envelope, PublicAccessBlock, Trail } from '../../model/inventory.js';
import { bucketFieldsLeftUnread } from '../../model/left-unread.js';
import { allPages, IncompleteAnswer, orAbsent, required, type AwsCaller } from '../caller.js';
import { OPERATIONS, type Operation } from '../catalogue.js';
import {
  accountKind,
  referencedKind,
  referenceFrom,
  type CollectContext,
  type Read,
  type RecordFields,
} from './kind.js';
import { trailKind } from './trail.js';

const s3Sdk = () => import('../sdk/s3.js');

/** The account's buckets by name, with their Region when ListBuckets gave it. */
type OwnedBuckets = Map<string, string | undefined>;

/**
 * Always paginated: S3 includes `BucketRegion` only when the request has a parameter, and rejects
 * unpaginated requests from accounts allowed more than 10,000 buckets.
 */
async function listOwnedBuckets(caller: AwsCaller, region: string): Promise<Envelope<OwnedBuckets>> {
  const { ListBucketsCommand } = await s3Sdk();
  const listing = await allPages((token) =>
    caller.call(OPERATIONS.s3.ListBuckets, region, async (s3, abortSignal) => {
      const answer = await s3.send(new ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken: token }), {
        abortSignal,
      });
      required(answer.Owner, 'ListBuckets', 'Owner');
      return {
        items: (answer.Buckets ?? []).map((b) => [required(b.Name, 'ListBuckets', 'Name'), b.BucketRegion] as const),
        next: answer.ContinuationToken,
      };
    }),
  );
  return listing.ok ? { ok: true, value: new Map(listing.value) } : listing;
}

/** ListBuckets, once per scan, started as soon as the account is known; its failure is worked around. */
function ownedBuckets(context: CollectContext): Promise<Envelope<OwnedBuckets>> {
  return context.shared('ownedBuckets', async () => {
    const listing = await listOwnedBuckets(context.caller, context.homeRegion);
    if (!listing.ok) context.recovered(listing.error);
    return listing;
  });
}

/** GetBucketLocation's answer as a Region: empty means us-east-1, and `EU` is the legacy eu-west-1. */
function locationToRegion(constraint: string | undefined): string {
  if (constraint === undefined || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

async function bucketLocation(
  { caller, homeRegion }: CollectContext,
  name: string,
  expectedOwner: string | undefined,
): Promise<Envelope<string>> {
  const { GetBucketLocationCommand } = await s3Sdk();
  const input = { Bucket: name, ...(expectedOwner === undefined ? {} : { ExpectedBucketOwner: expectedOwner }) };
  return caller.call(
    OPERATIONS.s3.GetBucketLocation,
    homeRegion,
    async (s3, abortSignal) =>
      locationToRegion((await s3.send(new GetBucketLocationCommand(input), { abortSignal })).LocationConstraint),
    { resource: name },
  );
}

/** Who owns a trail's bucket, and where it is. */
async function bucketPresence(context: CollectContext, name: string): Promise<Envelope<Presence>> {
  const owned = await ownedBuckets(context);
  const accountId = context.account.id;
  if (owned.ok && owned.value.has(name)) {
    const listedRegion = owned.value.get(name);
    if (listedRegion !== undefined && listedRegion !== '')
      return { ok: true, value: { state: 'owned', region: listedRegion } };
    const location = await bucketLocation(context, name, accountId);
    return location.ok ? { ok: true, value: { state: 'owned', region: location.value } } : location;
  }
  // Not among the account's buckets (or the list is unreadable): ask the bucket itself.
  const location = await bucketLocation(context, name, owned.ok ? undefined : accountId);
  if (location.ok)
    return { ok: true, value: owned.ok ? { state: 'foreign' } : { state: 'owned', region: location.value } };
  if (location.error.code === 'NoSuchBucket')
    return { ok: true, value: { state: 'missing', observed: location.error } };
  // With the account's bucket list in hand, a denied bucket is another account's.
  if (owned.ok && location.error.code === 'AccessDenied') return { ok: true, value: { state: 'foreign' } };
  return location;
}

function normalizeGrant(grant: Grant): AclGrant {
  const grantee = required(grant.Grantee, 'GetBucketAcl', 'Grantee');
  const id = grantee.URI ?? grantee.ID ?? grantee.EmailAddress;
  // The type follows from the identifier when AWS leaves it out: a URI names a group.
  const type =
    grantee.Type ??
    (grantee.URI !== undefined
      ? 'Group'
      : grantee.EmailAddress !== undefined
        ? 'AmazonCustomerByEmail'
        : 'CanonicalUser');
  return {
    granteeType: type,
    ...(id === undefined ? {} : { granteeId: id }),
    permission: required(grant.Permission, 'GetBucketAcl', 'Permission'),
  };
}

/**
 * A GetPublicAccessBlock answer (S3's or S3 Control's); null when none is set. S3 answers all four
 * settings: an empty configuration element is a hollow answer, not "all off".
 */
function normalizeBlock(
  answer: { PublicAccessBlockConfiguration?: PublicAccessBlockConfiguration | undefined } | null,
): PublicAccessBlock | null {
  if (answer === null) return null;
  const config = required(
    answer.PublicAccessBlockConfiguration,
    'GetPublicAccessBlock',
    'PublicAccessBlockConfiguration',
  );
  const setting = (value: boolean | undefined, member: string) => required(value, 'GetPublicAccessBlock', member);
  return {
    blockPublicAcls: setting(config.BlockPublicAcls, 'BlockPublicAcls'),
    ignorePublicAcls: setting(config.IgnorePublicAcls, 'IgnorePublicAcls'),
    blockPublicPolicy: setting(config.BlockPublicPolicy, 'BlockPublicPolicy'),
    restrictPublicBuckets: setting(config.RestrictPublicBuckets, 'RestrictPublicBuckets'),
  };
}

/** A bucket policy is a JSON document with statements; a bucket without one answers NoSuchBucketPolicy. */
function policyDocument(policy: string | undefined): string {
  const text = required(policy, 'GetBucketPolicy', 'Policy');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new IncompleteAnswer('GetBucketPolicy answered a policy that is not JSON');
  }
  if (typeof document !== 'object' || document === null || !('Statement' in document)) {
    throw new IncompleteAnswer('GetBucketPolicy answered a policy without Statement');
  }
  return text;
}

type S3Sdk = Awaited<ReturnType<typeof s3Sdk>>;

/**
 * A per-bucket read: one S3 call in the bucket's Region, with ExpectedBucketOwner. `absentOn` are the
 * error codes by which S3 says "nothing configured"; `normalize` gets null for them.
 */
function bucketRead<T>(
  slice: Read<Bucket>['slice'],
  field: Exclude<keyof Bucket, 'name' | 'presence'>,
  operation: Operation<'s3'>,
  send: (
    sdk: S3Sdk,
    s3: S3Client,
    target: { Bucket: string; ExpectedBucketOwner: string },
    abortSignal?: AbortSignal,
  ) => Promise<T>,
  normalize: (answer: T | null) => unknown,
  absentOn: string[] = [],
): Read<Bucket> {
  return {
    slice,
    field,
    operation,
    async run({ caller, account }, bucket, region) {
      const sdk = await s3Sdk();
      const target = { Bucket: bucket.name, ExpectedBucketOwner: account.id };
      return caller.call(
        operation,
        region,
        async (s3, abortSignal) => normalize(await orAbsent(send(sdk, s3, target, abortSignal), ...absentOn)),
        { resource: bucket.name },
      );
    },
  };
}

const ACCESS = 'bucketPublicAccess';

const ACCOUNT_BLOCK = 'accountPublicAccessBlock';

/** What a scan spares of this bucket, given the answers so far. */
const leftUnread = (bucket: Bucket, accountWide: RecordFields) =>
  bucketFieldsLeftUnread(bucket, accountWide[ACCOUNT_BLOCK] as Envelope<PublicAccessBlock | null> | undefined);

export const bucketKind = referencedKind<Bucket>({
  name: 'bucket',
  field: 'buckets',
  key: (bucket) => bucket.name,
  referencedBy: [referenceFrom<Trail>(trailKind, (trail) => [trail.s3BucketName])],
  locate: {
    operations: [OPERATIONS.s3.ListBuckets, OPERATIONS.s3.GetBucketLocation],
    accountCalls: [OPERATIONS.s3.ListBuckets],
    prefetch: (context) => void ownedBuckets(context),
    run: async (context, name) => ({ name, presence: await bucketPresence(context, name) }),
    // An owned bucket's Region comes with ListBuckets; any other bucket is asked where it is.
    calls: (bucket) =>
      bucket.presence.ok && bucket.presence.value.state === 'owned' ? [] : [OPERATIONS.s3.GetBucketLocation],
  },
  readableIn: (bucket) =>
    bucket.presence.ok && bucket.presence.value.state === 'owned' ? bucket.presence.value.region : undefined,
  reads: [
    {
      ...bucketRead(
        ACCESS,
        'acl',
        OPERATIONS.s3.GetBucketAcl,
        (sdk, s3, target, abortSignal) => s3.send(new sdk.GetBucketAclCommand(target), { abortSignal }),
        (answer) => {
          required(answer?.Owner, 'GetBucketAcl', 'Owner');
          return { grants: required(answer?.Grants, 'GetBucketAcl', 'Grants').map(normalizeGrant) };
        },
      ),
      // With ACLs disabled (S3's default since April 2023) or ignored account-wide, the ACL grants nothing.
      after: ['objectOwnership', ACCOUNT_BLOCK],
      appliesTo: (bucket, _, accountWide) => !leftUnread(bucket, accountWide).acl,
    },
    {
      ...bucketRead(
        'bucketPolicy',
        'policy',
        OPERATIONS.s3.GetBucketPolicy,
        (sdk, s3, target, abortSignal) => s3.send(new sdk.GetBucketPolicyCommand(target), { abortSignal }),
        (answer) => (answer === null ? null : policyDocument(answer.Policy)),
        ['NoSuchBucketPolicy'],
      ),
      // Public access needs the document only when S3 cannot say the policy is not public.
      alsoFor: {
        slice: ACCESS,
        after: ['policyStatus', ACCOUNT_BLOCK],
        appliesTo: (bucket, _, accountWide) => !leftUnread(bucket, accountWide).policy,
      },
    },
    {
      ...bucketRead(
        ACCESS,
        'policyStatus',
        OPERATIONS.s3.GetBucketPolicyStatus,
        (sdk, s3, target, abortSignal) => s3.send(new sdk.GetBucketPolicyStatusCommand(target), { abortSignal }),
        (answer) => {
          if (answer === null) return null;
          const status = required(answer.PolicyStatus, 'GetBucketPolicyStatus', 'PolicyStatus');
          return { isPublic: required(status.IsPublic, 'GetBucketPolicyStatus', 'IsPublic') };
        },
        ['NoSuchBucketPolicy'],
      ),
      // RestrictPublicBuckets for the whole account: a public policy gives the public nothing.
      after: [ACCOUNT_BLOCK],
      appliesTo: (bucket, _, accountWide) => !leftUnread(bucket, accountWide).policyStatus,
    },
    {
      ...bucketRead(
        ACCESS,
        'publicAccessBlock',
        OPERATIONS.s3.GetPublicAccessBlock,
        (sdk, s3, target, abortSignal) => s3.send(new sdk.GetPublicAccessBlockCommand(target), { abortSignal }),
        normalizeBlock,
        ['NoSuchPublicAccessBlockConfiguration'],
      ),
      // The bucket's own settings matter only for what the account's leave off, and only when its ACL or
      // its policy could make it public.
      after: ['objectOwnership', 'policyStatus', ACCOUNT_BLOCK],
      appliesTo: (bucket, _, accountWide) => !leftUnread(bucket, accountWide).publicAccessBlock,
    },
    bucketRead(
      ACCESS,
      'objectOwnership',
      OPERATIONS.s3.GetBucketOwnershipControls,
      (sdk, s3, target, abortSignal) => s3.send(new sdk.GetBucketOwnershipControlsCommand(target), { abortSignal }),
      (answer) =>
        answer === null
          ? null
          : required(
              answer.OwnershipControls?.Rules?.[0]?.ObjectOwnership,
              'GetBucketOwnershipControls',
              'ObjectOwnership',
            ),
      ['OwnershipControlsNotFoundError'],
    ),
    bucketRead(
      'bucketLogging',
      'logging',
      OPERATIONS.s3.GetBucketLogging,
      (sdk, s3, target, abortSignal) => s3.send(new sdk.GetBucketLoggingCommand(target), { abortSignal }),
      (answer) => {
        const enabled = answer?.LoggingEnabled;
        return enabled === undefined
          ? null
          : {
              targetBucket: required(enabled.TargetBucket, 'GetBucketLogging', 'TargetBucket'),
              targetPrefix: enabled.TargetPrefix ?? '',
            };
      },
    ),
    bucketRead(
      'bucketDeletionProtection',
      'versioning',
      OPERATIONS.s3.GetBucketVersioning,
      (sdk, s3, target, abortSignal) => s3.send(new sdk.GetBucketVersioningCommand(target), { abortSignal }),
      // A bucket that never had versioning answers an empty configuration: that is data, not a hollow answer.
      (answer) => ({ status: answer?.Status ?? null, mfaDelete: answer?.MFADelete === 'Enabled' }),
    ),
    {
      ...bucketRead(
        'bucketDeletionProtection',
        'objectLock',
        OPERATIONS.s3.GetObjectLockConfiguration,
        (sdk, s3, target, abortSignal) => s3.send(new sdk.GetObjectLockConfigurationCommand(target), { abortSignal }),
        (answer) => {
          if (answer === null) return null;
          const configuration = required(
            answer.ObjectLockConfiguration,
            'GetObjectLockConfiguration',
            'ObjectLockConfiguration',
          );
          const retention = configuration.Rule?.DefaultRetention;
          return {
            enabled: configuration.ObjectLockEnabled === 'Enabled',
            defaultRetention:
              retention === undefined
                ? null
                : {
                    mode: required(retention.Mode, 'GetObjectLockConfiguration', 'Mode'),
                    ...(retention.Days === undefined ? {} : { days: retention.Days }),
                    ...(retention.Years === undefined ? {} : { years: retention.Years }),
                  },
          };
        },
        ['ObjectLockConfigurationNotFoundError'],
      ),
      // Object Lock needs versioning on, and keeps it on: without versioning there is no lock to read.
      after: ['versioning'],
      appliesTo: (bucket, _, accountWide) => !leftUnread(bucket, accountWide).objectLock,
    },
  ],
});

/** The account-level Block Public Access settings (S3 Control); null when none are set. */
export const accountPublicAccessKind = accountKind({
  name: 'account',
  reads: [
    {
      slice: ACCESS,
      field: ACCOUNT_BLOCK,
      operation: OPERATIONS.s3control.GetPublicAccessBlock,
      async run({ caller, account }, _record, region) {
        const { GetPublicAccessBlockCommand } = await import('../sdk/s3control.js');
        return caller.call(OPERATIONS.s3control.GetPublicAccessBlock, region, async (s3control, abortSignal) => {
          const answer = await orAbsent(
            s3control.send(new GetPublicAccessBlockCommand({ AccountId: account.id }), { abortSignal }),
            'NoSuchPublicAccessBlockConfiguration',
          );
          return normalizeBlock(answer);
        });
      },
    },
  ],
});
