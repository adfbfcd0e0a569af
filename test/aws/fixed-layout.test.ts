/**
 * An SDK client's configuration is copied several times per request; from a hash table that costs about
 * ten times as much as from an object with a fixed layout. Giving it one must change nothing else.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { giveFixedLayout } from '../../src/aws/fixed-layout.js';
import { hasFixedLayout } from '../support/v8.js';

describe('giveFixedLayout', () => {
  it('turns an SDK client configuration from a hash table into a fixed layout', () => {
    const { config } = new S3Client({ region: 'eu-west-1' });
    expect(hasFixedLayout(config)).toBe(false);
    giveFixedLayout(config);
    expect(hasFixedLayout(config)).toBe(true);
  });

  it('keeps every property, its value and its order', () => {
    const { config } = new S3Client({ region: 'eu-west-1', forcePathStyle: true });
    const before = Object.entries(config);
    giveFixedLayout(config);
    const after = Object.entries(config);
    expect(after).toHaveLength(before.length);
    after.forEach(([key, value], index) => {
      expect(key).toBe(before[index]?.[0]);
      expect(value).toBe(before[index]?.[1]);
    });
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
  });

  it('is given to every client the scan shares', async () => {
    const { AwsClients } = await import('../../src/aws/clients.js');
    const clients = new AwsClients({
      credentials: { accessKeyId: 'TSLAYOUT', secretAccessKey: 'layout-secret' },
      endpointUrl: 'http://127.0.0.1:9',
      maxAttempts: 1,
      requestTimeoutMs: 1000,
      connectTimeoutMs: 1000,
      maxSockets: 1,
    });
    for (const service of ['s3', 'cloudtrail', 'sts'] as const) {
      const client = (await clients.client(service, 'eu-west-1')) as unknown as { config: object };
      expect(hasFixedLayout(client.config)).toBe(true);
    }
  });

  it('keeps the layout when the SDK adds a property later', () => {
    const { config } = new S3Client({ region: 'eu-west-1' }) as unknown as { config: Record<string, unknown> };
    giveFixedLayout(config);
    config['systemClockOffset'] = 1000;
    expect(hasFixedLayout(config)).toBe(true);
    expect(config['systemClockOffset']).toBe(1000);
  });
});
