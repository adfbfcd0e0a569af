/**
 * Reading digest chains from S3 for `trailscan verify-logs`: the objects come through the same caller as
 * every other read (rate limits, concurrency, errors as values), and what to read is decided by
 * `src/integrity/collect.ts`. Every chain of every trail and Region is read at once; a log file is hashed
 * as it streams from S3, inside its concurrency slot, so memory stays bounded by the number of sockets.
 */
import { ListObjectsV2Command, GetObjectCommand } from '../sdk/s3.js';
import { ListPublicKeysCommand } from '../sdk/cloudtrail.js';
import type { Readable } from 'node:stream';
import { UsageError } from '../../errors.js';
import { collectChain, type ObjectSource } from '../../integrity/collect.js';
import { readDigest, hashGzipStream } from '../../integrity/read.js';
import type { ScanEventSink } from '../../model/events.js';
import type { Envelope } from '../../model/envelope.js';
import type { Bucket, Trail } from '../../model/inventory.js';
import type { Integrity, ListedObject, ObjectRead, PublicKeyRecord, TrailIntegrity } from '../../model/integrity.js';
import { allPages, type AwsCaller } from '../caller.js';
import { bucketKind } from '../kinds/bucket.js';
import type { CollectContext } from '../kinds/kind.js';
import { OPERATIONS } from '../catalogue.js';

export interface IntegrityRequest {
  window: { start: Date; end: Date };
  verifyLogFiles: boolean;
  /** Trail names or ARNs; every trail of the account with log file validation when absent. */
  trails?: readonly string[] | undefined;
}

/** The trails to verify: those named, or every trail the account owns that has log file validation on. */
export function trailsToVerify(
  trails: readonly Trail[],
  accountId: string,
  names: readonly string[] | undefined,
): Trail[] {
  if (names === undefined) return trails.filter((t) => t.ownerAccountId === accountId && t.logFileValidationEnabled);
  return names.map((name) => {
    const [trail, ...others] = trails.filter((t) => t.arn === name || t.name === name);
    if (trail === undefined) throw new UsageError(`--trail ${name}: no such trail in the Regions scanned`);
    if (others.length > 0) throw new UsageError(`--trail ${name}: several trails have that name; give the ARN`);
    return trail;
  });
}

type KeyCache = Map<string, Promise<Envelope<PublicKeyRecord[]>>>;

/** S3 and CloudTrail as an object source for one bucket Region; a Region's keys are asked for once. */
function s3Source(caller: AwsCaller, bucketRegion: string, keys: KeyCache): ObjectSource {
  const get = (
    bucket: string,
    key: string,
    use: (body: Readable, metadata: Record<string, string>) => Promise<unknown>,
  ) =>
    caller.call(
      OPERATIONS.s3.GetObject,
      bucketRegion,
      async (s3, abortSignal) => {
        try {
          const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
          return await use(answer.Body as Readable, answer.Metadata ?? {});
        } catch (error) {
          if ((error as { name?: string }).name === 'NoSuchKey') return { state: 'missing' } as const;
          throw error;
        }
      },
      { resource: `s3://${bucket}/${key}` },
    );
  const asRead = <T>(answer: Envelope<unknown>): ObjectRead<T> =>
    answer.ok ? (answer.value as ObjectRead<T>) : { state: 'unreadable', error: answer.error };
  return {
    async list(bucket, prefix) {
      return allPages((token) =>
        caller.call(
          OPERATIONS.s3.ListObjectsV2,
          bucketRegion,
          async (s3, abortSignal) => {
            const input = { Bucket: bucket, Prefix: prefix, ContinuationToken: token };
            const answer = await s3.send(new ListObjectsV2Command(input), { abortSignal });
            return {
              items: (answer.Contents ?? []).flatMap((o): ListedObject[] =>
                o.Key === undefined
                  ? []
                  : [
                      {
                        key: o.Key,
                        ...(o.LastModified === undefined ? {} : { lastModified: o.LastModified.toISOString() }),
                      },
                    ],
              ),
              next: answer.IsTruncated === true ? answer.NextContinuationToken : undefined,
            };
          },
          { resource: `s3://${bucket}/${prefix}` },
        ),
      );
    },
    async readDigest(bucket, key) {
      return asRead(
        await get(bucket, key, async (body, metadata) => readDigest(Buffer.from(await bytesOf(body)), metadata)),
      );
    },
    async hashLogFile(bucket, key) {
      return asRead(await get(bucket, key, (body) => hashGzipStream(body)));
    },
    publicKeys: (region, start, end) => {
      const id = `${region}|${start.toISOString()}|${end.toISOString()}`;
      let answer = keys.get(id);
      if (answer === undefined) {
        answer = listPublicKeys(caller, region, start, end);
        keys.set(id, answer);
      }
      return answer;
    },
  };
}

