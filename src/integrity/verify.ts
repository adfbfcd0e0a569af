/**
 * The digest chain verifier: pure, over what collection read (`RegionChain`). It checks what the AWS CLI's
 * `validate-logs` checks — each digest where CloudTrail put it, signed SHA256withRSA over the documented
 * string with the Region's public key of its fingerprint, the chain walked from the newest digest through
 * `previousDigestS3Object`, every listed log file's SHA-256 — and what the format allows beyond it: the
 * previous digest's signature and hash as the next one records them, the algorithm fields, the account,
 * and log files that no digest lists. Backfill digests form a chain of their own.
 *
 * A digest whose predecessor pointer is null starts a chain: CloudTrail does that when logging or
 * validation restarts, so the time before it is a gap, not tampering (only CloudTrail can sign it).
 */
import { createHash, createPublicKey, verify as verifySignature, constants, type KeyObject } from 'node:crypto';
import type { CollectionError } from '../model/envelope.js';
import type { DigestObject, LogFileObject, RegionChain } from '../model/integrity.js';
import {
  digestFolder,
  HASH_ALGORITHM,
  METADATA,
  parseDigestKey,
  SIGNATURE_ALGORITHM,
  stringToSign,
  type DigestContent,
} from './format.js';

const HOUR_MS = 3_600_000;
/** CloudTrail delivers a digest about an hour after the period it covers; allow for the delay. */
const DIGEST_DELIVERY_LAG_MS = 2 * HOUR_MS;
/** S3's LastModified and CloudTrail's notion of delivery differ by moments; the edges of a period are not judged. */
const DELIVERY_MARGIN_MS = 5 * 60_000;

export const PROBLEM_KINDS = {
  DIGEST_MISSING: 'digest missing',
  DIGEST_MALFORMED: 'digest not in the digest format',
  DIGEST_MOVED: 'digest moved from where CloudTrail delivered it',
  DIGEST_ACCOUNT_MISMATCH: 'digest of another account',
  DIGEST_UNSIGNED: 'digest without a signature',
  DIGEST_ALGORITHM_UNEXPECTED: 'digest names an algorithm CloudTrail does not use',
  DIGEST_PUBLIC_KEY_UNKNOWN: 'digest signed by a key CloudTrail does not list',
  DIGEST_PUBLIC_KEY_UNUSABLE: 'digest names a public key that cannot be loaded',
  DIGEST_SIGNATURE_INVALID: 'digest signature does not verify',
  DIGEST_CHAIN_BROKEN: 'digest does not match what the next digest recorded of it',
  DIGEST_OUT_OF_CHAIN: 'digest not in the chain',
  DIGESTS_STOPPED: 'no digest delivered lately while the trail is logging',
  LOG_FILE_MISSING: 'log file missing',
  LOG_FILE_MODIFIED: 'log file modified',
  LOG_FILE_MALFORMED: 'log file not gzip',
  LOG_FILE_NOT_IN_DIGEST: 'log file no digest lists',
} as const;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

export interface Problem {
  kind: ProblemKind;
  /** `s3://bucket/key` of the object, or of the digest the problem was seen from. */
  object: string;
  detail: string;
  /** The period the object covers or the time it was delivered, when known. */
  time?: string;
}

/** A period with no digest: CloudTrail restarted the chain after it (logging or validation was off). */
export interface Gap {
  from: string;
  to: string;
}

export interface VerifyContext {
  window: { start: Date; end: Date };
  verifyLogFiles: boolean;
  /** Whether the trail is logging now (GetTrailStatus); undefined when unknown. */
  logging: boolean | undefined;
  collectedAt: Date;
  /** Log files (`bucket/key`) that digests of other verified trails delivering to the same folder list. */
  listedByOtherTrails?: ReadonlySet<string>;
  /** Trails not verified here that deliver log files to the same folder: unlisted files cannot be judged. */
  unverifiedTrailsSharingLogs?: readonly string[];
}

