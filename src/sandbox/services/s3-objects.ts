/**
 * S3 object reads over the objects the world's trails delivered: ListObjectsV2 and ListObjects (the AWS CLI
 * still uses version 1), GetObject and HeadObject, with S3's ordering, pagination, delimiters, URL encoding
 * of keys, user metadata headers and NoSuchKey.
 */
import { createHash } from 'node:crypto';
import type { StoredObject } from '../digests.js';
import { S3_NAMESPACE, s3Headers, xmlReply } from '../protocols/rest-xml.js';
import { el, type XmlNode } from '../protocols/xml.js';
import { AwsError, type CallContext, type IncomingCall, type Reply } from '../service.js';

const MAX_KEYS = 1000;

/** S3's `encoding-type=url`: keys percent-encoded, spaces as `+`, slashes kept. */
function encoder(call: IncomingCall): (text: string) => string {
  if (call.url.searchParams.get('encoding-type') !== 'url') return (text) => text;
  return (text) => encodeURIComponent(text).replaceAll('%2F', '/').replaceAll('%20', '+');
}

const etag = (object: StoredObject) => `"${createHash('md5').update(object.body).digest('hex')}"`;

interface Page {
  contents: [string, StoredObject][];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned, where the next page starts after. */
  last: string | undefined;
}

/** The keys after `after` under `prefix`, in UTF-8 binary order, folded at `delimiter`, at most `max` entries. */
function page(objects: Map<string, StoredObject>, prefix: string, after: string, delimiter: string, max: number): Page {
  const result: Page = { contents: [], prefixes: [], truncated: false, last: undefined };
  const keys = [...objects].filter(([k]) => k.startsWith(prefix) && k > after).sort(([a], [b]) => compareKeys(a, b));
  for (const [key, object] of keys) {
    const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const common = at === -1 ? undefined : key.slice(0, at + delimiter.length);
    if (common !== undefined && (result.prefixes.includes(common) || common <= after)) continue;
    if (result.contents.length + result.prefixes.length === max) {
      result.truncated = true;
      break;
    }
    if (common === undefined) result.contents.push([key, object]);
    else result.prefixes.push(common);
    result.last = common ?? key;
  }
  return result;
}

function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function maxKeys(call: IncomingCall): number {
  const text = call.url.searchParams.get('max-keys');
  const max = text === null ? MAX_KEYS : Number(text);
  if (!Number.isInteger(max) || max < 0)
    throw new AwsError(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
  return Math.min(max, MAX_KEYS);
}

function listing(call: IncomingCall, bucket: string, found: Page, extra: XmlNode[]): XmlNode {
  const encode = encoder(call);
  const query = call.url.searchParams;
  return el(
    'ListBucketResult',
    [
      el('Name', bucket),
      el('Prefix', encode(query.get('prefix') ?? '')),
      ...extra,
      el('MaxKeys', maxKeys(call)),
      el('Delimiter', query.has('delimiter') ? encode(query.get('delimiter') ?? '') : undefined),
      el('EncodingType', query.get('encoding-type') ?? undefined),
      el('IsTruncated', found.truncated),
      ...found.contents.map(([key, object]) =>
        el('Contents', [
          el('Key', encode(key)),
          el('LastModified', object.lastModified.toISOString()),
          el('ETag', etag(object)),
          el('Size', object.body.length),
          el('StorageClass', 'STANDARD'),
        ]),
      ),
      ...found.prefixes.map((p) => el('CommonPrefixes', [el('Prefix', encode(p))])),
    ],
    `xmlns="${S3_NAMESPACE}"`,
  );
}

/** ListObjectsV2: `continuation-token` is opaque (the last key, base64), `start-after` a key. */
export function listObjectsV2(
  call: IncomingCall,
  bucket: string,
  objects: Map<string, StoredObject>,
  context: CallContext,
): Reply {
  const query = call.url.searchParams;
  const token = query.get('continuation-token');
  const after = token === null ? (query.get('start-after') ?? '') : Buffer.from(token, 'base64url').toString();
  const found = page(objects, query.get('prefix') ?? '', after, query.get('delimiter') ?? '', maxKeys(call));
  const encode = encoder(call);
  const extra = [
    el('KeyCount', found.contents.length + found.prefixes.length),
    el('ContinuationToken', token ?? undefined),
    el('StartAfter', query.has('start-after') ? encode(query.get('start-after') ?? '') : undefined),
    el(
      'NextContinuationToken',
      found.truncated && found.last !== undefined ? Buffer.from(found.last).toString('base64url') : undefined,
    ),
  ];
  return xmlReply(listing(call, bucket, found, extra), context.requestId);
}

/** ListObjects (version 1): `marker` is a key; NextMarker only with a delimiter, as S3 does. */
export function listObjects(
  call: IncomingCall,
  bucket: string,
  objects: Map<string, StoredObject>,
  context: CallContext,
): Reply {
  const query = call.url.searchParams;
  const marker = query.get('marker') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const found = page(objects, query.get('prefix') ?? '', marker, delimiter, maxKeys(call));
  const encode = encoder(call);
  const extra = [
    el('Marker', encode(marker)),
    el('NextMarker', found.truncated && delimiter !== '' && found.last !== undefined ? encode(found.last) : undefined),
  ];
  return xmlReply(listing(call, bucket, found, extra), context.requestId);
}

/** GetObject and HeadObject: the bytes (not for HEAD), their length, ETag, date and user metadata. */
export function getObject(
  method: 'GET' | 'HEAD',
  key: string,
  objects: Map<string, StoredObject>,
  context: CallContext,
): Reply {
  const object = objects.get(key);
  if (object === undefined)
    throw new AwsError(404, 'NoSuchKey', 'The specified key does not exist.', { details: { Key: key } });
  const metadata = Object.fromEntries(
    Object.entries(object.metadata).map(([name, value]) => [`x-amz-meta-${name}`, value]),
  );
  return {
    status: 200,
    headers: {
      ...s3Headers(context.requestId),
      'content-type': 'application/octet-stream',
      'content-length': String(object.body.length),
      etag: etag(object),
      'last-modified': object.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
      ...metadata,
    },
    body: method === 'HEAD' ? '' : object.body,
  };
}
