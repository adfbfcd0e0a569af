/**
 * Where a result "is" for tools built around source files (GitHub code scanning, JUnit consumers): a
 * relative pseudo-path per resource, `trailscan/aws/<account>/<region|global>/<service>/<type>/<name>`.
 *
 * GitHub rejects a whole SARIF upload whose artifact URI has a scheme (an ARN parses as scheme `arn:`) or
 * is not a valid URI, and it keys alerts on the path, so the path must be scheme-less, percent-encoded and
 * built only from identifiers that survive re-scans.
 */
import type { Resource, ResourceType } from '../src/model/result.js';
import { wellFormed } from '../src/unicode.js';

/** Fixed first segment: with no colon before the first `/`, the path can never parse as a scheme. */
const ROOT = 'trailscan/aws';

const PATH_KIND: Record<ResourceType, { service: string; type: string }> = {
  AwsAccount: { service: 'account', type: 'account' },
  AwsCloudTrailEventDataStore: { service: 'cloudtrail', type: 'eventdatastore' },
  AwsCloudTrailTrail: { service: 'cloudtrail', type: 'trail' },
  AwsKmsKey: { service: 'kms', type: 'key' },
  AwsS3Bucket: { service: 's3', type: 'bucket' },
};

/**
 * One path segment: percent-encoded (a lone surrogate, which cannot be, as U+FFFD), and never a `.`/`..`
 * dot-segment that would be resolved away.
 */
function segment(value: string): string {
  return /^\.{1,2}$/.test(value) ? value.replaceAll('.', '%2E') : encodeURIComponent(wellFormed(value));
}

function pathOf(segments: readonly string[]): string {
  return [ROOT, ...segments.map(segment)].join('/');
}

/** The account in an ARN (`arn:partition:service:region:account:resource`); empty for S3 buckets. */
function arnAccount(id: string): string | undefined {
  const parts = id.split(':');
  return parts[0] === 'arn' && parts[4] ? parts[4] : undefined;
}

/**
 * The pseudo-path of a resource. The account segment is the resource's owner when its ARN names one, so an
 * organization trail seen from a member account never shares a path with a same-named local trail.
 */
export function resourcePath(resource: Resource): string {
  const { service, type } = PATH_KIND[resource.type];
  const owner = arnAccount(resource.id) ?? resource.accountId;
  return pathOf([owner, resource.region, service, type, resource.name]);
}

/** The pseudo-path of a Region of an account (or `global`), for what concerns no single resource. */
export function regionPath(accountId: string, region: string): string {
  return pathOf([accountId, region]);
}