export interface ChainReport {
  problems: Problem[];
  gaps: Gap[];
  /** Calls that failed: the chain cannot be judged (NOT_AVAILABLE). */
  unreadable: CollectionError[];
  digests: { valid: number; backfill: number };
  logFiles: { listed: number; verified: number };
  /** The period the valid digests of the window cover. */
  covered?: { from: string; to: string };
  /** Why unlisted log files were not looked for, when they were not. */
  unlistedNotChecked?: string;
  /**
   * Since when no digest came although the window reaches the present: missing digests if the trail logs,
   * nothing wrong if it was stopped; whoever does not know which must not call the chain intact.
   */
  silentSince?: string;
}

const s3Uri = (bucket: string, key: string) => `s3://${bucket}/${key}`;
const objectId = (bucket: string, key: string) => `${bucket}/${key}`;

/** The public keys of the Region by fingerprint; a key that cannot be loaded is kept as `undefined`. */
function loadKeys(chain: RegionChain): Map<string, KeyObject | undefined> {
  const keys = new Map<string, KeyObject | undefined>();
  if (!chain.publicKeys.ok) return keys;
  for (const { fingerprint, value } of chain.publicKeys.value) {
    const der = Buffer.from(value, 'base64');
    // ListPublicKeys documents PKCS#1; AWS's own sample key is SubjectPublicKeyInfo. Either is accepted.
    let key: KeyObject | undefined;
    for (const type of ['pkcs1', 'spki'] as const) {
      try {
        key = createPublicKey({ key: der, format: 'der', type });
        break;
      } catch {
        key = undefined;
      }
    }
    keys.set(fingerprint, key);
  }
  return keys;
}

interface Entry {
  object: DigestObject;
  /** End time from the key name, or from the content for a digest outside this trail's folder. */
  time: number;
  backfill: boolean;
  content?: DigestContent;
  sha256?: string;
  signature?: string;
  /** The first problem found in the digest itself; undefined when it is valid. */
  problem?: Problem;
}

