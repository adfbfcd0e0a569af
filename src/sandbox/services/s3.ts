/**
 * S3 over REST-XML, path-style (`/<bucket>?<subresource>`, `/<bucket>/<key>`): ListBuckets, the bucket
 * reads the CloudTrail.6/7 verdicts need, and the object reads of digest verification, with S3's Region
 * redirects, ownership and expected-owner rules.
 */
import { SERVICES } from '../../aws/catalogue.js';
import { renderS3Error, S3_NAMESPACE, s3Headers, xmlReply } from '../protocols/rest-xml.js';
import { el, type XmlNode } from '../protocols/xml.js';
import type { StoredObject } from '../digests.js';
import type { PublicAccessBlockSetting, ScenarioBucket } from '../scenario.js';
import {
  AwsError,
  header,
  type CallContext,
  type IncomingCall,
  type Reply,
  type RoutedCall,
  type SandboxService,
  type ServiceErrors,
} from '../service.js';
import { canonicalUserId } from '../world.js';
import { getObject, listObjects, listObjectsV2 } from './s3-objects.js';

const xmlns = `xmlns="${S3_NAMESPACE}"`;

/** The errors S3 and S3 Control share. */
export const s3Errors: ServiceErrors = {
  invalidCredentials: (accessKeyId) =>
    new AwsError(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
      details: { AWSAccessKeyId: accessKeyId },
    }),
  missingAuthentication: () => new AwsError(403, 'AccessDenied', 'Access Denied'),
  signatureMismatch: () =>
    new AwsError(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ),
  throttling: () => new AwsError(503, 'SlowDown', 'Please reduce your request rate.'),
  accessDenied: () => new AwsError(403, 'AccessDenied', 'Access Denied'),
  serverError: (status) =>
    status === 500
      ? new AwsError(500, 'InternalError', 'We encountered an internal error. Please try again.')
      : new AwsError(503, 'ServiceUnavailable', 'Service is unable to handle request.'),
};

export function publicAccessBlockXml(setting: PublicAccessBlockSetting, namespace: string): XmlNode {
  return el(
    'PublicAccessBlockConfiguration',
    [
      el('BlockPublicAcls', setting.blockPublicAcls),
      el('IgnorePublicAcls', setting.ignorePublicAcls),
      el('BlockPublicPolicy', setting.blockPublicPolicy),
      el('RestrictPublicBuckets', setting.restrictPublicBuckets),
    ],
    `xmlns="${namespace}"`,
  );
}

const GROUP_URIS = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  LogDelivery: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
} as const;

type Grant = NonNullable<ScenarioBucket['grants']>[number];

function grantXml(grant: Grant): XmlNode {
  const xsi = (type: string) => `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${type}"`;
  const grantee =
    'group' in grant
      ? el('Grantee', [el('URI', GROUP_URIS[grant.group])], xsi('Group'))
      : 'canonicalUser' in grant
        ? el('Grantee', [el('ID', grant.canonicalUser)], xsi('CanonicalUser'))
        : el('Grantee', [el('EmailAddress', grant.email)], xsi('AmazonCustomerByEmail'));
  return el('Grant', [grantee, el('Permission', grant.permission)]);
}

/** The Region S3 names in a redirect's Endpoint element. */
function endpointOf(bucket: ScenarioBucket): string {
  return bucket.region === 'us-east-1'
    ? `${bucket.name}.s3.amazonaws.com`
    : `${bucket.name}.s3.${bucket.region}.amazonaws.com`;
}

/**
 * The bucket a call may read, or the error S3 gives: NoSuchBucket; a malformed expected owner; a
 * PermanentRedirect to the bucket's Region (GetBucketLocation answers from any Region); AccessDenied for
 * another account's bucket or an expected owner that does not match.
 */
function readableBucket(
  name: string,
  operation: string,
  call: IncomingCall,
  { world, account, region }: CallContext,
): ScenarioBucket {
  const bucket = world.bucket(name);
  if (bucket === undefined)
    throw new AwsError(404, 'NoSuchBucket', 'The specified bucket does not exist', { details: { BucketName: name } });
  const expectedOwner = header(call, 'x-amz-expected-bucket-owner');
  if (expectedOwner !== undefined && !/^\d{12}$/.test(expectedOwner)) {
    throw new AwsError(
      400,
      'InvalidBucketOwnerAWSAccountID',
      `The value of the expected bucket owner parameter must be an AWS Account ID... [${expectedOwner}]`,
    );
  }
  if (operation !== 'GetBucketLocation' && bucket.region !== region) {
    throw new AwsError(
      301,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      { details: { Endpoint: endpointOf(bucket), Bucket: name }, headers: { 'x-amz-bucket-region': bucket.region } },
    );
  }
  const owned = bucket.ownerAccountId === account.accountId;
  if (!owned || (expectedOwner !== undefined && expectedOwner !== bucket.ownerAccountId))
    throw s3Errors.accessDenied('', operation);
  return bucket;
}

