/**
 * The one collector: runs the resource kinds' declarations (`kinds/`) for the slices the selected checks
 * need, as concurrently as the data dependencies allow.
 *
 * Identity and Regions first, and beside them the home Region's listings (they need neither answer); then
 * every listing in every other Region at once. A record's reads start the
 * moment it is first seen (by key, so a trail shown in 17 Regions is read once), in its own Region, and the
 * records it references (its bucket) are located and read as soon as it is known, while other Regions
 * are still being listed. Batched reads (20 trails per ListTags) go out when a Region's listing is done.
 */
import type { ScanEventSink } from '../model/events.js';
import {
  type Account,
  INVENTORY_SCHEMA_VERSION,
  type CollectionError,
  type Envelope,
  type Inventory,
  type Bucket,
  type Slice,
  type Trail,
} from '../model/inventory.js';
import type { AwsCaller } from './caller.js';
import type { IntegrityRequest } from './collectors/digests.js';
import { DIGESTS_PHASE } from './kinds/digests.js';
import { discoverAccount, isSelected, listRegions, planRegions, type RegionSelection } from './discover.js';
import { BUILTIN_KINDS } from './kinds/index.js';
import {
  isBatchRead,
  type BatchRead,
  type CollectContext,
  type ListedKind,
  type Read,
  type RecordFields,
  type ResourceKind,
} from './kinds/kind.js';
import { collectionPlan } from './plan.js';

export interface CollectOptions {
  /** The Region for account-wide calls (STS, EC2 DescribeRegions, S3 ListBuckets, S3 Control). */
  homeRegion: string;
  regions: RegionSelection;
  slices: readonly Slice[];
  emit: ScanEventSink;
  /** The kinds to collect from; the built-in ones unless a test brings its own. */
  kinds?: readonly ResourceKind[];
  /** What `verify-logs` verifies; the last 24 hours of every trail with validation when absent. */
  integrity?: IntegrityRequest | undefined;
  /** How far back event history is searched (90 days, CloudTrail's event history, by default). */
  historyDays?: number;
  /** The account, when entering it already said who the scan is there (AssumeRole): not asked again. */
  account?: Account | undefined;
}

const DAY_MS = 86_400_000;

/**
 * A promise started now and awaited later must not reject unhandled meanwhile: an abort (Ctrl-C) rejects
 * them all, and Node ends the process on an unhandled rejection. It stays awaited where it is used.
 */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The region progress events count the records of the listed kind named here. */
const PROGRESS_KIND = 'trail';

