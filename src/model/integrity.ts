/**
 * What `trailscan verify-logs` collects: for each trail and Region, the digest keys listed in the window,
 * each digest read (its fields, the SHA-256 of its bytes and its signature metadata — never the bytes
 * themselves), the Region's public keys and, when asked, the SHA-256 of every log file. The verifier
 * works from this alone, so a saved inventory re-verifies offline.
 */
import * as z from 'zod';
import { digestContentSchema } from '../integrity/format.js';
import { collectionErrorSchema, envelopeSchema } from './envelope.js';

/** An object read from S3: found and read, gone (NoSuchKey), unreadable (another error), or not in its format. */
function objectReadSchema<T extends z.ZodRawShape>(readShape: T) {
  return z.discriminatedUnion('state', [
    z.object({ state: z.literal('read'), ...readShape }),
    z.object({ state: z.literal('missing') }),
    z.object({ state: z.literal('unreadable'), error: collectionErrorSchema }),
    z.object({ state: z.literal('malformed'), problem: z.string() }),
  ]);
}

const digestObjectSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  read: objectReadSchema({
    sha256: z.string().describe('Hex SHA-256 of the decompressed digest'),
    metadata: z
      .record(z.string(), z.string())
      .describe('The S3 user metadata CloudTrail sets: signature, signature-algorithm, backfill-generation-timestamp'),
    content: digestContentSchema,
  }),
});
export type DigestObject = z.infer<typeof digestObjectSchema>;
export type ObjectRead<T> =
  | ({ state: 'read' } & T)
  | { state: 'missing' }
  | { state: 'unreadable'; error: z.infer<typeof collectionErrorSchema> }
  | { state: 'malformed'; problem: string };

const logFileObjectSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  read: objectReadSchema({ sha256: z.string().describe('Hex SHA-256 of the decompressed log file') }),
});
export type LogFileObject = z.infer<typeof logFileObjectSchema>;

const publicKeySchema = z.object({
  fingerprint: z.string(),
  value: z.string().describe('The DER public key, base64'),
  validityStart: z.string().optional(),
  validityEnd: z.string().optional(),
});
export type PublicKeyRecord = z.infer<typeof publicKeySchema>;

const listedObjectSchema = z.object({ key: z.string(), lastModified: z.string().optional() });
export type ListedObject = z.infer<typeof listedObjectSchema>;

const chainLocationSchema = z.object({
  bucket: z.string(),
  prefix: z.string().optional(),
  organizationId: z.string().optional(),
  accountId: z.string(),
  sourceRegion: z.string(),
  homeRegion: z.string(),
  trailName: z.string(),
});

const regionChainSchema = z.object({
  location: chainLocationSchema,
  listing: envelopeSchema(z.array(listedObjectSchema)).describe("This trail's digest keys around the window"),
  digests: z.array(digestObjectSchema).describe('Every digest read: those listed, and those the chain points to'),
  publicKeys: envelopeSchema(z.array(publicKeySchema)).describe('ListPublicKeys in the source Region'),
  logFiles: z.array(logFileObjectSchema).optional().describe('With --verify-log-files: each log file the digests list'),
  logListing: envelopeSchema(z.array(listedObjectSchema))
    .optional()
    .describe('With --verify-log-files: the log files delivered from this Region in the window'),
});
export type RegionChain = z.infer<typeof regionChainSchema>;

const trailIntegritySchema = z.object({
  bucketOwner: z
    .enum(['account', 'other', 'unknown'])
    .describe("Whether the trail's bucket belongs to the scanned account (from ListBuckets)"),
  bucketRegion: z.string().optional().describe("The bucket's Region, when the account's bucket list gives it"),
  regions: z.record(z.string(), regionChainSchema).describe('Per source Region'),
});
export type TrailIntegrity = z.infer<typeof trailIntegritySchema>;

export const integritySchema = z.object({
  window: z.object({ start: z.string(), end: z.string() }),
  verifyLogFiles: z.boolean(),
  trails: z.record(z.string(), trailIntegritySchema).describe('Per trail ARN: the trails verified'),
});
export type Integrity = z.infer<typeof integritySchema>;