async function bytesOf(body: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listPublicKeys(
  caller: AwsCaller,
  region: string,
  start: Date,
  end: Date,
): Promise<Envelope<PublicKeyRecord[]>> {
  const answer = await caller.call(OPERATIONS.cloudtrail.ListPublicKeys, region, (cloudtrail, abortSignal) =>
    cloudtrail.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end }), { abortSignal }),
  );
  if (!answer.ok) return answer;
  return {
    ok: true,
    value: (answer.value.PublicKeyList ?? []).flatMap((k) =>
      k.Fingerprint === undefined || k.Value === undefined
        ? []
        : [
            {
              fingerprint: k.Fingerprint,
              value: Buffer.from(k.Value).toString('base64'),
              ...(k.ValidityStartTime === undefined ? {} : { validityStart: k.ValidityStartTime.toISOString() }),
              ...(k.ValidityEndTime === undefined ? {} : { validityEnd: k.ValidityEndTime.toISOString() }),
            },
          ],
    ),
  };
}

/**
 * An organization trail delivers under `AWSLogs/<organization id>/`; the id is the one organization folder
 * in the bucket, found by listing with a delimiter rather than by asking AWS Organizations.
 */
async function organizationFolder(
  caller: AwsCaller,
  bucketRegion: string,
  bucket: string,
  prefix: string | undefined,
): Promise<Envelope<string>> {
  const root = `${prefix === undefined ? '' : `${prefix}/`}AWSLogs/`;
  const answer = await caller.call(
    OPERATIONS.s3.ListObjectsV2,
    bucketRegion,
    (s3, abortSignal) =>
      s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: root, Delimiter: '/' }), { abortSignal }),
    { resource: `s3://${bucket}/${root}` },
  );
  if (!answer.ok) return answer;
  const organizations = (answer.value.CommonPrefixes ?? []).flatMap((p) => {
    const id = /^o-[a-z0-9]{10,32}(?=\/$)/.exec(p.Prefix?.slice(root.length) ?? '')?.[0];
    return id === undefined ? [] : [id];
  });
  const [organization, ...others] = organizations;
  if (organization !== undefined && others.length === 0) return { ok: true, value: organization };
  return {
    ok: false,
    error: {
      operation: 's3:ListObjectsV2',
      region: bucketRegion,
      code: organizations.length === 0 ? 'OrganizationFolderNotFound' : 'SeveralOrganizationFolders',
      message: `s3://${bucket}/${root} has ${organizations.length === 0 ? 'no' : 'several'} organization folders (o-…)`,
      resource: `s3://${bucket}/${root}`,
    },
  };
}

/** The Regions a trail delivers digests from, among those scanned. */
function sourceRegions(trail: Trail, scanned: readonly string[]): string[] {
  return trail.isMultiRegion ? [...scanned] : scanned.filter((r) => r === trail.homeRegion);
}

/** Reports what was found and read, at most every `PROGRESS_INTERVAL_MS`, then once more at the end. */
const PROGRESS_INTERVAL_MS = 250;

function progressReporter(emit: ScanEventSink) {
  const totals = { digestsFound: 0, digestsRead: 0, logFilesFound: 0, logFilesRead: 0 };
  let last = 0;
  const flush = () => {
    last = Date.now();
    emit({ type: 'objectsProgress', ...totals });
  };
  return {
    update(event: { found?: { digests?: number; logFiles?: number }; read?: 'digest' | 'logFile' }) {
      totals.digestsFound += event.found?.digests ?? 0;
      totals.logFilesFound += event.found?.logFiles ?? 0;
      if (event.read === 'digest') totals.digestsRead += 1;
      if (event.read === 'logFile') totals.logFilesRead += 1;
      if (Date.now() - last >= PROGRESS_INTERVAL_MS) flush();
    },
    flush,
  };
}

