/**
 * How collection is declared: per resource kind, which operations it calls, keyed by what, in which
 * Region, feeding which inventory slice. One generic collector (`../collect.ts`) runs the declarations;
 * the IAM policy, the SDK clients a scan loads and the call plan follow from the same declarations.
 *
 * A kind's records live in one inventory field, keyed by `key`. Records come into being in one of three
 * ways: the account itself (one record: the inventory's top level), a per-Region listing (DescribeTrails),
 * or a reference from records of another kind (a trail's bucket). Each read then fills one field of a
 * record with an envelope: the answer or the failed call, never a default.
 */
import type { Account, CollectionError, Envelope, Presence, Slice } from '../../model/inventory.js';
import type { AwsCaller } from '../caller.js';
import type { Operation } from '../catalogue.js';

export interface CollectContext {
  readonly caller: AwsCaller;
  readonly account: Account;
  /** The Region for account-wide calls (STS, EC2 DescribeRegions, S3 ListBuckets, S3 Control). */
  readonly homeRegion: string;
  /** How far back event history is searched, in days. */
  readonly historyDays: number;
  /** A value computed once per scan, shared by every record that needs it (the account's bucket list). */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** A call that failed but that the scan worked around; it is still reported. */
  recovered(error: CollectionError): void;
}

/** A record's envelope fields, as reads fill them. */
export type RecordFields = Record<string, unknown>;

/** One read per record: fills `field` with the envelope of the answer. */
export interface Read<R> {
  slice: Slice;
  field: string;
  /** The one operation it calls (once per record, or once per batch). */
  operation: Operation;
  /**
   * Records it applies to (all by default), e.g. only the account's own trails; `accountWide` holds the
   * account kind's fields (the inventory's top level), `listedWith` the records listed with it in its home
   * Region (for a read that declares `afterListed`, to a record `leads` does not pick; empty otherwise).
   */
  appliesTo?: (record: R, account: Account, accountWide: RecordFields, listedWith: readonly R[]) => boolean;
  /**
   * Fields whose reads answer first, so that `appliesTo` can look at them: of the same record, or account-wide
   * ones. A bucket's ACL is not read when its Object Ownership says ACLs are disabled.
   */
  after?: readonly string[];
  /**
   * For a listed kind: the records listed with this one in its home Region that `leads` picks answer `field`
   * first, so that `appliesTo` can look at them. The records `leads` picks never wait for it themselves. A
   * Region's own trail is asked whether it is logging only when no multi-Region trail there is.
   */
  afterListed?: { field: string; leads: (record: R) => boolean };
  /**
   * A slice the read also feeds, for the records `appliesTo` there picks: a scan that asks for that slice
   * but not for `slice` calls it only for those. CloudTrail.6 needs a bucket's policy document only when S3
   * cannot say the policy is not public; the log bucket policy check needs it always.
   */
  alsoFor?: Pick<Read<R>, 'after' | 'afterListed'> & { slice: Slice; appliesTo: NonNullable<Read<R>['appliesTo']> };
  /** Calls an ideal scan makes for the record once read (1 by default; more for paginated answers). */
  plannedCalls?: (record: R) => number;
  run(context: CollectContext, record: R, region: string): Promise<Envelope<unknown>>;
}

/** A read that takes several records per call, grouped by Region (ListTags takes 20 trail ARNs). */
export interface BatchRead<R> extends Omit<Read<R>, 'run' | 'after' | 'afterListed' | 'alsoFor'> {
  batchSize: number;
  /** One envelope per record, in their order. */
  runBatch(context: CollectContext, records: readonly R[], region: string): Promise<Envelope<unknown>[]>;
}

export type AnyRead<R> = Read<R> | BatchRead<R>;

export const isBatchRead = <R>(read: AnyRead<R>): read is BatchRead<R> => 'runBatch' in read;

interface KindBase<R> {
  name: string;
  reads: readonly AnyRead<R>[];
}

/** The scanned account: one record, the inventory's top level (account-wide reads such as S3 Control's). */
export interface AccountKind extends KindBase<RecordFields> {
  source: 'account';
}

/** One record per scanned Region (`{ region }`), read in that Region: what a Region holds as a whole. */
export interface RegionalKind<R> extends KindBase<R> {
  source: 'region';
  /** The inventory field of the records, keyed by Region. */
  field: string;
}

