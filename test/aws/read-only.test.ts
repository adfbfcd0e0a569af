/**
 * Every command the collectors actually send, observed on the SDK clients during full scans of sandbox
 * worlds, is a declared operation (so the README's IAM policy covers it) and a read.
 */
import { describe, expect, it } from 'vitest';
import { AwsCaller } from '../../src/aws/caller.js';
import { AwsClients } from '../../src/aws/clients.js';
import { collectInventory } from '../../src/aws/collect.js';
import { OPERATIONS, isReadOnly } from '../../src/aws/operations.js';
import { SLICES } from '../../src/model/inventory.js';
import { parseScenario, startSandbox, type ScenarioInput } from '../../src/sandbox/index.js';
import { bucket, organizationWorld, trail, world } from '../e2e/worlds.js';

async function commandsSent(input: ScenarioInput): Promise<Set<string>> {
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
    await collectInventory(new AwsCaller(clients, { concurrency: 16 }), {
      homeRegion: 'us-east-1',
      regions: {},
      slices: SLICES,
      emit: () => undefined,
    });
    return sent;
  } finally {
    await clients.destroy();
    await sandbox.close();
  }
}

const declared = new Set(Object.values(OPERATIONS).map((o) => `${o.service}:${o.name}`));

describe('the collectors are read-only', () => {
  it.each([
    [
      'an account with its own trails and buckets',
      world({ trails: [trail(), trail({ name: 'regional', multiRegion: false })] }),
    ],
    ['a member account of an organization, central bucket elsewhere', organizationWorld()],
    ['a trail whose bucket is gone', world({ buckets: [bucket({ name: 'another-bucket-e2e' })] })],
  ])('%s: every command sent is declared, and a read', async (_name, input) => {
    const sent = await commandsSent(input);
    expect(sent.size).toBeGreaterThan(5);
    for (const command of sent) {
      expect(declared, command).toContain(command);
      expect(isReadOnly(command.split(':')[1]!), command).toBe(true);
    }
  });
});
