import {
  allEventDataStores,
  defineCheck,
  eventDataStoreResource,
  judge,
  kmsKeyArn,
  read,
  shellQuote,
  unlistedEventDataStoreRegions,
  z,
} from './api.js';

export default defineCheck({
  id: 'CloudTrail.10',
  source: 'security-hub',
  title: 'CloudTrail Lake event data stores should be encrypted with customer managed AWS KMS keys',
  description:
    'Checks that each CloudTrail Lake event data store is encrypted with a customer managed KMS key ' +
    '(GetEventDataStore KmsKeyId; ListEventDataStores does not say) rather than a key AWS owns, and, with the ' +
    'kmsKeyArns parameter, with one of those keys, as AWS Config’s event-data-store-cmk-encryption-enabled does.',
  severity: 'MEDIUM',
  resourceType: 'AwsCloudTrailEventDataStore',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-10',
  references: [
    'https://docs.aws.amazon.com/config/latest/developerguide/event-data-store-cmk-encryption-enabled.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateEventDataStore.html',
  ],
  tags: ['cloudtrail', 'kms'],
  standards: ['aws-foundational'],
  compliance: {
    'NIST SP 800-53 Rev. 5': [
      'AU-9',
      'CA-9(1)',
      'CM-3(6)',
      'SC-7(10)',
      'SC-12(2)',
      'SC-13',
      'SC-28',
      'SC-28(1)',
      'SI-7(6)',
    ],
  },
  reasons: {
    EVENT_DATA_STORE_CMK: 'Event data store {store} is encrypted with the customer managed key {key}',
    EVENT_DATA_STORE_AWS_OWNED_KEY:
      'Event data store {store} is encrypted with a key AWS owns, not a customer managed key',
    KMS_KEY_NOT_ALLOWED: 'Event data store {store} is encrypted with {key}, which is not one of the kmsKeyArns',
  },
  parameters: z
    .object({
      kmsKeyArns: z
        .array(z.string().regex(/^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/.+$/, 'must be a KMS key ARN'))
        .default([])
        .describe('The KMS key ARNs event data stores may be encrypted with; any customer managed key when empty'),
    })
    .strict(),
  needs: () => ['eventDataStores', 'eventDataStoreEncryption'],
  remediation: (finding) => {
    const store = shellQuote(finding.resource.id);
    const region = shellQuote(finding.resource.region);
    if (finding.reasonCode === 'KMS_KEY_NOT_ALLOWED') {
      return {
        text:
          'A store’s KMS key cannot be changed once set: create a store encrypted with an allowed key (replace ' +
          '<new-store> and <key-arn>, and give it the old store’s selectors and retention), send new events ' +
          'there, and delete the old store once its events are no longer needed.',
        commands: [
          `aws cloudtrail get-event-data-store --event-data-store ${store} --region ${region}`,
          `aws cloudtrail create-event-data-store --name <new-store> --kms-key-id <key-arn> --region ${region}`,
        ],
      };
    }
    return {
      text:
        'Encrypt the store with a customer managed KMS key whose policy lets CloudTrail use it (replace ' +
        '<key-arn>). A key can be set once: after that it cannot be changed or removed, and disabling or ' +
        'deleting it stops the store’s ingestion and queries.',
      commands: [
        `aws cloudtrail update-event-data-store --event-data-store ${store} --kms-key-id <key-arn> --region ${region}`,
      ],
    };
  },
  evaluate: (inventory, params, verdict) => [
    ...allEventDataStores(inventory).map((store) =>
      judge(eventDataStoreResource(inventory, store), () => {
        const details = read(store.details, `GetEventDataStore of ${store.arn}`);
        const evidence = { kmsKeyId: details.kmsKeyId, multiRegion: details.multiRegion, status: details.status };
        if (details.kmsKeyId === null) {
          return verdict.failed('EVENT_DATA_STORE_AWS_OWNED_KEY', { store: store.name }, evidence);
        }
        const key = kmsKeyArn(details.kmsKeyId, { arn: store.arn, region: store.region });
        if (params.kmsKeyArns.length > 0 && !params.kmsKeyArns.includes(key)) {
          return verdict.failed(
            'KMS_KEY_NOT_ALLOWED',
            { store: store.name, key },
            { ...evidence, allowed: params.kmsKeyArns },
          );
        }
        return verdict.passed('EVENT_DATA_STORE_CMK', { store: store.name, key }, evidence);
      }),
    ),
    ...unlistedEventDataStoreRegions(inventory),
  ],
});
