/**
 * The CloudTrail digest file format as AWS documents it: where digests and log files live in the bucket,
 * the fields of a digest, and the string CloudTrail signs. Pure; shared by the verifier, the collector
 * and the sandbox that writes digests.
 *
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html
 */
import * as z from 'zod';

/** Where one trail's digests for one source Region are delivered. */
export interface ChainLocation {
  bucket: string;
  /** The trail's S3 key prefix, without a trailing slash; absent when the trail has none. */
  prefix?: string | undefined;
  /** Organization trails deliver under `AWSLogs/<o-id>/<account>/`. */
  organizationId?: string | undefined;
  accountId: string;
  /** The Region the digests were delivered from (and whose key signed them). */
  sourceRegion: string;
  homeRegion: string;
  trailName: string;
}

/** The only algorithms CloudTrail documents: SHA-256 hashes, SHA-256 with RSA signatures. */
export const SIGNATURE_ALGORITHM = 'SHA256withRSA';
export const HASH_ALGORITHM = 'SHA-256';

const HOUR_MS = 3_600_000;

function accountRoot(location: Pick<ChainLocation, 'prefix' | 'organizationId' | 'accountId'>): string {
  const prefix = location.prefix === undefined || location.prefix === '' ? '' : `${location.prefix}/`;
  const organization = location.organizationId === undefined ? '' : `${location.organizationId}/`;
  return `${prefix}AWSLogs/${organization}${location.accountId}/`;
}

/** `YYYY/MM/DD/` of a time, in UTC: the day folder of digests and log files. */
export function dayFolder(time: Date): string {
  return `${time.toISOString().slice(0, 10).replaceAll('-', '/')}/`;
}

/** `YYYYMMDDTHHMMSSZ`, the timestamp in a digest's name. */
export function compactTime(time: Date): string {
  return `${time.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function parseCompactTime(text: string): Date {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text) ?? [];
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** The folder of the digests of every trail delivering from the source Region. */
export function digestFolder(location: ChainLocation): string {
  return `${accountRoot(location)}CloudTrail-Digest/${location.sourceRegion}/`;
}

/** The start of this trail's digest names, so a listing of a day folder returns this trail's digests only. */
function digestNamePrefix(location: ChainLocation): string {
  const { accountId, sourceRegion, trailName, homeRegion } = location;
  return `${accountId}_CloudTrail-Digest_${sourceRegion}_${trailName}_${homeRegion}_`;
}

/** The listing prefix of this trail's digests delivered on the day of `day`. */
export function digestDayPrefix(location: ChainLocation, day: Date): string {
  return `${digestFolder(location)}${dayFolder(day)}${digestNamePrefix(location)}`;
}

/** The key CloudTrail gives the digest ending at `endTime` (a backfill digest ends in `_backfill`). */
export function digestKey(location: ChainLocation, endTime: Date, backfill = false): string {
  return `${digestFolder(location)}${dayFolder(endTime)}${digestNamePrefix(location)}${compactTime(endTime)}${backfill ? '_backfill' : ''}.json.gz`;
}

export interface DigestKeyInfo {
  /** The digest's end time, from its name. */
  endTime: Date;
  backfill: boolean;
}

/** What a key says if it is a digest of this trail and source Region; undefined otherwise. */
export function parseDigestKey(location: ChainLocation, key: string): DigestKeyInfo | undefined {
  const folder = digestFolder(location);
  if (!key.startsWith(folder)) return undefined;
  const rest = key.slice(folder.length);
  const match = /^(\d{4})\/(\d{2})\/(\d{2})\/(.*)$/.exec(rest);
  const name = match?.[4];
  const prefix = digestNamePrefix(location);
  if (name?.startsWith(prefix) !== true) return undefined;
  const tail = /^(\d{8}T\d{6}Z)(_backfill)?\.json\.gz$/.exec(name.slice(prefix.length));
  if (tail?.[1] === undefined) return undefined;
  return { endTime: parseCompactTime(tail[1]), backfill: tail[2] !== undefined };
}

/** The UTC days from `from` to `to`, each as a Date at its midnight. */
export function daysBetween(from: Date, to: Date): Date[] {
  const days: Date[] = [];
  for (let day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); day <= to.getTime();) {
    days.push(new Date(day));
    day += 24 * HOUR_MS;
  }
  return days;
}

/** The folder of the log files delivered from a Region. */
export function logFolder(location: Omit<ChainLocation, 'homeRegion' | 'trailName'>): string {
  return `${accountRoot(location)}CloudTrail/${location.sourceRegion}/`;
}

/** A log file's key: `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz` in its day folder. */
export function logFileKey(location: ChainLocation, deliveredAt: Date, unique: string): string {
  const minute = `${compactTime(deliveredAt).slice(0, 13)}Z`;
  return `${logFolder(location)}${dayFolder(deliveredAt)}${location.accountId}_CloudTrail_${location.sourceRegion}_${minute}_${unique}.json.gz`;
}

const logFileEntrySchema = z.object({
  s3Bucket: z.string(),
  s3Object: z.string(),
  hashValue: z.string(),
  hashAlgorithm: z.string(),
  newestEventTime: z.string().nullish(),
  oldestEventTime: z.string().nullish(),
});

/**
 * The fields of a digest, as the documentation lists them. The fields the AWS CLI requires are required;
 * the others are read when present and checked where the format fixes their value.
 */
export const digestContentSchema = z.object({
  awsAccountId: z.string().optional(),
  digestStartTime: z.string(),
  digestEndTime: z.string(),
  digestS3Bucket: z.string(),
  digestS3Object: z.string(),
  digestPublicKeyFingerprint: z.string(),
  digestSignatureAlgorithm: z.string().optional(),
  newestEventTime: z.string().nullish(),
  oldestEventTime: z.string().nullish(),
  previousDigestS3Bucket: z.string().nullish(),
  previousDigestS3Object: z.string().nullish(),
  previousDigestHashValue: z.string().nullish(),
  previousDigestHashAlgorithm: z.string().nullish(),
  previousDigestSignature: z.string().nullable(),
  logFiles: z.array(logFileEntrySchema).default([]),
});
export type DigestContent = z.infer<typeof digestContentSchema>;
export type LogFileEntry = z.infer<typeof logFileEntrySchema>;

/** The digest's fields, or why the decompressed bytes are not a digest. */
export function parseDigestContent(text: string): { ok: true; value: DigestContent } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const parsed = digestContentSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `field ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}` };
}

/**
 * The data CloudTrail signs: the end time exactly as written in the digest, the digest's S3 location, the
 * hex SHA-256 of the decompressed digest, and the previous signature (`null` for the first of a chain).
 */
export function stringToSign(content: DigestContent, sha256Hex: string): string {
  return [
    content.digestEndTime,
    `${content.digestS3Bucket}/${content.digestS3Object}`,
    sha256Hex,
    content.previousDigestSignature ?? 'null',
  ].join('\n');
}

/** S3 user metadata (without `x-amz-meta-`) CloudTrail sets on a digest object. */
export const METADATA = {
  signature: 'signature',
  signatureAlgorithm: 'signature-algorithm',
  backfillGenerationTimestamp: 'backfill-generation-timestamp',
} as const;