export async function collectInventory(caller: AwsCaller, options: CollectOptions): Promise<Inventory> {
  const { homeRegion, emit } = options;
  const plan = collectionPlan(options.kinds ?? BUILTIN_KINDS, options.slices);

  const regionList = started(listRegions(caller, homeRegion));
  const listedKinds = plan.kinds.flatMap(({ kind }) => (kind.source === 'listing' ? [kind] : []));
  /** A Region's listings, sent together. */
  const listRegion = (region: string) =>
    listedKinds.map((kind) => ({ kind, listing: started(kind.listing.list({ caller }, region)) }));
  // The home Region is enabled (discovery's own calls go there), so unless the selection leaves it out its
  // listings go now: its trails are read a round trip sooner, and the chains that start from them end sooner.
  const homeListings = isSelected(options.regions, homeRegion) ? listRegion(homeRegion) : undefined;
  const account = options.account ?? (await discoverAccount(caller, homeRegion));
  emit({ type: 'identity', account });

  const sharedValues = new Map<string, Promise<unknown>>();
  const recoveredErrors: Inventory['recoveredErrors'] = [];
  const context: CollectContext = {
    caller,
    account,
    homeRegion,
    historyDays: options.historyDays ?? 90,
    shared: <T>(key: string, compute: () => Promise<T>) => {
      let value = sharedValues.get(key);
      if (value === undefined) {
        value = started(compute());
        sharedValues.set(key, value);
      }
      return value as Promise<T>;
    },
    recovered: (error) => recoveredErrors.push(error),
  };

  const pending: Promise<unknown>[] = [];
  const track = (work: Promise<unknown>) => pending.push(started(work));

  // Account-wide reads and the lookups located records share start now, beside the Region plan.
  const topLevel: RecordFields = {};
  /** Each account-wide field's read, for the reads that wait for it. */
  const topLevelReads = new Map<string, Promise<unknown>>();
  for (const { kind, reads } of plan.kinds) {
    if (kind.source === 'account') {
      for (const read of reads) {
        if (isBatchRead(read)) continue;
        const answered = read.run(context, topLevel, homeRegion).then((e) => (topLevel[read.field] = e));
        topLevelReads.set(read.field, answered);
        track(answered);
      }
    }
    if (kind.source === 'reference') kind.locate.prefetch?.(context);
  }

  const regionPlan = planRegions(await regionList, account.partition, options.regions);
  emit({ type: 'regions', scanned: regionPlan.scanned, skipped: regionPlan.skipped });

  const records = new Map<string, Map<string, RecordFields>>(plan.kinds.map(({ kind }) => [kind.name, new Map()]));
  /** The reads of each record, to wait for. */
  const readsOf = new Map<RecordFields, Promise<unknown>>();
  /** Each record's reads by field, started once: a read that waits for others (`after`) starts when they have answered. */
  const answersOf = new Map<RecordFields, Map<string, Promise<unknown>>>();
  /** Batched reads waiting for their Region's listing: kind → read field → Region → records. */
  const batches = new Map<BatchRead<RecordFields>, Map<string, RecordFields[]>>();

  /** Locates what a record references: when it is found, and again when its reads have answered. */
  const locateReferenced = (kind: ResourceKind, record: RecordFields) => {
    for (const { kind: child } of plan.kinds) {
      if (child.source !== 'reference') continue;
      for (const reference of child.referencedBy) {
        if (reference.kind === kind) for (const childKey of reference.keys(record)) locate(child, childKey);
      }
    }
  };

  const runReads = (
    kindName: string,
    record: RecordFields,
    region: string | undefined,
    listedWith: Promise<RecordFields[]>,
  ): Promise<unknown> => {
    const entry = plan.kinds.find(({ kind }) => kind.name === kindName);
    if (entry === undefined || region === undefined) return Promise.resolve();
    const applies = (read: (typeof entry.reads)[number], listed: RecordFields[]) =>
      read.appliesTo?.(record, account, topLevel, listed) ?? true;
    const reads = new Map(entry.reads.flatMap((read) => (isBatchRead(read) ? [] : [[read.field, read] as const])));
    const answers = new Map<string, Promise<unknown>>();
    answersOf.set(record, answers);
    const answerOf = (read: Read<RecordFields>): Promise<unknown> => {
      const known = answers.get(read.field);
      if (known !== undefined) return known;
      // The records that lead never wait: only the others look at them.
      const { afterListed } = read;
      const waitsForListed = afterListed !== undefined && !afterListed.leads(record);
      const run = async () => {
        if (applies(read, waitsForListed ? await listedWith : [])) {
          record[read.field] = await read.run(context, record, region);
        }
      };
      const before = (read.after ?? []).flatMap((field) => {
        const other = reads.get(field);
        return other === undefined ? (topLevelReads.get(field) ?? []) : [answerOf(other)];
      });
      if (waitsForListed) before.push(listedWith.then((listed) => leadAnswers(afterListed, record, listed)));
      const answered = before.length === 0 ? run() : Promise.all(before).then(run);
      answers.set(read.field, answered);
      return answered;
    };
    const work = [...reads.values()].map(answerOf);
    for (const read of entry.reads) {
      if (!isBatchRead(read) || !applies(read, [])) continue;
      const byRegion = batches.get(read) ?? new Map<string, RecordFields[]>();
      batches.set(read, byRegion);
      byRegion.set(region, [...(byRegion.get(region) ?? []), record]);
    }
    return started(Promise.all(work));
  };

  /** The answers a read declaring `afterListed` waits for: that field of the leading records listed with it. */
  const leadAnswers = (
    { field, leads }: NonNullable<Read<RecordFields>['afterListed']>,
    record: RecordFields,
    listed: RecordFields[],
  ) =>
    Promise.all(
      listed.flatMap((other) => {
        const answered = other !== record && leads(other) ? answersOf.get(other)?.get(field) : undefined;
        return answered === undefined ? [] : [answered];
      }),
    );

  /** Runs the batched reads waiting for a Region (or for every Region), in batches of their size. */
  const flushBatches = (region?: string): Promise<unknown> => {
    const work: Promise<unknown>[] = [];
    for (const [read, byRegion] of batches) {
      for (const [batchRegion, waiting] of byRegion) {
        if (region !== undefined && batchRegion !== region) continue;
        byRegion.delete(batchRegion);
        for (let i = 0; i < waiting.length; i += read.batchSize) {
          const batch = waiting.slice(i, i + read.batchSize);
          work.push(
            read.runBatch(context, batch, batchRegion).then((envelopes) => {
              batch.forEach((record, index) => (record[read.field] = envelopes[index]));
            }),
          );
        }
      }
    }
    return started(Promise.all(work));
  };

  /**
   * Records a record the first time its key is seen, starts its reads, and locates what it references.
   * `listedWith`: the records of the listing it was first seen in, once that listing is registered.
   */
  const register = (
    kind: ResourceKind,
    record: RecordFields,
    region: string | undefined,
    listedWith: Promise<RecordFields[]> = Promise.resolve([]),
  ): Promise<unknown> => {
    if (kind.source === 'account') return Promise.resolve();
    const known = records.get(kind.name);
    const key = kind.source === 'region' ? (record['region'] as string) : kind.key(record);
    const existing = known?.get(key);
    if (existing !== undefined) return readsOf.get(existing) ?? Promise.resolve();
    known?.set(key, record);
    const reads = runReads(kind.name, record, region, listedWith);
    readsOf.set(record, reads);
    locateReferenced(kind, record);
    track(
      reads.then(() => {
        locateReferenced(kind, record);
      }),
    );
    return reads;
  };

  const located = new Set<string>();
  const locate = (kind: ResourceKind & { source: 'reference' }, key: string) => {
    const id = `${kind.name}:${key}`;
    if (located.has(id)) return;
    located.add(id);
    track(kind.locate.run(context, key).then((record) => register(kind, record, kind.readableIn(record))));
  };

  for (const { kind } of plan.kinds) {
    if (kind.source === 'region') for (const region of regionPlan.scanned) void register(kind, { region }, region);
  }

  const listings = new Map<ListedKind<RecordFields>, Map<string, Envelope<string[]>>>(
    listedKinds.map((kind) => [kind, new Map()]),
  );

  await Promise.all(
    regionPlan.scanned.map(async (region) => {
      emit({ type: 'regionStarted', region });
      let progress = { seen: 0, homed: 0 };
      const homedReads: Promise<unknown>[] = [];
      let error: CollectionError | undefined;
      const listedHere = region === homeRegion && homeListings !== undefined ? homeListings : listRegion(region);
      for (const { kind, listing } of listedHere) {
        const listed = await listing;
        if (!listed.ok) {
          listings.get(kind)?.set(region, listed);
          if (kind.name === PROGRESS_KIND) error = listed.error;
          continue;
        }
        listings.get(kind)?.set(region, { ok: true, value: listed.value.map((r) => kind.key(r)) });
        const homed = listed.value.filter((r) => kind.home(r) === region);
        let registered: (records: RecordFields[]) => void = () => undefined;
        const listedWith = new Promise<RecordFields[]>((resolve) => (registered = resolve));
        for (const record of listed.value) {
          const reads = register(kind, record, kind.home(record), listedWith);
          if (kind.home(record) === region) homedReads.push(reads);
        }
        const known = records.get(kind.name);
        registered(
          listed.value.flatMap((r): RecordFields[] => {
            const seen = known?.get(kind.key(r));
            return seen === undefined ? [] : [seen];
          }),
        );
        if (kind.name === PROGRESS_KIND) progress = { seen: listed.value.length, homed: homed.length };
      }
      // The Region is done when the records homed here are read, batched reads included.
      await Promise.all([...homedReads, flushBatches(region)]);
      emit({
        type: 'regionFinished',
        region,
        trailsSeen: progress.seen,
        trailsHomed: progress.homed,
        ...(error === undefined ? {} : { error }),
      });
    }),
  );
  // Records homed in Regions that were not listed (left out, or unreadable) still get their batched reads.
  track(flushBatches());
  // Located records start more work as they arrive; wait until nothing is left.
  for (let done = 0; done < pending.length;) {
    const batch = pending.slice(done);
    done += batch.length;
    await Promise.all(batch);
  }

  const inventory: Record<string, unknown> = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    collectedAt: new Date().toISOString(),
    account,
    regions: regionPlan,
    slices: plan.slices,
  };
  for (const kind of options.kinds ?? BUILTIN_KINDS) {
    if (kind.source === 'account') continue;
    const sorted = [...(records.get(kind.name) ?? [])].sort(([a], [b]) => a.localeCompare(b));
    inventory[kind.field] = Object.fromEntries(sorted);
    if (kind.source === 'listing') inventory[kind.listing.field] = Object.fromEntries(listings.get(kind) ?? []);
  }
  if (options.slices.includes(DIGESTS_PHASE.slice)) {
    const trails = Object.values((inventory['trails'] ?? {}) as Record<string, Trail>);
    const { collectIntegrity } = await import('./collectors/digests.js');
    inventory['integrity'] = await collectIntegrity(context, {
      trails,
      located: (inventory['buckets'] ?? {}) as Record<string, Bucket>,
      scanned: regionPlan.scanned,
      request: options.integrity ?? {
        window: { start: new Date(Date.now() - DAY_MS), end: new Date() },
        verifyLogFiles: false,
      },
      emit,
    });
  }
  Object.assign(inventory, topLevel, { recoveredErrors });
  return inventory as unknown as Inventory;
}
