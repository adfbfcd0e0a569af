/**
 * CloudTrail Lake event data stores as checks see them: one result per store in its Region, and a
 * NOT_AVAILABLE result for each Region whose stores could not be listed, so a scope never claims to have
 * seen every store when it has not.
 */
import { collected, common, describeErrors, SliceNotCollected, type Finding } from '../../src/model/check.js';
import type { EventDataStore, Inventory } from '../../src/model/inventory.js';
import type { Resource } from '../../src/model/result.js';
import { accountResource } from './resources.js';

export function eventDataStoreResource(inventory: Inventory, store: EventDataStore): Resource {
  return {
    type: 'AwsCloudTrailEventDataStore',
    id: store.arn,
    name: store.name,
    region: store.region,
    accountId: inventory.account.id,
    partition: inventory.account.partition,
  };
}

/** Every event data store listed, in a stable order (by ARN). */
export function allEventDataStores(inventory: Inventory): EventDataStore[] {
  if (inventory.eventDataStores === undefined) throw new SliceNotCollected('event data stores were not collected');
  return Object.values(inventory.eventDataStores).sort((a, b) => a.arn.localeCompare(b.arn));
}

/** One NOT_AVAILABLE finding per scanned Region where ListEventDataStores failed. */
export function unlistedEventDataStoreRegions(inventory: Inventory): Finding[] {
  return inventory.regions.scanned.flatMap((region) => {
    const list = collected(inventory.eventDataStoreLists?.[region], `ListEventDataStores in ${region}`);
    if (list.ok) return [];
    return [
      {
        resource: accountResource(inventory, region),
        ...common.notAvailable([list.error], 'EVENT_DATA_STORES_NOT_LISTED', {
          region,
          calls: describeErrors([list.error]),
        }),
      },
    ];
  });
}
