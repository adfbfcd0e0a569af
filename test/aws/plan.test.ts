/**
 * The plan computes, from a saved inventory, what the collector decided while collecting it: the same inputs
 * reach each read's `appliesTo` on both sides.
 */
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/aws/catalogue.js';
import { listedKind } from '../../src/aws/kinds/kind.js';
import { plannedCalls } from '../../src/aws/plan.js';
import type { Inventory, Slice } from '../../src/model/inventory.js';

interface Thing {
  key: string;
  region: string;
  leads: boolean;
  answer?: unknown;
}

describe('plannedCalls with a read that waits for the records listed with it (afterListed)', () => {
  it('gives a leading record no listed records, as the collector does, and the others their home listing', () => {
    const seen = new Map<string, string[]>();
    const kind = listedKind<Thing>({
      name: 'thing',
      field: 'things',
      key: (thing) => thing.key,
      home: (thing) => thing.region,
      listing: {
        slice: 'trails',
        field: 'thingLists',
        operation: OPERATIONS.cloudtrail.DescribeTrails,
        list: () => Promise.resolve({ ok: true, value: [] }),
      },
      reads: [
        {
          slice: 'trailStatus' as Slice,
          field: 'answer',
          operation: OPERATIONS.cloudtrail.GetTrailStatus,
          afterListed: { field: 'answer', leads: (thing) => thing.leads },
          appliesTo: (thing, _account, _accountWide, listedWith) => {
            seen.set(
              thing.key,
              listedWith.map((other) => other.key),
            );
            return true;
          },
          run: () => Promise.resolve({ ok: true, value: 'answered' }),
        },
      ],
    });
    const things = {
      lead: { key: 'lead', region: 'us-east-1', leads: true },
      follower: { key: 'follower', region: 'us-east-1', leads: false },
    };
    const inventory = {
      account: { id: '111122223333', partition: 'aws', identityArn: 'arn:aws:iam::111122223333:root' },
      regions: { scanned: ['us-east-1'], skipped: [] },
      slices: ['trails', 'trailStatus'],
      thingLists: { 'us-east-1': { ok: true, value: ['lead', 'follower'] } },
      things,
    } as unknown as Inventory;

    expect(plannedCalls(inventory, [kind])['cloudtrail:GetTrailStatus']).toEqual({ 'us-east-1': 2 });
    expect(Object.fromEntries(seen)).toEqual({ lead: [], follower: ['lead', 'follower'] });
  });
});
