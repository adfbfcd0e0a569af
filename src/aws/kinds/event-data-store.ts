/**
 * CloudTrail Lake event data stores: listed in every Region (ListEventDataStores answers that Region's
 * stores), then read one by one, since only GetEventDataStore says which KMS key encrypts a store.
 */
import type { EventDataStore } from '../../model/inventory.js';
import { allPages, required } from '../caller.js';
import { OPERATIONS } from '../catalogue.js';
import { listedKind } from './kind.js';

const cloudtrailSdk = () => import('../sdk/cloudtrail.js');

export const eventDataStoreKind = listedKind<EventDataStore>({
  name: 'eventDataStore',
  field: 'eventDataStores',
  key: (store) => store.arn,
  home: (store) => store.region,
  listing: {
    slice: 'eventDataStores',
    field: 'eventDataStoreLists',
    operation: OPERATIONS.cloudtrail.ListEventDataStores,
    async list({ caller }, region) {
      const { ListEventDataStoresCommand } = await cloudtrailSdk();
      return allPages((token) =>
        caller.call(OPERATIONS.cloudtrail.ListEventDataStores, region, async (cloudtrail, abortSignal) => {
          const answer = await cloudtrail.send(new ListEventDataStoresCommand({ NextToken: token }), { abortSignal });
          return {
            // An answer without the list is a failed call, not an account without stores.
            items: required(answer.EventDataStores, 'ListEventDataStores', 'EventDataStores').map(
              (store): EventDataStore => ({
                arn: required(store.EventDataStoreArn, 'ListEventDataStores', 'EventDataStoreArn'),
                name: store.Name ?? '',
                region,
              }),
            ),
            next: answer.NextToken,
          };
        }),
      );
    },
  },
  reads: [
    {
      slice: 'eventDataStoreEncryption',
      field: 'details',
      operation: OPERATIONS.cloudtrail.GetEventDataStore,
      async run({ caller }, store, region) {
        const { GetEventDataStoreCommand } = await cloudtrailSdk();
        return caller.call(
          OPERATIONS.cloudtrail.GetEventDataStore,
          region,
          async (cloudtrail, abortSignal) => {
            const answer = await cloudtrail.send(new GetEventDataStoreCommand({ EventDataStore: store.arn }), {
              abortSignal,
            });
            required(answer.EventDataStoreArn, 'GetEventDataStore', 'EventDataStoreArn');
            return {
              kmsKeyId: answer.KmsKeyId === undefined || answer.KmsKeyId === '' ? null : answer.KmsKeyId,
              multiRegion: required(answer.MultiRegionEnabled, 'GetEventDataStore', 'MultiRegionEnabled'),
              organization: answer.OrganizationEnabled === true,
              status: required(answer.Status, 'GetEventDataStore', 'Status'),
            };
          },
          { resource: store.arn },
        );
      },
    },
  ],
});
