/**
 * SigV4 as AWS checks it: who is calling and where (the `Authorization` header's credential scope), and
 * whether the signature is the one the caller's secret key gives for this very request. Written from the
 * AWS specification, not with the SDK's signer, so a client that signs wrongly (another account's secret,
 * a header changed after signing) is refused here as AWS would refuse it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { header, type IncomingCall } from './service.js';

export interface CredentialScope {
  accessKeyId: string;
  region: string;
  /** The signing name: `s3` for S3 Control too. */
  service: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,(?:\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$)?/;

export function credentialScope(authorization: string | undefined): CredentialScope | undefined {
  const match = AUTHORIZATION.exec(authorization ?? '');
  if (match === null) return undefined;
  const [, accessKeyId = '', , region = '', service = ''] = match;
  return { accessKeyId, region, service };
}

/** RFC 3986 percent-encoding, as SigV4 canonicalises names, values and paths. */
const escape = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

const EMPTY_PAYLOAD = sha256('');

/**
 * The path as the signature covers it. S3 signs the path as sent; every other service normalises it
 * (no `.`, `..` or empty segments) and encodes the already encoded path once more.
 */
function canonicalPath(rawPath: string, signingName: string): string {
  if (signingName === 's3') return rawPath;
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return escape(`/${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

/** Each parameter decoded then encoded again, sorted by name and value; the signature itself left out. */
function canonicalQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const [name, value] = equals < 0 ? [part, ''] : [part.slice(0, equals), part.slice(equals + 1)];
    const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, '%20'));
    if (decode(name).toLowerCase() === 'x-amz-signature') continue;
    pairs.push([escape(decode(name)), escape(decode(value))]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** The body's hash as the client declared it (S3), checked against the body, or computed from it. */
function payloadHash(call: IncomingCall): string | undefined {
  const body = Buffer.from(call.body, 'utf8');
  const actual = body.length === 0 ? EMPTY_PAYLOAD : sha256(body);
  const declared = header(call, 'x-amz-content-sha256');
  if (declared === undefined) return actual;
  if (declared === 'UNSIGNED-PAYLOAD') return declared;
  return declared === actual ? declared : undefined;
}

/** Whether the request carries the signature that `secretAccessKey` gives it. */
export function signatureMatches(call: IncomingCall, secretAccessKey: string): boolean {
  const match = AUTHORIZATION.exec(header(call, 'authorization') ?? '');
  const amzDate = header(call, 'x-amz-date');
  if (match === null || amzDate === undefined) return false;
  const [, , date = '', region = '', service = '', signedHeaders, signature] = match;
  if (signedHeaders === undefined || signature === undefined || !amzDate.startsWith(date)) return false;
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return false;
  const hash = payloadHash(call);
  if (hash === undefined) return false;

  const headers = names.map((name) => `${name}:${(header(call, name) ?? '').trim().replace(/\s+/g, ' ')}\n`);
  const [rawPath = '/', rawQuery = ''] = call.target.split('?', 2);
  let query: string;
  try {
    query = canonicalQuery(rawQuery);
  } catch {
    return false; // a malformed percent-escape: no signature can cover it
  }
  const canonicalRequest = [
    call.method,
    canonicalPath(rawPath, service),
    query,
    headers.join(''),
    signedHeaders,
    hash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer | string = `AWS4${secretAccessKey}`;
  for (const part of [date, region, service, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, stringToSign);
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
