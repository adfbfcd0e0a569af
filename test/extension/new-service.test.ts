/**
 * The README's recipe for a check that needs a new AWS service, walked end to end with a throwaway one:
 * a catalogue entry, its SDK client, a resource kind with a listing and a per-record read, a sandbox module
 * and a check — through the real SDK, the real collector and the real engine. If an extension point
 * stops taking additions, this fails.
 */
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineCheck, judge, read, type Inventory } from '../../checks/api.js';
import { AwsCaller, required } from '../../src/aws/caller.js';
import { defineService } from '../../src/aws/catalogue.js';
import { AwsClients, type ClientConstructor, type SdkClient } from '../../src/aws/clients.js';
import { collectInventory } from '../../src/aws/collect.js';
import { BUILTIN_KINDS } from '../../src/aws/kinds/index.js';
import { listedKind } from '../../src/aws/kinds/kind.js';
import { callTotals, operationsFor, plannedCalls } from '../../src/aws/plan.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Slice } from '../../src/model/inventory.js';
import { parseScenario, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { jsonOperation, jsonReply, jsonService } from '../../src/sandbox/protocols/json.js';
import { world } from '../e2e/worlds.js';

// 1. The service and its operations, as the catalogue declares them.
const queues = defineService('sqs', {
  signingName: 'sqs',
  protocol: { kind: 'json', targetPrefix: 'AmazonSQS' },
  ratePerSecond: 20,
  operations: {
    ListQueues: { iamAction: 'sqs:ListQueues' },
    GetQueueAttributes: { iamAction: 'sqs:GetQueueAttributes' },
  },
});
const [listQueues, getQueueAttributes] = queues.operations as [
  (typeof queues.operations)[number],
  (typeof queues.operations)[number],
];

// 2. The slices and their records (a new kind of record: its own inventory field).
const QUEUES = 'queues' as Slice;
const QUEUE_ENCRYPTION = 'queueEncryption' as Slice;
interface Queue {
  url: string;
  region: string;
  encryption?: { ok: true; value: { kmsKeyId: string | null; sqsManaged: boolean } } | { ok: false; error: never };
}

// 3. The collection: a kind listed in every Region, with one read per record.
const queueKind = listedKind<Queue>({
  name: 'queue',
  field: 'queues',
  key: (queue) => queue.url,
  home: (queue) => queue.region,
  listing: {
    slice: QUEUES,
    field: 'queueLists',
    operation: listQueues,
    list: ({ caller }, region) =>
      caller.call(listQueues, region, async (sqs, abortSignal) => {
        const answer = (await sqs.send(new ListQueuesCommand({}), { abortSignal })) as { QueueUrls?: string[] };
        return required(answer.QueueUrls, 'ListQueues', 'QueueUrls').map((url) => ({ url, region }));
      }),
  },
  reads: [
    {
      slice: QUEUE_ENCRYPTION,
      field: 'encryption',
      operation: getQueueAttributes,
      run: ({ caller }, queue, region) =>
        caller.call(getQueueAttributes, region, async (sqs, abortSignal) => {
          const input = { QueueUrl: queue.url, AttributeNames: ['KmsMasterKeyId', 'SqsManagedSseEnabled'] as never };
          const answer = (await sqs.send(new GetQueueAttributesCommand(input), { abortSignal })) as {
            Attributes?: Record<string, string>;
          };
          const attributes = required(answer.Attributes, 'GetQueueAttributes', 'Attributes');
          return {
            kmsKeyId: attributes['KmsMasterKeyId'] ?? null,
            sqsManaged: attributes['SqsManagedSseEnabled'] === 'true',
          };
        }),
    },
  ],
});
const kinds = [...BUILTIN_KINDS, queueKind];

// 4. The sandbox module: the state the verdict depends on, and the service's routing.
const QUEUE_STATE: Record<string, { kmsKeyId?: string; sqsManaged: boolean }> = {
  'us-east-1/orders': { kmsKeyId: 'alias/orders', sqsManaged: false },
  'eu-west-1/plain': { sqsManaged: false },
};
const queueUrl = (region: string, name: string) => `https://sqs.${region}.amazonaws.com/210987654321/${name}`;
const sandboxQueues = jsonService(queues, {
  ListQueues: jsonOperation(
    z.looseObject({}),
    () => [],
    (_input, { region, requestId }) =>
      jsonReply(
        {
          QueueUrls: Object.keys(QUEUE_STATE)
            .filter((key) => key.startsWith(`${region}/`))
            .map((key) => queueUrl(region, key.split('/')[1]!)),
        },
        requestId,
      ),
  ),
  GetQueueAttributes: jsonOperation(
    z.looseObject({ QueueUrl: z.string() }),
    (input) => [input.QueueUrl],
    (input, { region, requestId }) => {
      const state = QUEUE_STATE[`${region}/${input.QueueUrl.split('/').at(-1)!}`]!;
      return jsonReply(
        {
          Attributes: {
            SqsManagedSseEnabled: String(state.sqsManaged),
            ...(state.kmsKeyId === undefined ? {} : { KmsMasterKeyId: state.kmsKeyId }),
          },
        },
        requestId,
      );
    },
  ),
});

// 5. The check, from the public check API.
const queuesEncrypted = defineCheck({
  id: 'trailscan.queues-encrypted',
  source: 'trailscan',
  standards: [],
  title: 'SQS queues should be encrypted at rest',
  description: 'Checks that every queue uses SSE-SQS or a KMS key.',
  severity: 'MEDIUM',
  resourceType: 'AwsAccount',
  documentationUrl:
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html',
  references: [],
  tags: ['sqs'],
  compliance: {},
  reasons: { QUEUE_ENCRYPTED: 'Queue {queue} is encrypted', QUEUE_NOT_ENCRYPTED: 'Queue {queue} is not encrypted' },
  parameters: z.object({}),
  needs: () => [QUEUES, QUEUE_ENCRYPTION],
  remediation: () => ({ text: 'Turn on SSE-SQS.', commands: [] }),
  evaluate: (inventory, _params, verdict) =>
    Object.values((inventory as Inventory & { queues: Record<string, Queue> }).queues).map((queue) =>
      judge(
        {
          type: 'AwsAccount',
          id: queue.url,
          name: queue.url.split('/').at(-1)!,
          region: queue.region,
          accountId: inventory.account.id,
          partition: inventory.account.partition,
        },
        () => {
          const encryption = read(queue.encryption, `encryption of ${queue.url}`);
          const name = queue.url.split('/').at(-1)!;
          return encryption.sqsManaged || encryption.kmsKeyId !== null
            ? verdict.passed('QUEUE_ENCRYPTED', { queue: name })
            : verdict.failed('QUEUE_NOT_ENCRYPTED', { queue: name });
        },
      ),
    ),
});

describe('a check on a new AWS service, through every extension point', () => {
  let sandbox: RunningSandbox;
  let clients: AwsClients;
  beforeAll(async () => {
    sandbox = await startSandbox(parseScenario(world(), 'extension'), { extraServices: [sandboxQueues] });
    const keys = sandbox.accounts[0]!;
    clients = new AwsClients({
      credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
      endpointUrl: sandbox.url,
      maxAttempts: 1,
      requestTimeoutMs: 5000,
      connectTimeoutMs: 2000,
      maxSockets: 16,
      // The queue URLs name AWS hosts: the client keeps to the sandbox endpoint.
      extraServices: [
        {
          service: queues,
          load: () =>
            Promise.resolve(
              class extends SQSClient {
                constructor(config: ConstructorParameters<typeof SQSClient>[0] & object) {
                  super({ ...config, useQueueUrlAsEndpoint: false });
                }
              } as unknown as ClientConstructor<SdkClient>,
            ),
        },
      ],
    });
  });
  afterAll(async () => {
    await clients.destroy();
    await sandbox.close();
  });

  it('collects, evaluates and plans the new service like a built-in one', async () => {
    const slices = queuesEncrypted.needs({});
    const caller = new AwsCaller(clients, { concurrency: 8 });
    const inventory = await collectInventory(caller, {
      homeRegion: 'us-east-1',
      regions: {},
      slices,
      emit: () => {},
      kinds,
    });

    const results = evaluate(inventory, [{ check: queuesEncrypted, params: {} }]);
    expect(results.map((r) => [r.resource.name, r.resource.region, r.status, r.reason])).toEqual([
      ['plain', 'eu-west-1', 'FAILED', 'Queue plain is not encrypted'],
      ['orders', 'us-east-1', 'PASSED', 'Queue orders is encrypted'],
    ]);
    expect(sandbox.counts()['sqs:ListQueues']).toEqual({ 'eu-west-1': 1, 'us-east-1': 1, 'us-west-2': 1 });
    expect(caller.counts.byOperation).toEqual(callTotals(plannedCalls(inventory, kinds)));
    expect(operationsFor(slices, kinds).map((o) => o.iamAction)).toEqual(
      expect.arrayContaining(['sqs:ListQueues', 'sqs:GetQueueAttributes']),
    );
  });
});