/** Checks one digest on its own: where it is, what it says, and its signature. */
function judgeDigest(
  entry: Entry,
  chain: RegionChain,
  keys: Map<string, KeyObject | undefined>,
): Problem | CollectionError | undefined {
  const { object } = entry;
  const uri = s3Uri(object.bucket, object.key);
  const problem = (kind: ProblemKind, detail: string): Problem => ({
    kind,
    object: uri,
    detail,
    time: new Date(entry.time).toISOString(),
  });
  const { read } = object;
  switch (read.state) {
    case 'missing':
      return problem('DIGEST_MISSING', 'listed, then not found (NoSuchKey)');
    case 'unreadable':
      return read.error;
    case 'malformed':
      return problem('DIGEST_MALFORMED', read.problem);
    case 'read':
      break;
  }
  const { content, metadata } = read;
  const { accountId, homeRegion } = chain.location;
  if (content.digestS3Bucket !== object.bucket || content.digestS3Object !== object.key)
    return problem('DIGEST_MOVED', `says it is s3://${content.digestS3Bucket}/${content.digestS3Object}`);
  if (content.awsAccountId !== accountId)
    return problem('DIGEST_ACCOUNT_MISMATCH', `awsAccountId is ${content.awsAccountId ?? 'absent'}, not ${accountId}`);
  if (entry.backfill && metadata[METADATA.backfillGenerationTimestamp] === undefined)
    return problem('DIGEST_MALFORMED', `backfill digest without ${METADATA.backfillGenerationTimestamp} metadata`);
  const signature = metadata[METADATA.signature];
  if (signature === undefined) return problem('DIGEST_UNSIGNED', 'no x-amz-meta-signature on the object');
  const algorithms = [
    ['x-amz-meta-signature-algorithm', metadata[METADATA.signatureAlgorithm], SIGNATURE_ALGORITHM],
    ['digestSignatureAlgorithm', content.digestSignatureAlgorithm, SIGNATURE_ALGORITHM],
    ...(content.previousDigestSignature === null
      ? []
      : [['previousDigestHashAlgorithm', content.previousDigestHashAlgorithm, HASH_ALGORITHM]]),
    ...content.logFiles.map((f) => [`hashAlgorithm of ${f.s3Object}`, f.hashAlgorithm, HASH_ALGORITHM]),
  ] as const;
  for (const [field, value, expected] of algorithms) {
    if (value !== expected)
      return problem('DIGEST_ALGORITHM_UNEXPECTED', `${field} is ${value ?? 'absent'}, not ${expected}`);
  }
  const fingerprint = content.digestPublicKeyFingerprint;
  if (!keys.has(fingerprint))
    return problem(
      'DIGEST_PUBLIC_KEY_UNKNOWN',
      `no public key in ${chain.location.sourceRegion} has fingerprint ${fingerprint}`,
    );
  const key = keys.get(fingerprint);
  if (key === undefined)
    return problem('DIGEST_PUBLIC_KEY_UNUSABLE', `the key of fingerprint ${fingerprint} is not a DER RSA key`);
  const signed = Buffer.from(stringToSign(content, read.sha256), 'utf8');
  const valid = verifySignature(
    'sha256',
    signed,
    { key, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(signature, 'hex'),
  );
  if (!valid)
    return problem(
      'DIGEST_SIGNATURE_INVALID',
      `the signature does not verify with the ${homeRegion === chain.location.sourceRegion ? '' : `${chain.location.sourceRegion} `}key ${fingerprint}`,
    );
  return undefined;
}

/** The digests read for this chain, each judged on its own. */
function entriesOf(chain: RegionChain, keys: Map<string, KeyObject | undefined>, unreadable: CollectionError[]) {
  const entries = new Map<string, Entry>();
  for (const object of chain.digests) {
    const info = parseDigestKey(chain.location, object.key);
    const read = object.read.state === 'read' ? object.read : undefined;
    const time = info?.endTime.getTime() ?? (read === undefined ? Number.NaN : Date.parse(read.content.digestEndTime));
    const entry: Entry = {
      object,
      time,
      backfill: info?.backfill ?? object.key.endsWith('_backfill.json.gz'),
      ...(read === undefined
        ? {}
        : { content: read.content, sha256: read.sha256, signature: read.metadata[METADATA.signature] }),
    };
    const judged = judgeDigest(entry, chain, keys);
    if (judged !== undefined && 'operation' in judged) unreadable.push(judged);
    else if (judged !== undefined) entry.problem = judged;
    entries.set(objectId(object.bucket, object.key), entry);
  }
  return entries;
}

interface Walk {
  problems: Problem[];
  gaps: Gap[];
  visited: Set<Entry>;
}

/**
 * Walks one chain (regular or backfill) from its newest digest in the window to the oldest, as the AWS CLI
 * does: through each valid digest's predecessor; past an invalid or missing one, on to the next older
 * listed digest. Checks each link against what the newer digest recorded of the older one.
 */
function walk(inWindow: Entry[], entries: Map<string, Entry>, context: VerifyContext, regular: boolean): Walk {
  const result: Walk = { problems: [], gaps: [], visited: new Set() };
  const sorted = [...inWindow].sort((a, b) => b.time - a.time);
  const nextOlder = (time: number) => sorted.find((e) => e.time < time && !result.visited.has(e));
  const windowStart = context.window.start.getTime();
  let current = sorted[0];
  while (current !== undefined) {
    result.visited.add(current);
    const { content } = current;
    if (current.problem !== undefined || content === undefined) {
      current = nextOlder(current.time);
      continue;
    }
    const uri = s3Uri(current.object.bucket, current.object.key);
    const previousKey = content.previousDigestS3Object;
    if (content.previousDigestSignature === null || previousKey === null || previousKey === undefined) {
      const older = nextOlder(current.time);
      const from =
        older?.content?.digestEndTime ?? (older === undefined ? undefined : new Date(older.time).toISOString());
      if (regular && from !== undefined) result.gaps.push({ from, to: content.digestStartTime });
      else if (regular && Date.parse(content.digestStartTime) > windowStart + HOUR_MS)
        result.gaps.push({ from: context.window.start.toISOString(), to: content.digestStartTime });
      current = older;
      continue;
    }
    const previousBucket = content.previousDigestS3Bucket ?? current.object.bucket;
    const previous = entries.get(objectId(previousBucket, previousKey));
    if (previous === undefined) break; // before the window: the chain leaves it here
    if (previous.object.read.state === 'missing' && !inWindow.includes(previous)) {
      result.problems.push({
        kind: 'DIGEST_MISSING',
        object: s3Uri(previousBucket, previousKey),
        detail: `${uri} points to it; it covered the period ending ${content.digestStartTime}`,
        time: content.digestStartTime,
      });
      current = nextOlder(current.time);
      continue;
    }
    if (previous.problem === undefined && previous.content !== undefined) {
      const recorded = [
        ['signature', content.previousDigestSignature, previous.signature],
        ['SHA-256', content.previousDigestHashValue, previous.sha256],
      ] as const;
      for (const [what, said, actual] of recorded) {
        if (said !== actual)
          result.problems.push({
            kind: 'DIGEST_CHAIN_BROKEN',
            object: s3Uri(previous.object.bucket, previous.object.key),
            detail: `its ${what} is not the one ${uri} recorded (re-signed or replaced)`,
            time: previous.content.digestEndTime,
          });
      }
    }
    if (!inWindow.includes(previous) || previous.time <= windowStart) {
      result.visited.add(previous);
      break;
    }
    current = previous;
  }
  return result;
}

/** Whether `time` lies inside one of the periods, away from their edges. */
function insidePeriods(time: number, periods: { start: number; end: number }[]): boolean {
  return periods.some((p) => time >= p.start + DELIVERY_MARGIN_MS && time < p.end - DELIVERY_MARGIN_MS);
}

function checkLogFiles(valid: Entry[], chain: RegionChain, context: VerifyContext, report: ChainReport): void {
  const reads = new Map<string, LogFileObject>((chain.logFiles ?? []).map((f) => [objectId(f.bucket, f.key), f]));
  const listed = new Set<string>();
  for (const entry of valid) {
    for (const file of entry.content?.logFiles ?? []) {
      const id = objectId(file.s3Bucket, file.s3Object);
      if (listed.has(id)) continue;
      listed.add(id);
      report.logFiles.listed += 1;
      if (!context.verifyLogFiles) continue;
      const problem = (kind: ProblemKind, detail: string) => {
        report.problems.push({
          kind,
          object: s3Uri(file.s3Bucket, file.s3Object),
          detail,
          ...(entry.content === undefined ? {} : { time: entry.content.digestEndTime }),
        });
      };
      const read = reads.get(id)?.read;
      if (read === undefined) throw new Error(`log file ${id} was not collected`);
      switch (read.state) {
        case 'missing':
          problem('LOG_FILE_MISSING', `listed by ${entry.object.key}, not found (NoSuchKey)`);
          break;
        case 'malformed':
          problem('LOG_FILE_MALFORMED', read.problem);
          break;
        case 'unreadable':
          report.unreadable.push(read.error);
          break;
        case 'read':
          if (read.sha256 === file.hashValue) report.logFiles.verified += 1;
          else problem('LOG_FILE_MODIFIED', `SHA-256 ${read.sha256}, the digest recorded ${file.hashValue}`);
      }
    }
  }
  if (!context.verifyLogFiles) return;
  if ((context.unverifiedTrailsSharingLogs ?? []).length > 0) {
    report.unlistedNotChecked = `trails not verified here deliver to the same folder: ${(context.unverifiedTrailsSharingLogs ?? []).join(', ')}`;
    return;
  }
  const listing = chain.logListing;
  if (listing === undefined) return;
  if (!listing.ok) {
    report.unreadable.push(listing.error);
    return;
  }
  // A backfill digest lists only the files the regular digest of its period missed: it vouches for no period.
  const periods = valid.flatMap((e) =>
    e.content === undefined || e.backfill
      ? []
      : [{ start: Date.parse(e.content.digestStartTime), end: Date.parse(e.content.digestEndTime) }],
  );
  for (const object of listing.value) {
    const id = objectId(chain.location.bucket, object.key);
    if (listed.has(id) || context.listedByOtherTrails?.has(id) === true || object.lastModified === undefined) continue;
    if (!insidePeriods(Date.parse(object.lastModified), periods)) continue;
    report.problems.push({
      kind: 'LOG_FILE_NOT_IN_DIGEST',
      object: s3Uri(chain.location.bucket, object.key),
      detail: 'delivered inside a period a digest covers, but listed by no digest',
      time: object.lastModified,
    });
  }
}

export function verifyChain(chain: RegionChain, context: VerifyContext): ChainReport {
  const report: ChainReport = {
    problems: [],
    gaps: [],
    unreadable: [],
    digests: { valid: 0, backfill: 0 },
    logFiles: { listed: 0, verified: 0 },
  };
  if (!chain.publicKeys.ok) report.unreadable.push(chain.publicKeys.error);
  if (!chain.listing.ok) report.unreadable.push(chain.listing.error);
  if (!chain.listing.ok || report.unreadable.length > 0) return report;

  const keys = loadKeys(chain);
  const entries = entriesOf(chain, keys, report.unreadable);
  const windowStart = context.window.start.getTime();
  const windowEnd = context.window.end.getTime();
  // As the AWS CLI: digests ending after the start and up to an hour after the end (the last period spills over).
  const listed = new Set(chain.listing.value.map((o) => objectId(chain.location.bucket, o.key)));
  const inWindow = [...entries.entries()]
    .filter(([id, e]) => (listed.has(id) || e.object.read.state !== 'missing') && e.time > windowStart)
    .map(([, e]) => e)
    .filter((e) => e.time <= windowEnd + HOUR_MS);

  for (const regular of [true, false]) {
    const chainEntries = inWindow.filter((e) => e.backfill !== regular);
    const walked = walk(chainEntries, entries, context, regular);
    report.gaps.push(...walked.gaps);
    for (const entry of chainEntries) {
      if (entry.problem !== undefined) report.problems.push(entry.problem);
      else if (!walked.visited.has(entry))
        report.problems.push({
          kind: 'DIGEST_OUT_OF_CHAIN',
          object: s3Uri(entry.object.bucket, entry.object.key),
          detail: 'validly signed, but no newer digest of the chain points to it',
          time: new Date(entry.time).toISOString(),
        });
    }
    report.problems.push(...walked.problems);
  }

  const valid = inWindow.filter((e) => e.problem === undefined && e.content !== undefined);
  report.digests.valid = valid.filter((e) => !e.backfill).length;
  report.digests.backfill = valid.length - report.digests.valid;
  const regularValid = valid.filter((e) => !e.backfill);
  const starts = regularValid.map((e) => Date.parse(e.content?.digestStartTime ?? ''));
  const ends = regularValid.map((e) => Date.parse(e.content?.digestEndTime ?? ''));
  if (regularValid.length > 0)
    report.covered = {
      from: new Date(Math.min(...starts)).toISOString(),
      to: new Date(Math.max(...ends)).toISOString(),
    };

  // While the trail logs, CloudTrail delivers a digest every hour, empty or not: silence up to now is missing
  // digests. A digest that is there but invalid was delivered; it is reported as what is wrong with it.
  const now = context.collectedAt.getTime();
  const delivered = inWindow
    .filter((e) => !e.backfill && e.object.read.state !== 'missing' && Number.isFinite(e.time))
    .map((e) => e.time);
  const newest = delivered.length === 0 ? undefined : Math.max(...delivered);
  const reachesNow = windowEnd >= now - HOUR_MS;
  const expectedFrom = Math.max(windowStart, newest ?? windowStart);
  if (reachesNow && expectedFrom < now - DIGEST_DELIVERY_LAG_MS && report.unreadable.length === 0)
    report.silentSince = new Date(expectedFrom).toISOString();
  if (context.logging === true && report.silentSince !== undefined) {
    report.problems.push({
      kind: 'DIGESTS_STOPPED',
      object: s3Uri(chain.location.bucket, digestFolder(chain.location)),
      detail:
        newest === undefined
          ? 'the trail is logging, but no digest was delivered in the window'
          : `the trail is logging, but the newest digest ends ${new Date(newest).toISOString()}`,
      time: new Date(expectedFrom).toISOString(),
    });
  }

  checkLogFiles(valid, chain, context, report);
  return report;
}

/** Hex SHA-256, for the generator and tests that build digests with the same hash the verifier expects. */
export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
