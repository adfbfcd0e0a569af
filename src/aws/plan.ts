/**
 * What a collection of some slices involves, derived from the kinds' declarations alone: which kinds and
 * reads run, which operations (hence IAM actions and SDK clients) it may use, and — given what it found —
 * the calls an ideal scan makes. Nothing here is kept by hand, so none of it can drift from the collector.
 */
import type { Envelope, Inventory, Slice } from '../model/inventory.js';
import { ALL_OPERATIONS, OPERATIONS, type Operation, type ServiceName } from './catalogue.js';
import { DISCOVERY_OPERATIONS } from './discover.js';
import { bucketKind } from './kinds/bucket.js';
import { DIGESTS_PHASE, plannedDigestCalls } from './kinds/digests.js';
import { BUILTIN_KINDS } from './kinds/index.js';
import { isBatchRead, slicesOf, type AnyRead, type RecordFields, type ResourceKind } from './kinds/kind.js';

export interface KindPlan {
  kind: ResourceKind;
  /** The kind's reads the slices need; none when the kind is needed only to find the records it references. */
  reads: AnyRead<RecordFields>[];
}

export interface CollectionPlan {
  kinds: KindPlan[];
  /** What the inventory will hold: the slices asked for, and the listings needed to find their records. */
  slices: Slice[];
}

export function collectionPlan(kinds: readonly ResourceKind[], slices: readonly Slice[]): CollectionPlan {
  const needed = new Set(kinds.filter((kind) => slicesOf(kind).some((s) => slices.includes(s))));
  // A kind whose records are referenced by a needed kind must be collected too, to find them.
  for (let grew = true; grew;) {
    grew = false;
    for (const kind of needed) {
      if (kind.source !== 'reference') continue;
      for (const { kind: parent } of kind.referencedBy) {
        if (!kinds.includes(parent))
          throw new Error(`kind ${kind.name} is referenced by ${parent.name}, which is not collected`);
        if (!needed.has(parent)) {
          needed.add(parent);
          grew = true;
        }
      }
    }
  }
  const planned = kinds.filter((kind) => needed.has(kind));
  const listingSlices = planned.flatMap((kind) => (kind.source === 'listing' ? [kind.listing.slice] : []));
  return {
    kinds: planned.map((kind) => ({
      kind,
      reads: kind.reads.flatMap((read) => readFor(read, slices)),
    })),
    slices: [...new Set([...slices, ...listingSlices])],
  };
}

/** A read as a collection of these slices runs it: for its own slice, or where another slice it feeds needs it. */
function readFor(read: AnyRead<RecordFields>, slices: readonly Slice[]): AnyRead<RecordFields>[] {
  if (slices.includes(read.slice)) return [read];
  if (isBatchRead(read) || read.alsoFor === undefined || !slices.includes(read.alsoFor.slice)) return [];
  const { alsoFor, ...rest } = read;
  return [{ ...rest, ...alsoFor }];
}

/**
 * The slices an inventory collected for `slices` holds: those, and each slice every read of which a slice
 * among them runs for all its records (`eventSelectors` reads what `multiRegionEventSelectors` needs). Read
 * from the declarations, so a saved inventory is judged by what its scan actually read.
 */
export function heldSlices(slices: readonly Slice[], kinds: readonly ResourceKind[] = BUILTIN_KINDS): Slice[] {
  const reads = kinds.flatMap((kind) => kind.reads);
  const held = allSlices(kinds).filter((slice) => {
    if (slices.includes(slice)) return false;
    const feeding = reads.filter((r) => r.slice === slice || (!isBatchRead(r) && r.alsoFor?.slice === slice));
    return feeding.length > 0 && feeding.every((r) => r.slice !== slice && slices.includes(r.slice));
  });
  return [...slices, ...held];
}

/** Every slice the kinds can feed, and the digests the verification phase reads. */
export function allSlices(kinds: readonly ResourceKind[] = BUILTIN_KINDS): Slice[] {
  return [...new Set([...kinds.flatMap(slicesOf), DIGESTS_PHASE.slice])];
}

