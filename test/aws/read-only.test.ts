/**
 * Full collections of sandbox worlds through the real SDK: every command the collectors send is a
 * declared operation (so the IAM policy covers it) and a read, and the calls made are exactly the plan
 * derived from the kinds' declarations — no call more than an ideal scan needs.
 */
import { describe, expect, it } from 'vitest';
import { AwsCaller } from '../../src/aws/caller.js';
import { ALL_OPERATIONS, isReadOnly } from '../../src/aws/catalogue.js';
import { AwsClients } from '../../src/aws/clients.js';
import { collectInventory } from '../../src/aws/collect.js';
import { allSlices, callTotals, plannedCalls } from '../../src/aws/plan.js';
import type { Slice } from '../../src/model/inventory.js';
import { buildWorld, parseScenario, startSandbox, type ScenarioInput } from '../../src/sandbox/index.js';
import { bucket, organizationWorld, trail, world } from '../e2e/worlds.js';

async function collectFrom(input: ScenarioInput, slices: readonly Slice[] = allSlices()) {
  const sandbox = await startSandbox(parseScenario(input, 'read-only'));
  const sent = new Set<string>();
  const keys = sandbox.accounts[0]!;
  const clients = new AwsClients({
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    endpointUrl: sandbox.url,
    maxAttempts: 1,
    requestTimeoutMs: 5000,
    connectTimeoutMs: 2000,
    maxSockets: 16,
    onCommand: (service, command) => sent.add(`${service}:${command.replace(/Command$/, '')}`),
  });
  try {
    const caller = new AwsCaller(clients, { concurrency: 16 });
    const inventory = await collectInventory(caller, { homeRegion: 'us-east-1', regions: {}, slices, emit: () => {} });
    return { sent, inventory, counts: caller.counts };
  } finally {
    await clients.destroy();
    await sandbox.close();
  }
}

const declared = new Set(ALL_OPERATIONS.map((o) => o.id));

const WORLDS: [string, ScenarioInput][] = [
  [
    'an account with its own trails and buckets',
    world({ trails: [trail(), trail({ name: 'regional', multiRegion: false, tags: { team: 'security' } })] }),
  ],
  ['a member account of an organization, central bucket elsewhere', organizationWorld()],
  ['a trail whose bucket is gone', world({ buckets: [bucket({ name: 'another-bucket-e2e' })] })],
  ['25 trails spread over three Regions', buildWorld({ regions: 3, trails: 25, buckets: 2 })],
];

describe('the collectors are read-only', () => {
  it.each(WORLDS)('%s: every command sent is declared, and a read', async (_name, input) => {
    const { sent } = await collectFrom(input);
    expect(sent.size).toBeGreaterThan(5);
    for (const command of sent) {
      expect(declared, command).toContain(command);
      expect(isReadOnly(command.split(':')[1]!), command).toBe(true);
    }
  });
});

describe('the collectors make the planned calls and no others', () => {
  it.each(WORLDS)('%s: all slices', async (_name, input) => {
    const { inventory, counts } = await collectFrom(input);
    expect(counts.byOperation).toEqual(callTotals(plannedCalls(inventory)));
  });

  it.each([
    [['trails'] as Slice[]],
    [['trails', 'trailTags'] as Slice[]],
    [['bucketLogging'] as Slice[]],
    [['trails', 'bucketPublicAccess'] as Slice[]],
  ])('%j', async (slices) => {
    const { inventory, counts } = await collectFrom(WORLDS[0]![1], slices);
    expect(counts.byOperation).toEqual(callTotals(plannedCalls(inventory)));
  });

  it('tags at most 20 trails per ListTags call, in their home Region, and only the account’s own', async () => {
    const { inventory, counts } = await collectFrom(buildWorld({ regions: 1, trails: 41 }), ['trails', 'trailTags']);
    expect(counts.byOperation['cloudtrail:ListTags']).toBe(3);
    expect(Object.values(inventory.trails).every((t) => t.tags?.ok === true)).toBe(true);
    const organization = await collectFrom(organizationWorld(), ['trails', 'trailTags']);
    expect(organization.counts.byOperation['cloudtrail:ListTags']).toBeUndefined();
    expect(Object.values(organization.inventory.trails).map((t) => t.tags)).toEqual([undefined]);
  });
});
