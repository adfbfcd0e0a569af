/**
 * Turning S3 objects into what the verifier needs: a digest's fields, the SHA-256 of its decompressed
 * bytes and its signature metadata; a log file's SHA-256, hashed as it streams so memory stays bounded
 * whatever the file's size. Gzip data followed by anything else is not a CloudTrail file.
 */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Writable, type Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { DigestObject, ObjectRead } from '../model/integrity.js';
import { METADATA, parseDigestContent } from './format.js';

/** The metadata the verifier reads, whatever else the object carries. */
function digestMetadata(metadata: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of Object.values(METADATA)) {
    const value = metadata[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

/** A digest object's bytes (gzip) and S3 user metadata, as the verifier reads them. */
export function readDigest(
  body: Uint8Array,
  metadata: Readonly<Record<string, string | undefined>>,
): DigestObject['read'] {
  let inflated: Buffer;
  try {
    inflated = gunzipSync(body);
  } catch (error) {
    return { state: 'malformed', problem: `not gzip (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = parseDigestContent(inflated.toString('utf8'));
  if (!parsed.ok) return { state: 'malformed', problem: parsed.problem };
  return {
    state: 'read',
    sha256: createHash('sha256').update(inflated).digest('hex'),
    metadata: digestMetadata(metadata),
    content: parsed.value,
  };
}

/** The SHA-256 of a gzip stream's decompressed content, hashed chunk by chunk. */
export async function hashGzipStream(body: Readable): Promise<ObjectRead<{ sha256: string }>> {
  const hash = createHash('sha256');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done();
    },
  });
  try {
    await pipeline(body, createGunzip(), sink);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    // Only what zlib says about the bytes makes the file malformed; a broken connection is a read error.
    if (!code.startsWith('Z_')) throw error;
    return { state: 'malformed', problem: `not gzip (${(error as Error).message})` };
  }
  return { state: 'read', sha256: hash.digest('hex') };
}
