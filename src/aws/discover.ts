/**
 * Discovery: who the caller is and which Regions to scan. Without these nothing can be scanned, so
 * failures here are errors for the user (exit 2), not NOT_AVAILABLE results.
 */
import { UsageError, CredentialsError } from '../errors.js';
import type { Account, CollectionError, SkippedRegion } from '../model/inventory.js';
import { required, type AwsCaller } from './caller.js';
import { OPERATIONS } from './catalogue.js';
import { parseArn, partitionOf } from './regions.js';

/** The calls every scan makes, whatever its checks. */
export const DISCOVERY_OPERATIONS = [OPERATIONS.sts.GetCallerIdentity, OPERATIONS.ec2.DescribeRegions] as const;

/** Error codes meaning the credentials themselves are missing, invalid or expired. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AuthFailure',
  'TokenProviderError',
]);

/**
 * A discovery call that failed, with the failure as data: a usage error when the scan is of one account,
 * the account's failure (NOT_AVAILABLE results) when it is one of several.
 */
export class DiscoveryFailed extends UsageError {
  override name = 'DiscoveryFailed';
  readonly failure: CollectionError;
  override readonly cause: UsageError;
  constructor(cause: UsageError, failure: CollectionError) {
    super(cause.message);
    this.cause = cause;
    this.failure = failure;
  }
}

/** The error to throw for a failed discovery call: credential problems keep their own wording. */
function discoveryError(failure: CollectionError, message: string): DiscoveryFailed {
  const cause = CREDENTIAL_ERRORS.has(failure.code)
    ? new CredentialsError(`${failure.code}: ${failure.message}`)
    : new UsageError(message);
  return new DiscoveryFailed(cause, failure);
}

export async function discoverAccount(caller: AwsCaller, region: string): Promise<Account> {
  // SDK modules load inside the scan, overlapping other requests in flight.
  const { GetCallerIdentityCommand } = await import('./sdk/sts.js');
  const identity = await caller.call(OPERATIONS.sts.GetCallerIdentity, region, (sts, abortSignal) =>
    sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
  );
  if (!identity.ok) {
    const { code, message } = identity.error;
    throw discoveryError(
      identity.error,
      `cannot identify the caller (sts:GetCallerIdentity failed: ${code}: ${message})`,
    );
  }
  const { Arn: arn, Account: id } = identity.value;
  if (arn === undefined || id === undefined) throw new UsageError('sts:GetCallerIdentity answered without the account');
  return { id, identityArn: arn, partition: parseArn(arn)?.partition ?? partitionOf(region) };
}

/** How EC2 and a proxy in front of it say the caller may not call DescribeRegions. */
const ACCESS_DENIED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);

export interface RegionSelection {
  /** Only these Regions (`--regions`); every enabled Region otherwise. */
  include?: readonly string[] | undefined;
  exclude?: readonly string[] | undefined;
}

export interface RegionPlan {
  scanned: string[];
  skipped: SkippedRegion[];
}

export type RegionList = { name: string; optInStatus: string | undefined }[];

/** Every Region of the endpoint's partition, with its opt-in status (one DescribeRegions call). */
export async function listRegions(caller: AwsCaller, region: string): Promise<RegionList> {
  const { DescribeRegionsCommand } = await import('./sdk/ec2.js');
  const answer = await caller.call(OPERATIONS.ec2.DescribeRegions, region, async (ec2, abortSignal) => {
    const regions = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }), { abortSignal });
    return required(regions.Regions, 'DescribeRegions', 'Regions');
  });
  if (!answer.ok) {
    const { code } = answer.error;
    // Only a refusal is fixed by granting the action; a timeout or a 5xx says what happened instead.
    const fix = ACCESS_DENIED.has(code) ? 'grant ec2:DescribeRegions' : answer.error.message;
    throw discoveryError(
      answer.error,
      `cannot list the account's Regions (ec2:DescribeRegions failed: ${code}); ${fix}`,
    );
  }
  return answer.value.flatMap((r) =>
    r.RegionName === undefined ? [] : [{ name: r.RegionName, optInStatus: r.OptInStatus }],
  );
}

/** Whether `--regions` and `--exclude-regions` keep a Region. */
export function isSelected(selection: RegionSelection, region: string): boolean {
  return (
    (selection.include === undefined || selection.include.includes(region)) && !selection.exclude?.includes(region)
  );
}

/** The Regions to scan: enabled, in the caller's partition, selected; not-enabled ones are skipped. */
export function planRegions(regions: RegionList, partition: string, selection: RegionSelection): RegionPlan {
  const known = regions.filter((r) => partitionOf(r.name) === partition).sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set(known.map((r) => r.name));
  for (const requested of [...(selection.include ?? []), ...(selection.exclude ?? [])]) {
    if (!names.has(requested)) throw new UsageError(`Region ${requested} is not a Region of partition ${partition}`);
  }
  const plan: RegionPlan = { scanned: [], skipped: [] };
  for (const { name, optInStatus } of known) {
    if (!isSelected(selection, name)) continue;
    if (optInStatus === 'opt-in-not-required' || optInStatus === 'opted-in') plan.scanned.push(name);
    else if (optInStatus === 'not-opted-in') plan.skipped.push({ region: name, reason: 'not enabled (opt-in Region)' });
    else plan.skipped.push({ region: name, reason: `not enabled (opt-in status ${optInStatus ?? 'unknown'})` });
  }
  if (plan.scanned.length === 0) {
    const skipped = plan.skipped.map((r) => r.region).join(', ');
    throw new UsageError(`no enabled Region to scan${skipped === '' ? '' : ` (not enabled: ${skipped})`}`);
  }
  return plan;
}
