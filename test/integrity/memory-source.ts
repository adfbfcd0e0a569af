/** Digest chains generated in memory and read through the collector's own logic, without S3. */
import { Readable } from 'node:stream';
import { collectChain, type ObjectSource } from '../../src/integrity/collect.js';
import { readDigest, hashGzipStream } from '../../src/integrity/read.js';
import type { ChainLocation } from '../../src/integrity/format.js';
import type { RegionChain } from '../../src/model/integrity.js';
import {
  createSigningKey,
  generateChain,
  type ChainSpec,
  type SigningKey,
  type StoredObject,
  type Tampering,
} from '../../src/sandbox/digests.js';

const HOUR_MS = 3_600_000;

export const LOCATION: ChainLocation = {
  bucket: 'trail-logs-111122223333',
  prefix: 'audit',
  accountId: '111122223333',
  sourceRegion: 'eu-west-1',
  homeRegion: 'us-east-1',
  trailName: 'management',
};

/** Key generation is the slow part: one genuine key and one foreign key for every test of a file. */
export const KEYS = { genuine: createSigningKey(), foreign: createSigningKey() };

/** The newest digest ends here; the default window is the 24 hours before. */
export const NOW = new Date('2026-03-10T12:00:00Z');
export const NEWEST = new Date('2026-03-10T11:17:23Z');
export const BACKFILL_GENERATED = new Date('2026-03-10T11:40:00Z');

export interface World {
  objects: Map<string, StoredObject>;
  publishedKeys: SigningKey[];
  failing?: { list?: string; publicKeys?: string };
}

export function world(
  options: {
    tampering?: Partial<Tampering>[];
    stopped?: { fromHoursAgo: number; toHoursAgo: number }[];
    newest?: Date;
    hours?: number;
    location?: ChainLocation;
    /** Backfill digests for the periods of these regular digests (0 = the newest), generated just before NOW. */
    backfill?: number[];
  } = {},
): World {
  const newest = options.newest ?? NEWEST;
  const spec: ChainSpec = {
    location: options.location ?? LOCATION,
    newest,
    from: new Date(newest.getTime() - (options.hours ?? 30) * HOUR_MS),
    logFilesPerHour: 2,
    stopped: (options.stopped ?? []).map((s) => ({
      from: new Date(NOW.getTime() - s.fromHoursAgo * HOUR_MS),
      to: new Date(NOW.getTime() - s.toHoursAgo * HOUR_MS),
    })),
    tampering: (options.tampering ?? []).map((t) => ({ action: 'delete-digest', hoursAgo: 0, logFile: 0, ...t })),
    key: KEYS.genuine,
    foreignKey: () => KEYS.foreign,
    ...(options.backfill === undefined
      ? {}
      : { backfill: { hoursAgo: options.backfill, generatedAt: BACKFILL_GENERATED, key: KEYS.genuine } }),
  };
  return { objects: generateChain(spec), publishedKeys: [KEYS.genuine] };
}

export function memorySource(w: World): ObjectSource {
  const notFound = { state: 'missing' } as const;
  return {
    list: (_bucket, prefix) =>
      Promise.resolve(
        w.failing?.list === undefined
          ? {
              ok: true,
              value: [...w.objects.entries()]
                .filter(([key]) => key.startsWith(prefix))
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([key, o]) => ({ key, lastModified: o.lastModified.toISOString() })),
            }
          : {
              ok: false,
              error: { operation: 's3:ListObjectsV2', region: 'eu-west-1', code: w.failing.list, message: 'denied' },
            },
      ),
    readDigest: (_bucket, key) => {
      const object = w.objects.get(key);
      return Promise.resolve(object === undefined ? notFound : readDigest(object.body, object.metadata));
    },
    hashLogFile: async (_bucket, key) => {
      const object = w.objects.get(key);
      return object === undefined ? notFound : hashGzipStream(Readable.from([object.body]));
    },
    publicKeys: () =>
      Promise.resolve(
        w.failing?.publicKeys === undefined
          ? {
              ok: true,
              value: w.publishedKeys.map((k) => ({
                fingerprint: k.fingerprint,
                value: k.publicKeyDer.toString('base64'),
              })),
            }
          : {
              ok: false,
              error: {
                operation: 'cloudtrail:ListPublicKeys',
                region: 'eu-west-1',
                code: w.failing.publicKeys,
                message: 'denied',
              },
            },
      ),
  };
}

export const WINDOW = { start: new Date(NOW.getTime() - 24 * HOUR_MS), end: NOW };

export function collect(w: World, verifyLogFiles = true, window = WINDOW, location = LOCATION): Promise<RegionChain> {
  return collectChain(memorySource(w), { location, window, verifyLogFiles });
}
