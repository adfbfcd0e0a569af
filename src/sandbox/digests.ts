/**
 * Digest chains and log files as CloudTrail writes them, signed with the sandbox's own key pairs (one per
 * Region, as CloudTrail has), and the ways to damage them afterwards: delete, edit, re-sign, strip the
 * signature, sign with a key CloudTrail never published, delete or edit a log file, add a log file no
 * digest lists. Periods when the trail was not logging leave no digest, and the chain restarts after them.
 */
import { constants, createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  compactTime,
  digestKey,
  HASH_ALGORITHM,
  logFileKey,
  METADATA,
  SIGNATURE_ALGORITHM,
  stringToSign,
  type ChainLocation,
  type DigestContent,
} from '../integrity/format.js';

const HOUR_MS = 3_600_000;

export interface SigningKey {
  privateKey: KeyObject;
  /** DER, PKCS#1, as ListPublicKeys documents it. */
  publicKeyDer: Buffer;
  fingerprint: string;
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyDer = publicKey.export({ format: 'der', type: 'pkcs1' });
  return { privateKey, publicKeyDer, fingerprint: createHash('md5').update(publicKeyDer).digest('hex') };
}

export interface StoredObject {
  body: Buffer;
  /** S3 user metadata, without `x-amz-meta-`. */
  metadata: Record<string, string>;
  lastModified: Date;
}

export const TAMPER_ACTIONS = [
  'delete-digest',
  'edit-digest',
  'resign-digest',
  'unsign-digest',
  'foreign-key-digest',
  'delete-log',
  'edit-log',
  'inject-log',
] as const;
export type TamperAction = (typeof TAMPER_ACTIONS)[number];

export interface Tampering {
  action: TamperAction;
  /** Which digest: the one whose period ended this many hours before the newest (0 = the newest). */
  hoursAgo: number;
  /** Which of that digest's log files (delete-log, edit-log). */
  logFile: number;
  /** The backfill digest of that period rather than the regular one. */
  backfill?: boolean;
}

/**
 * Backfill digests: CloudTrail delivers them later, for log files its regular digests missed, under the
 * regular name plus `_backfill`, with the time they were generated in their metadata. They chain among
 * themselves, from the oldest.
 */
export interface BackfillSpec {
  /** The periods covered: the regular digests' of this many hours before the newest (0 = the newest). */
  hoursAgo: number[];
  generatedAt: Date;
  /** The key that signed them: the Region's key when they were generated. */
  key: SigningKey;
}

export interface ChainSpec {
  location: ChainLocation;
  /** The end of the newest digest; digests end every hour before it down to `from`. */
  newest: Date;
  from: Date;
  logFilesPerHour: number;
  /** Periods with logging stopped: no digest ends inside them and the next digest starts a new chain. */
  stopped: { from: Date; to: Date }[];
  tampering: Tampering[];
  backfill?: BackfillSpec;
  key: SigningKey;
  /** The key a `foreign-key-digest` is signed with: one CloudTrail never published. */
  foreignKey: () => SigningKey;
}

const isoSeconds = (time: Date) => `${time.toISOString().slice(0, 19)}Z`;

function logFileBody(location: ChainLocation, deliveredAt: Date, index: number): Buffer {
  const records = [0, 1].map((n) => ({
    eventVersion: '1.11',
    eventTime: isoSeconds(new Date(deliveredAt.getTime() - (n + 1) * 60_000)),
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    awsRegion: location.sourceRegion,
    recipientAccountId: location.accountId,
    eventID: createHash('sha256')
      .update(`${location.trailName}:${deliveredAt.toISOString()}:${index}:${n}`)
      .digest('hex')
      .slice(0, 32),
  }));
  return Buffer.from(JSON.stringify({ Records: records }));
}

interface Period {
  start: Date;
  end: Date;
  /** Starts a chain: the first digest, or the first after logging was stopped. */
  first: boolean;
}

function periods(spec: ChainSpec): Period[] {
  const stopped = (time: Date) => spec.stopped.some((s) => time > s.from && time <= s.to);
  const ends: Date[] = [];
  for (let end = spec.newest.getTime(); end > spec.from.getTime(); end -= HOUR_MS) ends.push(new Date(end));
  ends.reverse();
  const result: Period[] = [];
  let previous: Date | undefined;
  for (const end of ends) {
    if (stopped(end)) {
      previous = undefined;
      continue;
    }
    const restart = spec.stopped.find((s) => s.to < end && s.to > new Date(end.getTime() - HOUR_MS));
    const start = previous ?? restart?.to ?? new Date(end.getTime() - HOUR_MS);
    result.push({ start, end, first: previous === undefined });
    previous = end;
  }
  return result;
}