/** Every operation a collection of these slices may call, discovery included, in catalogue order. */
export function operationsFor(slices: readonly Slice[], kinds: readonly ResourceKind[] = BUILTIN_KINDS): Operation[] {
  const used = new Set<Operation>(DISCOVERY_OPERATIONS);
  for (const { kind, reads } of collectionPlan(kinds, slices).kinds) {
    if (kind.source === 'listing') used.add(kind.listing.operation);
    if (kind.source === 'reference') for (const o of kind.locate.operations) used.add(o);
    for (const read of reads) used.add(read.operation);
  }
  if (slices.includes(DIGESTS_PHASE.slice)) for (const o of DIGESTS_PHASE.operations) used.add(o);
  const ordered = ALL_OPERATIONS.filter((o) => used.has(o));
  return [...ordered, ...[...used].filter((o) => !ordered.includes(o))];
}

/** The AWS services a collection of these slices talks to. */
export function servicesFor(slices: readonly Slice[], kinds?: readonly ResourceKind[]): ServiceName[] {
  return [...new Set(operationsFor(slices, kinds).map((o) => o.service as ServiceName))];
}

/** The IAM actions a scan needs for the given slices, sorted. */
export function requiredIamActions(slices: readonly Slice[]): string[] {
  return [...new Set(operationsFor(slices).map((o) => o.iamAction))].sort();
}

/** The least-privilege IAM policy document for a scan. */
export function iamPolicy(slices: readonly Slice[]): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TrailscanReadOnly', Effect: 'Allow', Action: requiredIamActions(slices), Resource: '*' }],
  };
}

/**
 * The policy of the principal that scans an organization: the read-only scan of its own account, the
 * account list, and the role it assumes in every other account (that role has the read-only policy).
 */
export function organizationScannerPolicy(slices: readonly Slice[], roleName: string): object {
  const { ListAccounts } = OPERATIONS.organizations;
  const { AssumeRole } = OPERATIONS.sts;
  return {
    Version: '2012-10-17',
    Statement: [
      ...(iamPolicy(slices) as { Statement: object[] }).Statement,
      { Sid: 'TrailscanListAccounts', Effect: 'Allow', Action: [ListAccounts.iamAction], Resource: '*' },
      {
        Sid: 'TrailscanEnterAccounts',
        Effect: 'Allow',
        Action: [AssumeRole.iamAction],
        Resource: `arn:*:iam::*:role/${roleName}`,
      },
    ],
  };
}

/**
 * A CloudFormation template of the read-only role trailscan assumes in each account, trusting the
 * scanning account (optionally with an external id); deployable to every account with a StackSet.
 */
export function memberRoleTemplate(slices: readonly Slice[], roleName: string): object {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'The read-only role trailscan assumes to audit this account (deployable as a StackSet)',
    Parameters: {
      ScannerAccountId: {
        Type: 'String',
        AllowedPattern: '^\\d{12}$',
        Description: 'The account trailscan runs in (the management account or a delegated administrator)',
      },
      ExternalId: {
        Type: 'String',
        Default: '',
        Description: 'An external id the scanner must pass (--external-id); empty for none',
      },
    },
    Conditions: { HasExternalId: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ExternalId' }, ''] }] } },
    Resources: {
      TrailscanRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: roleName,
          Description: 'Read-only access for trailscan (CloudTrail posture audit)',
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${ScannerAccountId}:root' } },
                Action: 'sts:AssumeRole',
                Condition: {
                  'Fn::If': [
                    'HasExternalId',
                    { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
                    { Ref: 'AWS::NoValue' },
                  ],
                },
              },
            ],
          },
          Policies: [{ PolicyName: 'TrailscanReadOnly', PolicyDocument: iamPolicy(slices) }],
        },
      },
    },
    Outputs: { RoleArn: { Value: { 'Fn::GetAtt': ['TrailscanRole', 'Arn'] } } },
  };
}

/** Account-wide calls have no Region of their own: they go to the scan's home Region. */
export const ACCOUNT_WIDE = '*';