function notConfigured(code: string, message: string, bucket: ScenarioBucket): AwsError {
  return new AwsError(404, code, message, { details: { BucketName: bucket.name } });
}

type BucketRead = (bucket: ScenarioBucket, context: CallContext) => Reply;

const BUCKET_READS: Record<string, { subresource: string; read: BucketRead }> = {
  GetBucketLocation: {
    subresource: 'location',
    read: (bucket, { requestId }) => {
      // us-east-1 buckets have an empty LocationConstraint; old eu-west-1 buckets say EU.
      const constraint = bucket.legacyEuLocation ? 'EU' : bucket.region === 'us-east-1' ? '' : bucket.region;
      return xmlReply(el('LocationConstraint', constraint, xmlns), requestId);
    },
  },
  GetBucketAcl: {
    subresource: 'acl',
    read: (bucket, { requestId }) => {
      const owner = canonicalUserId(bucket.ownerAccountId);
      // With ACLs disabled (BucketOwnerEnforced) S3 shows only the owner's grant, whatever was set before.
      const others = bucket.objectOwnership === 'BucketOwnerEnforced' ? [] : (bucket.grants ?? []);
      const grants = [{ canonicalUser: owner, permission: 'FULL_CONTROL' } as const, ...others];
      return xmlReply(
        el(
          'AccessControlPolicy',
          [el('Owner', [el('ID', owner)]), el('AccessControlList', grants.map(grantXml))],
          xmlns,
        ),
        requestId,
      );
    },
  },
  GetBucketPolicy: {
    subresource: 'policy',
    read: (bucket, { requestId }) => {
      if (bucket.policy === undefined)
        throw notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist', bucket);
      return {
        status: 200,
        headers: { ...s3Headers(requestId), 'content-type': 'application/json' },
        body: JSON.stringify(bucket.policy),
      };
    },
  },
  GetBucketPolicyStatus: {
    subresource: 'policyStatus',
    read: (bucket, { requestId }) => {
      if (bucket.policy === undefined)
        throw notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist', bucket);
      const isPublic =
        bucket.policyIsPublic === null || bucket.policyIsPublic === undefined
          ? []
          : [el('IsPublic', bucket.policyIsPublic)];
      return xmlReply(el('PolicyStatus', isPublic, xmlns), requestId);
    },
  },
  GetPublicAccessBlock: {
    subresource: 'publicAccessBlock',
    read: (bucket, { requestId }) => {
      if (bucket.publicAccessBlock === undefined) {
        throw notConfigured(
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
          bucket,
        );
      }
      return xmlReply(publicAccessBlockXml(bucket.publicAccessBlock, S3_NAMESPACE), requestId);
    },
  },
  GetBucketOwnershipControls: {
    subresource: 'ownershipControls',
    read: (bucket, { requestId }) => {
      if (bucket.objectOwnership === undefined) {
        throw notConfigured('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', bucket);
      }
      return xmlReply(
        el('OwnershipControls', [el('Rule', [el('ObjectOwnership', bucket.objectOwnership)])], xmlns),
        requestId,
      );
    },
  },
  GetBucketLogging: {
    subresource: 'logging',
    read: (bucket, { requestId }) => {
      const enabled =
        bucket.logging === undefined
          ? []
          : [
              el('LoggingEnabled', [
                el('TargetBucket', bucket.logging.targetBucket),
                el('TargetPrefix', bucket.logging.targetPrefix),
              ]),
            ];
      return xmlReply(el('BucketLoggingStatus', enabled, xmlns), requestId);
    },
  },
  GetBucketVersioning: {
    subresource: 'versioning',
    read: (bucket, { requestId }) => {
      // A bucket that never had versioning answers an empty configuration.
      const { versioning } = bucket;
      const members =
        versioning === undefined
          ? []
          : [el('Status', versioning.status), el('MfaDelete', versioning.mfaDelete ? 'Enabled' : 'Disabled')];
      return xmlReply(el('VersioningConfiguration', members, xmlns), requestId);
    },
  },
  GetObjectLockConfiguration: {
    subresource: 'object-lock',
    read: (bucket, { requestId }) => {
      const lock = bucket.objectLock;
      if (lock === undefined) {
        throw notConfigured(
          'ObjectLockConfigurationNotFoundError',
          'Object Lock configuration does not exist for this bucket',
          bucket,
        );
      }
      const rule =
        lock.retention === undefined
          ? []
          : [el('Rule', [el('DefaultRetention', [el('Mode', lock.retention.mode), el('Days', lock.retention.days)])])];
      return xmlReply(el('ObjectLockConfiguration', [el('ObjectLockEnabled', 'Enabled'), ...rule], xmlns), requestId);
    },
  },
};