/** Records listed in every scanned Region, de-duplicated by key (a multi-Region trail shows everywhere). */
export interface ListedKind<R> extends KindBase<R> {
  source: 'listing';
  /** The inventory field of the records, keyed by `key`. */
  field: string;
  key(record: R): string;
  /** The Region its reads go to. */
  home(record: R): string;
  listing: {
    slice: Slice;
    /** The inventory field of the per-Region listings: Region → envelope of the keys listed there. */
    field: string;
    /** Called once in every scanned Region. */
    operation: Operation;
    /** Needs nothing discovery answers, so the home Region's listing leaves beside discovery's calls. */
    list(context: Pick<CollectContext, 'caller'>, region: string): Promise<Envelope<R[]>>;
  };
}

/** Records named by records of another kind (a trail's bucket, its KMS key), located before they are read. */
export interface ReferencedKind<R> extends KindBase<R> {
  source: 'reference';
  field: string;
  key(record: R): string;
  /**
   * The kinds whose records name these, and the keys a record names. Keys are taken when a record is
   * found and again once its reads are done, so they may come from what the reads answered.
   */
  referencedBy: readonly Reference[];
  locate: {
    operations: readonly Operation[];
    /** Started as soon as the scan knows the account, so the first reference need not wait for it. */
    prefetch?(context: CollectContext): void;
    /** Calls an ideal scan makes for the account, whatever its records (e.g. one ListBuckets). */
    accountCalls: readonly Operation[];
    run(context: CollectContext, key: string): Promise<R>;
    /** The calls locating the record cost an ideal scan. */
    calls(record: R): readonly Operation[];
  };
  /** Where its reads go, or undefined when it cannot be read (another account's, or gone). */
  readableIn(record: R): string | undefined;
}

/** A kind as the collector holds it, its record type erased. */
export type ResourceKind =
  AccountKind | RegionalKind<RecordFields> | ListedKind<RecordFields> | ReferencedKind<RecordFields>;

/** A declared kind: erased for the collector, still typed by its records for the kinds that reference it. */
export type DeclaredKind<R> = ResourceKind & { readonly records?: R };

/** Declares a listed kind; the casts keep each declaration typed by its own record. */
export const listedKind = <R>(kind: Omit<ListedKind<R>, 'source'>): DeclaredKind<R> =>
  ({ source: 'listing', ...kind }) as unknown as DeclaredKind<R>;

/** How records of one kind name records of another. */
export interface Reference {
  kind: ResourceKind;
  keys: (parent: RecordFields) => readonly string[];
}

/** Records of `kind` name these by `keys` (undefined and empty keys are no reference). */
export const referenceFrom = <P>(
  kind: DeclaredKind<P>,
  keys: (parent: P) => readonly (string | undefined)[],
): Reference => ({
  kind,
  keys: (parent) => keys(parent as unknown as P).filter((k): k is string => k !== undefined && k !== ''),
});

export const referencedKind = <R>(kind: Omit<ReferencedKind<R>, 'source'>): DeclaredKind<R> =>
  ({ source: 'reference', ...kind }) as unknown as DeclaredKind<R>;

export const accountKind = (kind: Omit<AccountKind, 'source'>): ResourceKind => ({ source: 'account', ...kind });

export const regionalKind = <R extends { region: string }>(kind: Omit<RegionalKind<R>, 'source'>): DeclaredKind<R> =>
  ({ source: 'region', ...kind }) as unknown as DeclaredKind<R>;

/** The slices a kind can feed, its listing's included. */
export function slicesOf(kind: ResourceKind): Slice[] {
  const reads = kind.reads.flatMap((r) => [r.slice, ...(!isBatchRead(r) && r.alsoFor ? [r.alsoFor.slice] : [])]);
  return kind.source === 'listing' ? [kind.listing.slice, ...reads] : reads;
}

/**
 * Whose a resource named by its ARN is, without a call: the scanned account's (read in the ARN's Region)
 * or another account's (its configuration cannot be read from here).
 */
export function presenceOfArn(arn: string, account: Account): Envelope<Presence> {
  const [, , , region = '', owner = ''] = arn.split(':');
  if (!arn.startsWith('arn:') || region === '' || owner === '') {
    return {
      ok: false,
      error: {
        operation: 'trailscan:ParseArn',
        region: 'global',
        code: 'InvalidArn',
        message: `not an ARN: ${arn}`,
        resource: arn,
      },
    };
  }
  return { ok: true, value: owner === account.id ? { state: 'owned', region } : { state: 'foreign' } };
}