/** Every chain of the trails to verify, in every Region they deliver from, read at once. */
export async function collectIntegrity(
  context: CollectContext,
  options: {
    trails: readonly Trail[];
    /** Buckets the bucket kind located already, by name; the others are located here. */
    located: Readonly<Record<string, Bucket>>;
    scanned: readonly string[];
    request: IntegrityRequest;
    emit: ScanEventSink;
  },
): Promise<Integrity> {
  const { request, emit } = options;
  const { caller } = context;
  const accountId = context.account.id;
  const chosen = trailsToVerify(options.trails, accountId, request.trails);
  // The trails' buckets, located as the bucket kind locates them: whose, and in which Region.
  const bucketNames = [...new Set(chosen.flatMap((t) => (t.s3BucketName === undefined ? [] : [t.s3BucketName])))];
  const locate = bucketKind.source === 'reference' ? bucketKind.locate : undefined;
  if (locate === undefined) throw new Error('the bucket kind is located by reference');
  const located = await Promise.all(
    bucketNames.map(
      async (name) =>
        [name, options.located[name] ?? ((await locate.run(context, name)) as unknown as Bucket)] as const,
    ),
  );
  const buckets = new Map(located);
  const verified = chosen.filter((t) => t.ownerAccountId === accountId && t.logFileValidationEnabled);
  const chains = verified.flatMap((t) => sourceRegions(t, options.scanned).map((region) => ({ trail: t, region })));
  emit({ type: 'verifyStarted', chains: chains.length });
  const progress = progressReporter(emit);

  const records = new Map<string, TrailIntegrity>();
  const organizations = new Map<string, Promise<Envelope<string>>>();
  const keys: KeyCache = new Map();
  for (const trail of chosen) {
    const presence = trail.s3BucketName === undefined ? undefined : buckets.get(trail.s3BucketName)?.presence;
    const state = presence?.ok === true ? presence.value.state : undefined;
    records.set(trail.arn, {
      bucketOwner: state === 'owned' ? 'account' : state === 'foreign' ? 'other' : 'unknown',
      ...(presence?.ok === true && presence.value.state === 'owned' ? { bucketRegion: presence.value.region } : {}),
      regions: {},
    });
  }
  await Promise.all(
    chains.map(async ({ trail, region }) => {
      const bucket = trail.s3BucketName;
      if (bucket === undefined) return;
      const presence = buckets.get(bucket)?.presence;
      const bucketRegion =
        presence?.ok === true && presence.value.state === 'owned' ? presence.value.region : trail.homeRegion;
      const organization = trail.isOrganizationTrail
        ? await (organizations.get(bucket) ??
            organizations.set(bucket, organizationFolder(caller, bucketRegion, bucket, trail.s3KeyPrefix)).get(bucket))
        : undefined;
      const location = {
        bucket,
        ...(trail.s3KeyPrefix === undefined ? {} : { prefix: trail.s3KeyPrefix }),
        ...(organization?.ok === true ? { organizationId: organization.value } : {}),
        accountId: accountId,
        sourceRegion: region,
        homeRegion: trail.homeRegion,
        trailName: trail.name,
      };
      const gone = presence?.ok === true && presence.value.state === 'missing' ? presence.value.observed : undefined;
      const failed: Envelope<never> | undefined =
        gone !== undefined ? { ok: false, error: gone } : organization?.ok === false ? organization : undefined;
      const chain =
        failed !== undefined
          ? { location, listing: failed, digests: [], publicKeys: failed }
          : await collectChain(s3Source(caller, bucketRegion, keys), {
              location,
              window: request.window,
              verifyLogFiles: request.verifyLogFiles,
              progress: (event) => {
                progress.update(event);
              },
            });
      const record = records.get(trail.arn);
      if (record !== undefined) record.regions[region] = chain;
      emit({
        type: 'chainRead',
        trail: trail.name,
        region,
        digests: chain.digests.length,
        logFiles: chain.logFiles?.length ?? 0,
        error: [chain.listing, chain.publicKeys].find((e) => !e.ok)?.error,
      });
    }),
  );
  progress.flush();
  return {
    window: { start: request.window.start.toISOString(), end: request.window.end.toISOString() },
    verifyLogFiles: request.verifyLogFiles,
    trails: Object.fromEntries([...records].sort(([a], [b]) => a.localeCompare(b))),
  };
}