function signDigest(content: DigestContent, key: SigningKey): { body: Buffer; signature: string; sha256: string } {
  const json = Buffer.from(JSON.stringify(content));
  const sha256 = createHash('sha256').update(json).digest('hex');
  const signature = sign('sha256', Buffer.from(stringToSign(content, sha256)), {
    key: key.privateKey,
    padding: constants.RSA_PKCS1_PADDING,
  }).toString('hex');
  return { body: gzipSync(json), signature, sha256 };
}

const digestMetadata = (signature: string, generatedAt?: Date) => ({
  [METADATA.signature]: signature,
  [METADATA.signatureAlgorithm]: SIGNATURE_ALGORITHM,
  ...(generatedAt === undefined ? {} : { [METADATA.backfillGenerationTimestamp]: isoSeconds(generatedAt) }),
});

interface Delivered {
  key: string;
  content: DigestContent;
  logKeys: string[];
  generatedAt?: Date;
}

/** A log file delivered at `deliveredAt`, stored, and its entry in a digest. */
function deliverLogFile(
  objects: Map<string, StoredObject>,
  location: ChainLocation,
  deliveredAt: Date,
  index: number,
): DigestContent['logFiles'][number] {
  const unique = createHash('sha256')
    .update(`${location.trailName}:${deliveredAt.toISOString()}:${index}`)
    .digest('hex')
    .slice(0, 16);
  const key = logFileKey(location, deliveredAt, unique);
  const body = logFileBody(location, deliveredAt, index);
  objects.set(key, { body: gzipSync(body), metadata: {}, lastModified: deliveredAt });
  return {
    s3Bucket: location.bucket,
    s3Object: key,
    hashValue: createHash('sha256').update(body).digest('hex'),
    hashAlgorithm: HASH_ALGORITHM,
    newestEventTime: isoSeconds(new Date(deliveredAt.getTime() - 60_000)),
    oldestEventTime: isoSeconds(new Date(deliveredAt.getTime() - 120_000)),
  };
}

/** A digest of `period` chained to `previous`, signed and stored; what the next digest records of it. */
function deliverDigest(
  objects: Map<string, StoredObject>,
  location: ChainLocation,
  period: { start: Date; end: Date },
  logFiles: DigestContent['logFiles'],
  previous: { key: string; signature: string; sha256: string } | undefined,
  signer: { key: SigningKey; generatedAt?: Date },
): Delivered & { signature: string; sha256: string } {
  const key = digestKey(location, period.end, signer.generatedAt !== undefined);
  const content: DigestContent = {
    awsAccountId: location.accountId,
    digestStartTime: isoSeconds(period.start),
    digestEndTime: isoSeconds(period.end),
    digestS3Bucket: location.bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: signer.key.fingerprint,
    digestSignatureAlgorithm: SIGNATURE_ALGORITHM,
    newestEventTime: logFiles.at(-1)?.newestEventTime ?? null,
    oldestEventTime: logFiles[0]?.oldestEventTime ?? null,
    previousDigestS3Bucket: previous === undefined ? null : location.bucket,
    previousDigestS3Object: previous?.key ?? null,
    previousDigestHashValue: previous?.sha256 ?? null,
    previousDigestHashAlgorithm: previous === undefined ? null : HASH_ALGORITHM,
    previousDigestSignature: previous?.signature ?? null,
    logFiles,
  };
  const signed = signDigest(content, signer.key);
  objects.set(key, {
    body: signed.body,
    metadata: digestMetadata(signed.signature, signer.generatedAt),
    lastModified: signer.generatedAt ?? period.end,
  });
  return {
    key,
    content,
    logKeys: logFiles.map((f) => f.s3Object),
    ...(signer.generatedAt === undefined ? {} : { generatedAt: signer.generatedAt }),
    signature: signed.signature,
    sha256: signed.sha256,
  };
}

