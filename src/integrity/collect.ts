/**
 * What to read to verify one trail's chain in one Region, whatever the objects come from: S3 through the
 * SDK (`src/aws/collectors/digests.ts`) or memory (tests). One listing per day of the window, narrowed by
 * prefix to this trail's digests; every digest in it read at once; then the predecessors the chain names
 * that the listing did not show (deleted, or in another bucket); then, when asked, every log file the
 * digests list, hashed as it streams, and the listing of the log files delivered in the window.
 */
import type { Envelope } from '../model/envelope.js';
import type { DigestObject, ListedObject, LogFileObject, PublicKeyRecord, RegionChain } from '../model/integrity.js';
import {
  daysBetween,
  digestDayPrefix,
  logFolder,
  dayFolder,
  METADATA,
  parseDigestKey,
  type ChainLocation,
} from './format.js';

const HOUR_MS = 3_600_000;

export interface ObjectSource {
  /** Every object under a prefix, with its last-modified time. */
  list(bucket: string, prefix: string): Promise<Envelope<ListedObject[]>>;
  /** A digest object, read and parsed; NoSuchKey is `missing`, any other failure `unreadable`. */
  readDigest(bucket: string, key: string): Promise<DigestObject['read']>;
  /** A log file's SHA-256, streamed. */
  hashLogFile(bucket: string, key: string): Promise<LogFileObject['read']>;
  /** CloudTrail's public keys of a Region valid at some time between `start` and `end`. */
  publicKeys(region: string, start: Date, end: Date): Promise<Envelope<PublicKeyRecord[]>>;
}

export interface ChainRequest {
  location: ChainLocation;
  window: { start: Date; end: Date };
  verifyLogFiles: boolean;
  /** Told of each object found and each read, for progress. */
  progress?: (event: { found?: { digests?: number; logFiles?: number }; read?: 'digest' | 'logFile' }) => void;
}

function mergeListings(listings: Envelope<ListedObject[]>[]): Envelope<ListedObject[]> {
  const failed = listings.find((l) => !l.ok);
  if (failed !== undefined) return failed;
  return { ok: true, value: listings.flatMap((l) => (l.ok ? l.value : [])) };
}

export async function collectChain(source: ObjectSource, request: ChainRequest): Promise<RegionChain> {
  const { location, window, verifyLogFiles } = request;
  const progress = request.progress ?? (() => undefined);
  // The predecessor of the first digest of the window ends up to an hour before it; the last spills an hour over.
  const from = new Date(window.start.getTime() - HOUR_MS);
  const to = new Date(window.end.getTime() + HOUR_MS);
  const days = daysBetween(from, to);
  const keyWindow = (key: string) => {
    const time = parseDigestKey(location, key)?.endTime.getTime();
    return time !== undefined && time > from.getTime() && time <= to.getTime();
  };

  const [listed, regularKeys] = await Promise.all([
    Promise.all(days.map((day) => source.list(location.bucket, digestDayPrefix(location, day)))).then(mergeListings),
    source.publicKeys(location.sourceRegion, from, new Date(window.end.getTime() + 2 * HOUR_MS)),
  ]);
  const listing: Envelope<ListedObject[]> = listed.ok
    ? { ok: true, value: listed.value.filter((o) => keyWindow(o.key)) }
    : listed;
  const chain: RegionChain = { location, listing, digests: [], publicKeys: regularKeys };
  if (!listing.ok) return chain;
  progress({ found: { digests: listing.value.length } });

  const read = async (bucket: string, key: string): Promise<DigestObject> => {
    const object = { bucket, key, read: await source.readDigest(bucket, key) };
    progress({ read: 'digest' });
    return object;
  };
  const seen = new Set(listing.value.map((o) => `${location.bucket}/${o.key}`));
  let batch = await Promise.all(listing.value.map((o) => read(location.bucket, o.key)));
  while (batch.length > 0) {
    chain.digests.push(...batch);
    // Predecessors inside the window that the listing did not show must be asked for by name.
    const pointers = batch.flatMap((d) => {
      if (d.read.state !== 'read') return [];
      const { previousDigestS3Bucket: bucket, previousDigestS3Object: key } = d.read.content;
      if (bucket === null || bucket === undefined || key === null || key === undefined) return [];
      const time = parseDigestKey(location, key)?.endTime.getTime();
      if (seen.has(`${bucket}/${key}`) || (time !== undefined && time <= window.start.getTime())) return [];
      seen.add(`${bucket}/${key}`);
      return [{ bucket, key }];
    });
    if (pointers.length > 0) progress({ found: { digests: pointers.length } });
    batch = await Promise.all(pointers.map((p) => read(p.bucket, p.key)));
  }

  chain.publicKeys = await withBackfillKeys(source, chain, regularKeys);
  if (verifyLogFiles) await collectLogFiles(source, chain, days, request, progress);
  return chain;
}

/** Backfill digests are signed when they are generated, maybe long after the window: their keys too. */
async function withBackfillKeys(
  source: ObjectSource,
  chain: RegionChain,
  keys: Envelope<PublicKeyRecord[]>,
): Promise<Envelope<PublicKeyRecord[]>> {
  if (!keys.ok) return keys;
  const generated = chain.digests.flatMap((d) => {
    const at = d.read.state === 'read' ? d.read.metadata[METADATA.backfillGenerationTimestamp] : undefined;
    const time = at === undefined ? Number.NaN : Date.parse(at);
    return Number.isNaN(time) ? [] : [time];
  });
  if (generated.length === 0) return keys;
  const more = await source.publicKeys(
    chain.location.sourceRegion,
    new Date(Math.min(...generated) - HOUR_MS),
    new Date(Math.max(...generated) + HOUR_MS),
  );
  if (!more.ok) return more;
  const known = new Set(keys.value.map((k) => k.fingerprint));
  return { ok: true, value: [...keys.value, ...more.value.filter((k) => !known.has(k.fingerprint))] };
}

async function collectLogFiles(
  source: ObjectSource,
  chain: RegionChain,
  days: Date[],
  request: ChainRequest,
  progress: NonNullable<ChainRequest['progress']>,
): Promise<void> {
  const { location, window } = request;
  const files = new Map<string, { bucket: string; key: string }>();
  for (const digest of chain.digests) {
    if (digest.read.state !== 'read') continue;
    for (const file of digest.read.content.logFiles)
      files.set(`${file.s3Bucket}/${file.s3Object}`, { bucket: file.s3Bucket, key: file.s3Object });
  }
  progress({ found: { logFiles: files.size } });
  const folder = logFolder(location);
  const [logFiles, listings] = await Promise.all([
    Promise.all(
      [...files.values()].map(async ({ bucket, key }): Promise<LogFileObject> => {
        const object = { bucket, key, read: await source.hashLogFile(bucket, key) };
        progress({ read: 'logFile' });
        return object;
      }),
    ),
    Promise.all(days.map((day) => source.list(location.bucket, `${folder}${dayFolder(day)}`))).then(mergeListings),
  ]);
  chain.logFiles = logFiles;
  const inWindow = (o: ListedObject) => {
    const time = o.lastModified === undefined ? Number.NaN : Date.parse(o.lastModified);
    return time >= window.start.getTime() && time <= window.end.getTime();
  };
  chain.logListing = listings.ok ? { ok: true, value: listings.value.filter(inWindow) } : listings;
}
