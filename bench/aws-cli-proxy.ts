/**
 * Puts the AWS CLI in front of the sandbox. `aws cloudtrail validate-logs` sends only its CloudTrail client
 * to --endpoint-url: it makes its S3 clients itself, without the endpoint (awscli/customizations/cloudtrail/
 * validation.py, S3ClientProvider), so S3 requests would go to AWS. They are sent through this HTTPS proxy
 * instead (HTTPS_PROXY), which terminates TLS with a certificate made for the run (AWS_CA_BUNDLE) and hands
 * the requests to the sandbox. It never connects anywhere but the sandbox's loopback port.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { DEFAULT_REGIONS } from '../src/sandbox/index.js';

export interface TlsProxy {
  url: string;
  caFile: string;
  close(): Promise<void>;
}

/** A certificate for the S3 host names of every Region, signed by a CA made for this run. */
function makeCertificate(dir: string): { key: string; cert: string; caFile: string } {
  const at = (name: string) => path.join(dir, name);
  const names = [
    's3.amazonaws.com',
    '*.s3.amazonaws.com',
    ...DEFAULT_REGIONS.flatMap((r) => [`s3.${r}.amazonaws.com`, `*.s3.${r}.amazonaws.com`]),
  ];
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=trailscan test CA',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=s3.amazonaws.com',
    '-keyout',
    at('host.key'),
    '-out',
    at('host.csr'),
  ]);
  const extensions = at('host.ext');
  execFileSync('sh', [
    '-c',
    `printf 'subjectAltName=%s\\n' "${names.map((n) => `DNS:${n}`).join(',')}" > ${extensions}`,
  ]);
  run([
    'x509',
    '-req',
    '-in',
    at('host.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    extensions,
    '-out',
    at('host.pem'),
  ]);
  return {
    key: readFileSync(at('host.key'), 'utf8'),
    cert: readFileSync(at('host.pem'), 'utf8'),
    caFile: at('ca.pem'),
  };
}

export async function startTlsProxy(sandboxUrl: string): Promise<TlsProxy> {
  const target = new URL(sandboxUrl);
  const { key, cert, caFile } = makeCertificate(mkdtempSync(path.join(tmpdir(), 'trailscan-proxy-')));
  const context = tls.createSecureContext({ key, cert });
  const server = http.createServer((_request, response) => {
    response.writeHead(405).end('CONNECT only');
  });
  const sockets = new Set<net.Socket>();
  server.on('connect', (request: http.IncomingMessage, client: net.Socket) => {
    sockets.add(client);
    const host = (request.url ?? '').split(':')[0] ?? '';
    if (!/(^|\.)amazonaws\.com$/.test(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const secure = new tls.TLSSocket(client, { isServer: true, secureContext: context });
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    secure.pipe(upstream).pipe(secure);
    const end = () => {
      secure.destroy();
      upstream.destroy();
    };
    secure.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    caFile,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
