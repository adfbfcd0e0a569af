/**
 * Collection: the calls the selected checks need, as concurrently as the data dependencies allow.
 *
 * Round 1: identity, Regions and the account's bucket list together. Round 2: DescribeTrails in every
 * Region at once. As soon as a trail is first seen (by ARN, so shadow copies are read once), its
 * per-trail reads start in its home Region and its bucket's reads start in the bucket's Region.
 */
import type { ScanEventSink } from '../model/events.js';
import {
  INVENTORY_SCHEMA_VERSION,
  type Bucket,
  type Envelope,
  type Inventory,
  type Slice,
  type Trail,
} from '../model/inventory.js';
import type { AwsCaller } from './caller.js';
import type { OwnedBuckets } from './collectors/s3.js';
import { discoverAccount, listRegions, planRegions, type RegionSelection } from './discover.js';
import { isNeeded, OPERATIONS, type Operation } from './operations.js';

export interface CollectOptions {
  /** The Region for account-wide calls (STS, EC2 DescribeRegions, S3 ListBuckets, S3 Control). */
  homeRegion: string;
  regions: RegionSelection;
  slices: readonly Slice[];
  emit: ScanEventSink;
}

/**
 * A promise started now and awaited later must not reject unhandled meanwhile: an abort (Ctrl-C) rejects
 * them all, and Node ends the process on an unhandled rejection. It stays awaited where it is used.
 */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export async function collectInventory(caller: AwsCaller, options: CollectOptions): Promise<Inventory> {
  const { homeRegion, slices, emit } = options;
  const needs = (operation: Operation) => isNeeded(operation, slices);
  const wantsBuckets = needs(OPERATIONS.listBuckets);
  // Collectors load on demand: a scan without bucket checks never loads the S3 client.
  const cloudtrailModule = import('./collectors/cloudtrail.js');
  const s3Module = wantsBuckets ? import('./collectors/s3.js') : undefined;

  const regionList = started(listRegions(caller, homeRegion));
  const ownedBuckets: Promise<Envelope<OwnedBuckets>> | undefined =
    s3Module === undefined ? undefined : started(s3Module.then((s3) => s3.listOwnedBuckets(caller, homeRegion)));
  const account = await discoverAccount(caller, homeRegion);
  emit({ type: 'identity', account });
  const accountBlock =
    s3Module === undefined || !needs(OPERATIONS.getAccountPublicAccessBlock)
      ? undefined
      : started(s3Module.then((s3) => s3.accountPublicAccessBlock(caller, homeRegion, account.id)));
  const plan = planRegions(await regionList, account.partition, options.regions);
  emit({ type: 'regions', scanned: plan.scanned, skipped: plan.skipped });

  const trails = new Map<string, Trail>();
  const trailReads = new Map<string, Promise<void>>();
  const buckets = new Map<string, Promise<Bucket>>();

  const readBucket = async (name: string): Promise<Bucket> => {
    if (s3Module === undefined || ownedBuckets === undefined) throw new Error('bucket read without a bucket slice');
    const [s3, owned] = await Promise.all([s3Module, ownedBuckets]);
    const presence = await s3.bucketPresence(caller, homeRegion, account.id, name, owned);
    if (!presence.ok || presence.value.state !== 'owned') return { name, presence };
    return { name, presence, ...(await s3.readOwnedBucket(caller, name, presence.value.region, account.id, slices)) };
  };

  /** Starts a trail's reads the first time its ARN is seen, in whichever Region lists it first. */
  const register = (trail: Trail): Promise<void> => {
    const known = trailReads.get(trail.arn);
    if (known !== undefined) return known;
    trails.set(trail.arn, trail);
    const bucketName = trail.s3BucketName;
    if (wantsBuckets && bucketName !== undefined && !buckets.has(bucketName))
      buckets.set(bucketName, started(readBucket(bucketName)));
    const reads = (async () => {
      const cloudtrail = await cloudtrailModule;
      const [status, selectors] = await Promise.all([
        needs(OPERATIONS.getTrailStatus) ? cloudtrail.getTrailStatus(caller, trail) : undefined,
        needs(OPERATIONS.getEventSelectors) ? cloudtrail.getEventSelectors(caller, trail) : undefined,
      ]);
      if (status !== undefined) trail.status = status;
      if (selectors !== undefined) trail.selectors = selectors;
    })();
    trailReads.set(trail.arn, started(reads));
    return reads;
  };

  const trailLists = await Promise.all(
    plan.scanned.map(async (region): Promise<[string, Envelope<string[]>]> => {
      emit({ type: 'regionStarted', region });
      const listed = await (await cloudtrailModule).describeTrails(caller, region);
      if (!listed.ok) {
        emit({ type: 'regionFinished', region, trailsSeen: 0, trailsHomed: 0, error: listed.error });
        return [region, listed];
      }
      for (const trail of listed.value) void register(trail);
      // The Region is done when the trails homed here are read; `register` returns their pending reads.
      const homed = listed.value.filter((t) => t.homeRegion === region);
      await Promise.all(homed.map(register));
      emit({ type: 'regionFinished', region, trailsSeen: listed.value.length, trailsHomed: homed.length });
      return [region, { ok: true, value: listed.value.map((t) => t.arn) }];
    }),
  );
  await Promise.all(trailReads.values());
  const collectedBuckets = await Promise.all(buckets.values());
  const accountPublicAccess = await accountBlock;
  const bucketListing = await ownedBuckets;

  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    collectedAt: new Date().toISOString(),
    account,
    regions: plan,
    slices: [...slices],
    trailLists: Object.fromEntries(trailLists),
    trails: Object.fromEntries([...trails].sort(([a], [b]) => a.localeCompare(b))),
    ...(accountPublicAccess === undefined ? {} : { accountPublicAccessBlock: accountPublicAccess }),
    buckets: Object.fromEntries(collectedBuckets.sort((a, b) => a.name.localeCompare(b.name)).map((b) => [b.name, b])),
    recoveredErrors: bucketListing === undefined || bucketListing.ok ? [] : [bucketListing.error],
  };
}
