/**
 * Every AWS operation trailscan may call, with the IAM action that authorises it, and which inventory
 * slice needs it. This table is the least-privilege policy: the README's IAM policy is generated from
 * it, and tests fail if a collector sends anything not listed here or anything that is not a read.
 */
import type { Slice } from '../model/inventory.js';
import type { ServiceName } from './clients.js';

export interface Operation {
  service: ServiceName;
  /** The API operation name, as the SDK command is named without `Command`. */
  name: string;
  /** The IAM action that authorises it (S3's differ from the API names). */
  iamAction: string;
  /** The slices that need this call; `discovery` for the calls every scan makes. */
  neededBy: readonly (Slice | 'discovery')[];
}

const op = <S extends ServiceName>(
  service: S,
  name: string,
  iamAction: string,
  neededBy: Operation['neededBy'],
): Operation & { service: S } => ({
  service,
  name,
  iamAction,
  neededBy,
});

const BUCKETS = ['bucketPublicAccess', 'bucketLogging'] as const;

export const OPERATIONS = {
  getCallerIdentity: op('sts', 'GetCallerIdentity', 'sts:GetCallerIdentity', ['discovery']),
  describeRegions: op('ec2', 'DescribeRegions', 'ec2:DescribeRegions', ['discovery']),
  describeTrails: op('cloudtrail', 'DescribeTrails', 'cloudtrail:DescribeTrails', ['trails']),
  getTrailStatus: op('cloudtrail', 'GetTrailStatus', 'cloudtrail:GetTrailStatus', ['trailStatus']),
  getEventSelectors: op('cloudtrail', 'GetEventSelectors', 'cloudtrail:GetEventSelectors', ['eventSelectors']),
  listBuckets: op('s3', 'ListBuckets', 's3:ListAllMyBuckets', BUCKETS),
  getBucketLocation: op('s3', 'GetBucketLocation', 's3:GetBucketLocation', BUCKETS),
  getBucketAcl: op('s3', 'GetBucketAcl', 's3:GetBucketAcl', ['bucketPublicAccess']),
  getBucketPolicy: op('s3', 'GetBucketPolicy', 's3:GetBucketPolicy', ['bucketPublicAccess']),
  getBucketPolicyStatus: op('s3', 'GetBucketPolicyStatus', 's3:GetBucketPolicyStatus', ['bucketPublicAccess']),
  getBucketPublicAccessBlock: op('s3', 'GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock', ['bucketPublicAccess']),
  getBucketOwnershipControls: op('s3', 'GetBucketOwnershipControls', 's3:GetBucketOwnershipControls', [
    'bucketPublicAccess',
  ]),
  getBucketLogging: op('s3', 'GetBucketLogging', 's3:GetBucketLogging', ['bucketLogging']),
  getAccountPublicAccessBlock: op('s3control', 'GetPublicAccessBlock', 's3:GetAccountPublicAccessBlock', [
    'bucketPublicAccess',
  ]),
} as const satisfies Record<string, Operation>;

/** `service:Operation`, the name used in collection errors and call counts. */
export const operationId = (operation: Operation): string => `${operation.service}:${operation.name}`;

/** Read-only by name: Describe*, Get*, List*, Lookup*, Head*. */
export const isReadOnly = (name: string): boolean => /^(Describe|Get|List|Lookup|Head)[A-Z]/.test(name);

/** Does a collection of these slices make this call? The one rule for calls, services and IAM actions. */
export function isNeeded(operation: Operation, slices: readonly Slice[]): boolean {
  return operation.neededBy.some((n) => n === 'discovery' || slices.includes(n));
}

/** The AWS services a collection of these slices talks to. */
export function servicesFor(slices: readonly Slice[]): ServiceName[] {
  return [
    ...new Set(
      Object.values(OPERATIONS)
        .filter((o) => isNeeded(o, slices))
        .map((o) => o.service),
    ),
  ];
}

/** The IAM actions a scan needs for the given slices (all of them by default), sorted. */
export function requiredIamActions(slices?: readonly Slice[]): string[] {
  const actions = Object.values(OPERATIONS)
    .filter((o) => slices === undefined || isNeeded(o, slices))
    .map((o) => o.iamAction);
  return [...new Set(actions)].sort();
}

/** The least-privilege IAM policy document for a scan. */
export function iamPolicy(slices?: readonly Slice[]): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TrailscanReadOnly', Effect: 'Allow', Action: requiredIamActions(slices), Resource: '*' }],
  };
}
