/**
 * The sandbox's hollow, broken and echoing answers, as they go over the wire: what a client receives,
 * byte by byte, before any SDK interprets it. One Region per fault, so each request picks its fault.
 */
import http from 'node:http';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario, startSandbox, type ScenarioInput } from '../../src/sandbox/index.js';

const KEY = 'TSWIRE0000000001';
const SECRET = 'wire-secret-value';
const FAULTS = {
  'us-east-1': 'empty-body',
  'us-east-2': 'empty-document',
  'us-west-1': 'html-page',
  'us-west-2': 'stall-after-headers',
  'eu-west-1': 'trickle-body',
  'eu-west-2': 'connection-reset',
  'eu-west-3': 'echo-credentials',
} as const;

const scenario: ScenarioInput = {
  regions: Object.keys(FAULTS).map((name) => ({ name })),
  accounts: [{ accessKeyId: KEY, secretAccessKey: SECRET, accountId: '123412341234' }],
  faults: Object.entries(FAULTS).map(([region, error]) => ({ region, error })),
};
const sandbox = await startSandbox(parseScenario(scenario, 'wire'));
afterAll(() => sandbox.close());

interface Received {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Each chunk of the body with the milliseconds since the headers arrived. */
  chunks: { at: number; text: string }[];
  ended: boolean;
}

/** A request signed with the SDK's signer, watched for `forMs`. */
async function request(
  region: keyof typeof FAULTS,
  call: 'cloudtrail' | 's3',
  forMs = 400,
  headers: Record<string, string> = {},
): Promise<Received> {
  const { hostname, port } = new URL(sandbox.url);
  const host = `${hostname}:${port}`;
  const unsigned =
    call === 'cloudtrail'
      ? {
          method: 'POST',
          path: '/',
          headers: {
            host,
            'x-amz-target': 'CloudTrail_20131101.DescribeTrails',
            'content-type': 'application/x-amz-json-1.1',
            ...headers,
          },
          body: '{}',
        }
      : { method: 'GET', path: '/', query: { 'max-buckets': '10' }, headers: { host, ...headers } };
  const signer = new SignatureV4({
    service: call,
    region,
    credentials: { accessKeyId: KEY, secretAccessKey: SECRET },
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: call !== 's3',
  });
  const options = await signer.sign({ protocol: 'http:', hostname, port: Number(port), ...unsigned });
  return new Promise((resolve, reject) => {
    const target = call === 's3' ? '/?max-buckets=10' : '/';
    const req = http.request(`${sandbox.url}${target}`, { method: options.method, headers: options.headers }, (res) => {
      const started = Date.now();
      const received: Received = { status: res.statusCode ?? 0, headers: res.headers, chunks: [], ended: false };
      res.setEncoding('utf8');
      res.on('data', (text: string) => received.chunks.push({ at: Date.now() - started, text }));
      res.on('end', () => (received.ended = true));
      setTimeout(() => {
        req.destroy();
        resolve(received);
      }, forMs);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const bodyOf = (received: Received) => received.chunks.map((c) => c.text).join('');

describe('hollow answers: HTTP 200 that is not the answer', () => {
  it('an empty body', async () => {
    for (const call of ['cloudtrail', 's3'] as const) {
      const received = await request('us-east-1', call);
      expect([received.status, bodyOf(received), received.ended]).toEqual([200, '', true]);
    }
  });

  it('an empty document: {} for JSON, the bare root element for XML', async () => {
    expect(bodyOf(await request('us-east-2', 'cloudtrail'))).toBe('{}');
    const xml = await request('us-east-2', 's3');
    expect(xml.status).toBe(200);
    expect(bodyOf(xml)).toMatch(/^<\?xml [^>]*\?>\n?<ListAllMyBucketsResult xmlns="[^"]+"\/>$/);
  });

  it('an HTML page', async () => {
    const received = await request('us-west-1', 's3');
    expect(received.status).toBe(200);
    expect(received.headers['content-type']).toMatch(/^text\/html/);
    expect(bodyOf(received)).toMatch(/^<!DOCTYPE html>/);
  });
});

describe('broken deliveries', () => {
  it('headers, then nothing', async () => {
    const received = await request('us-west-2', 's3', 1_500);
    expect(received.status).toBe(200);
    expect(Number(received.headers['content-length'])).toBeGreaterThan(0);
    expect([received.chunks, received.ended]).toEqual([[], false]);
  });

  it('a body trickling one byte a second', async () => {
    const received = await request('eu-west-1', 'cloudtrail', 2_600);
    expect(received.status).toBe(200);
    expect(received.chunks.map((c) => c.text.length)).toEqual(received.chunks.map(() => 1));
    expect(received.chunks.length).toBeGreaterThanOrEqual(1);
    expect(received.chunks.length).toBeLessThanOrEqual(3);
    expect(received.ended).toBe(false);
  });

  it('a reset connection', async () => {
    await expect(request('eu-west-2', 's3')).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('an error that echoes the credentials', () => {
  it('quotes the access key id, the secret and the session token', async () => {
    const received = await request('eu-west-3', 'cloudtrail', 400, { 'x-amz-security-token': 'TOKEN-ECHOED-BACK' });
    expect(received.status).toBe(400);
    expect(JSON.parse(bodyOf(received))).toMatchObject({
      __type: 'AccessDeniedException',
      message: expect.stringMatching(new RegExp(`${KEY}.*${SECRET}.*TOKEN-ECHOED-BACK`)) as string,
    });
  });
});