/** The objects of one trail's chain in one Region, honest first, then damaged as the spec says. */
export function generateChain(spec: ChainSpec): Map<string, StoredObject> {
  const { location } = spec;
  const objects = new Map<string, StoredObject>();
  const regular: Delivered[] = [];
  let previous: { key: string; signature: string; sha256: string } | undefined;
  for (const period of periods(spec)) {
    const span = period.end.getTime() - period.start.getTime();
    const logFiles = Array.from({ length: spec.logFilesPerHour }, (_, i) =>
      deliverLogFile(
        objects,
        location,
        new Date(period.start.getTime() + Math.round(((i + 1) * span) / (spec.logFilesPerHour + 1))),
        i,
      ),
    );
    const delivered = deliverDigest(objects, location, period, logFiles, period.first ? undefined : previous, {
      key: spec.key,
    });
    regular.push(delivered);
    previous = delivered;
  }
  const backfill: Delivered[] = [];
  if (spec.backfill !== undefined) {
    const { generatedAt } = spec.backfill;
    let previousBackfill: typeof previous;
    // Oldest first, so each points to the one before it.
    for (const hoursAgo of [...spec.backfill.hoursAgo].sort((a, b) => b - a)) {
      const of = regular[regular.length - 1 - hoursAgo];
      if (of === undefined) continue;
      const period = { start: new Date(of.content.digestStartTime), end: new Date(of.content.digestEndTime) };
      // The log file the regular digest missed, delivered late.
      const late = deliverLogFile(objects, location, new Date(generatedAt.getTime() - 5 * 60_000), 50 + hoursAgo);
      const delivered = deliverDigest(objects, location, period, [late], previousBackfill, {
        key: spec.backfill.key,
        generatedAt,
      });
      backfill.push(delivered);
      previousBackfill = delivered;
    }
  }
  for (const tampering of spec.tampering) tamper(objects, { regular, backfill }, tampering, spec);
  return objects;
}

function tamper(
  objects: Map<string, StoredObject>,
  digests: { regular: Delivered[]; backfill: Delivered[] },
  { action, hoursAgo, logFile, backfill }: Tampering,
  spec: ChainSpec,
): void {
  const of = digests.regular[digests.regular.length - 1 - hoursAgo];
  // A backfill digest is picked by the regular digest whose period it covers too.
  const digest =
    backfill === true ? digests.backfill.find((d) => d.content.digestEndTime === of?.content.digestEndTime) : of;
  if (digest === undefined) return;
  const stored = objects.get(digest.key);
  const edited = (): DigestContent => ({ ...digest.content, newestEventTime: isoSeconds(spec.newest) });
  const logKey = digest.logKeys[logFile];
  /** Replaces the digest with `content` signed by `key`, where it was, as CloudTrail would have stored it. */
  const resign = (content: DigestContent, key: SigningKey) => {
    const signed = signDigest(content, key);
    if (stored !== undefined)
      objects.set(digest.key, {
        ...stored,
        body: signed.body,
        metadata: digestMetadata(signed.signature, digest.generatedAt),
      });
  };
  switch (action) {
    case 'delete-digest':
      objects.delete(digest.key);
      return;
    case 'edit-digest':
      if (stored !== undefined) objects.set(digest.key, { ...stored, body: gzipSync(JSON.stringify(edited())) });
      return;
    case 'resign-digest': {
      // With the genuine key that signed it: only the chain can tell.
      resign(edited(), digest.generatedAt === undefined ? spec.key : (spec.backfill?.key ?? spec.key));
      return;
    }
    case 'unsign-digest':
      if (stored !== undefined) objects.set(digest.key, { ...stored, metadata: {} });
      return;
    case 'foreign-key-digest': {
      const foreign = spec.foreignKey();
      resign({ ...edited(), digestPublicKeyFingerprint: foreign.fingerprint }, foreign);
      return;
    }
    case 'delete-log':
      if (logKey !== undefined) objects.delete(logKey);
      return;
    case 'edit-log': {
      const log = logKey === undefined ? undefined : objects.get(logKey);
      if (logKey !== undefined && log !== undefined)
        objects.set(logKey, { ...log, body: gzipSync(Buffer.from('{"Records":[]}')) });
      return;
    }
    case 'inject-log': {
      const deliveredAt = new Date(Date.parse(digest.content.digestStartTime) + HOUR_MS / 2 + 60_000);
      const key = logFileKey(spec.location, deliveredAt, `injected${compactTime(deliveredAt)}`);
      objects.set(key, {
        body: gzipSync(logFileBody(spec.location, deliveredAt, 99)),
        metadata: {},
        lastModified: deliveredAt,
      });
    }
  }
}