/** Calls per operation id and Region. */
export type CallPlan = Record<string, Record<string, number>>;

/**
 * The calls an ideal scan makes to collect this inventory's slices, given what it found: each listing once
 * per scanned Region, each read once per record it applies to (batched reads once per batch), each record
 * located at its declared cost. A scan that makes more calls than this wasted some.
 */
export function plannedCalls(inventory: Inventory, kinds: readonly ResourceKind[] = BUILTIN_KINDS): CallPlan {
  const plan: CallPlan = {};
  const add = (operation: Operation, region: string, count = 1) => {
    if (count === 0) return;
    const byRegion = (plan[operation.id] ??= {});
    byRegion[region] = (byRegion[region] ?? 0) + count;
  };
  for (const operation of DISCOVERY_OPERATIONS) add(operation, ACCOUNT_WIDE);
  const fields = inventory as unknown as Record<string, unknown>;
  const recordsOf = (field: string) => Object.values((fields[field] ?? {}) as Record<string, RecordFields>);

  for (const { kind, reads } of collectionPlan(kinds, inventory.slices).kinds) {
    let readable: [RecordFields, string][] = [];
    let listedWith: (record: RecordFields) => RecordFields[] = () => [];
    if (kind.source === 'account') readable = [[fields, ACCOUNT_WIDE]];
    if (kind.source === 'region')
      readable = recordsOf(kind.field).map((record) => [record, record['region'] as string]);
    if (kind.source === 'listing') {
      for (const region of inventory.regions.scanned) add(kind.listing.operation, region);
      readable = recordsOf(kind.field).map((record) => [record, kind.home(record)]);
      const listings = (fields[kind.listing.field] ?? {}) as Record<string, Envelope<string[]>>;
      const byKey = (fields[kind.field] ?? {}) as Record<string, RecordFields>;
      // A record is first seen in its home Region's listing: the others it waits for are listed there.
      listedWith = (record) => {
        const listing = listings[kind.home(record)];
        return listing?.ok === true
          ? listing.value.flatMap((key) => {
              const other = byKey[key];
              return other === undefined ? [] : [other];
            })
          : [];
      };
    }
    if (kind.source === 'reference') {
      for (const operation of kind.locate.accountCalls) add(operation, ACCOUNT_WIDE);
      const located = recordsOf(kind.field);
      for (const record of located) for (const operation of kind.locate.calls(record)) add(operation, ACCOUNT_WIDE);
      readable = located.flatMap((record) => {
        const region = kind.readableIn(record);
        return region === undefined ? [] : [[record, region] as [RecordFields, string]];
      });
    }
    for (const read of reads) {
      const applicable = readable.filter(
        ([record]) =>
          read.appliesTo?.(
            record,
            inventory.account,
            fields,
            // As the collector: the records that lead wait for no one, and see no one.
            isBatchRead(read) || read.afterListed === undefined || read.afterListed.leads(record)
              ? []
              : listedWith(record),
          ) ?? true,
      );
      if (!isBatchRead(read)) {
        for (const [record, region] of applicable) add(read.operation, region, read.plannedCalls?.(record) ?? 1);
        continue;
      }
      const perRegion = new Map<string, number>();
      for (const [, region] of applicable) perRegion.set(region, (perRegion.get(region) ?? 0) + 1);
      for (const [region, count] of perRegion) add(read.operation, region, Math.ceil(count / read.batchSize));
    }
  }
  const bucketsLocated = collectionPlan(kinds, inventory.slices).kinds.some(({ kind }) => kind === bucketKind);
  plannedDigestCalls(inventory, bucketsLocated, add, ACCOUNT_WIDE);
  return plan;
}

/** The total of a plan per operation id, as a scan's call counts give it. */
export function callTotals(plan: CallPlan): Record<string, number> {
  return Object.fromEntries(
    Object.entries(plan).map(([operation, byRegion]) => [
      operation,
      Object.values(byRegion).reduce((a, b) => a + b, 0),
    ]),
  );
}