function headBucket(name: string, call: IncomingCall, context: CallContext): Reply {
  try {
    const bucket = readableBucket(name, 'HeadBucket', call, context);
    return {
      status: 200,
      headers: {
        ...s3Headers(context.requestId),
        'x-amz-bucket-region': bucket.region,
        'x-amz-access-point-alias': 'false',
      },
      body: '',
    };
  } catch (error) {
    // HEAD answers carry no body, so S3 tells the bucket's Region in a header even when refusing access.
    const region = context.world.bucket(name)?.region;
    if (error instanceof AwsError && error.code === 'AccessDenied' && region !== undefined) {
      throw new AwsError(403, 'AccessDenied', error.message, { headers: { 'x-amz-bucket-region': region } });
    }
    throw error;
  }
}

/** The page after `continuation-token` (the last name returned, opaque to clients), at most `max-buckets` long. */
function listBuckets(call: IncomingCall, { world, account, requestId }: CallContext): Reply {
  const query = call.url.searchParams;
  const maxText = query.get('max-buckets');
  const max = maxText === null ? 10_000 : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 10_000) {
    throw new AwsError(400, 'InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000');
  }
  const after = Buffer.from(query.get('continuation-token') ?? '', 'base64url').toString();
  const prefix = query.get('prefix') ?? '';
  const region = query.get('bucket-region');
  const matching = world
    .bucketsOwnedBy(account.accountId)
    .filter((b) => b.name > after && b.name.startsWith(prefix) && (region === null || b.region === region));
  const page = matching.slice(0, max);
  // S3 includes BucketRegion "if the request contains at least one valid parameter".
  const withRegion = [...query.keys()].some((key) =>
    ['max-buckets', 'continuation-token', 'prefix', 'bucket-region'].includes(key),
  );
  const last = page.at(-1);
  const more = matching.length > page.length && last !== undefined;
  const buckets = page.map((b) =>
    el('Bucket', [
      el('Name', b.name),
      el('CreationDate', new Date(b.creationDate).toISOString()),
      el('BucketRegion', withRegion ? b.region : undefined),
    ]),
  );
  return xmlReply(
    el(
      'ListAllMyBucketsResult',
      [
        el('Owner', [el('ID', canonicalUserId(account.accountId))]),
        el('Buckets', buckets),
        el('ContinuationToken', more ? Buffer.from(last.name).toString('base64url') : undefined),
        el('Prefix', query.has('prefix') ? prefix : undefined),
      ],
      xmlns,
    ),
    requestId,
  );
}

/** Object reads, and the list operations (a GET of the bucket with no subresource). */
const OBJECT_READS = ['ListObjectsV2', 'ListObjects', 'GetObject', 'HeadObject'] as const;

function objectRead(call: IncomingCall, name: string, key: string | undefined): RoutedCall | undefined {
  const run = (
    operation: string,
    read: (objects: Map<string, StoredObject>, context: CallContext) => Reply,
  ): RoutedCall => ({
    operation,
    resources: key === undefined ? [name] : [name, key],
    run: (context) =>
      read(context.world.objects(readableBucket(name, operation, call, context).name, context.now), context),
  });
  if (key !== undefined) {
    if (call.method !== 'GET' && call.method !== 'HEAD') return undefined;
    const method = call.method;
    return run(method === 'GET' ? 'GetObject' : 'HeadObject', (objects, context) =>
      getObject(method, key, objects, context),
    );
  }
  if (call.method !== 'GET') return undefined;
  if (call.url.searchParams.get('list-type') === '2')
    return run('ListObjectsV2', (objects, context) => listObjectsV2(call, name, objects, context));
  const subresource = [...call.url.searchParams.keys()].some(
    (k) => !['prefix', 'marker', 'max-keys', 'delimiter', 'encoding-type'].includes(k),
  );
  return subresource ? undefined : run('ListObjects', (objects, context) => listObjects(call, name, objects, context));
}

export const s3: SandboxService = {
  spec: SERVICES.s3,
  operations: ['ListBuckets', 'HeadBucket', ...Object.keys(BUCKET_READS), ...OBJECT_READS],
  errors: s3Errors,
  route(call) {
    const notImplemented = new AwsError(
      501,
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
    );
    const path = call.url.pathname.slice(1);
    if (path === '') {
      return call.method === 'GET'
        ? { operation: 'ListBuckets', resources: [], run: (context) => listBuckets(call, context) }
        : notImplemented;
    }
    const slash = path.indexOf('/');
    const name = decodeURIComponent(slash === -1 ? path : path.slice(0, slash));
    const key = slash === -1 || slash === path.length - 1 ? undefined : decodeURIComponent(path.slice(slash + 1));
    if (key === undefined && call.method === 'HEAD' && call.url.search === '') {
      return { operation: 'HeadBucket', resources: [name], run: (context) => headBucket(name, call, context) };
    }
    const found = Object.entries(BUCKET_READS).find(([, { subresource }]) => call.url.searchParams.has(subresource));
    if (key !== undefined || found === undefined) return objectRead(call, name, key) ?? notImplemented;
    if (call.method !== 'GET') return notImplemented;
    const [operation, { read }] = found;
    return {
      operation,
      resources: [name],
      run: (context) => read(readableBucket(name, operation, call, context), context),
    };
  },
  renderError: renderS3Error,
};
