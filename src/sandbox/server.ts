/**
 * The HTTP endpoint and its one dispatcher: every request goes credential scope → service → operation →
 * count → faults → credentials → handler, whatever the protocol, so the rules hold the same everywhere.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestCounter, type RequestCounts } from './counts.js';
import { deliveryOf, faultError, faultedReply, type Delivery } from './fault-replies.js';
import { FaultSchedule } from './faults.js';
import { targetOperation } from './protocols/json.js';
import { formParameters } from './protocols/query.js';
import { AwsError, header, type IncomingCall, type Reply, type SandboxService } from './service.js';
import { credentialScope, signatureMatches } from './sigv4.js';
import type { World } from './world.js';
import { UsageError } from '../errors.js';

const CONTROL_PREFIX = '/_sandbox/';
const MAX_BODY_BYTES = 1024 * 1024;

/** A reply and how it reaches the client (a hang or a reset sends none of it). */
interface Answer {
  reply: Reply;
  delivery: Delivery;
}

/** Whether a request has the shape of the service's protocol: its target prefix, path or API version. */
function hasShapeOf(service: SandboxService, call: IncomingCall): boolean {
  const { protocol } = service.spec;
  switch (protocol.kind) {
    case 'json':
      return targetOperation(header(call, 'x-amz-target') ?? '', protocol.targetPrefix) !== undefined;
    case 'query':
      return formParameters(call).get('Version') === protocol.version;
    case 'rest-xml':
      return protocol.pathPrefix === undefined || call.url.pathname.startsWith(protocol.pathPrefix);
  }
}

/** Among the services signing with that name (S3 and S3 Control both sign as `s3`), the one the request is for. */
function serviceFor(
  services: readonly SandboxService[],
  signingName: string,
  call: IncomingCall,
): SandboxService | undefined {
  const signing = services.filter((s) => s.spec.signingName === signingName);
  return signing.length === 1 ? signing[0] : byShape(signing, call);
}

/** A service with a distinctive shape wins over the catch-all REST-XML one (S3's own paths). */
function byShape(services: readonly SandboxService[], call: IncomingCall): SandboxService | undefined {
  const matching = services.filter((s) => hasShapeOf(s, call));
  return (
    matching.find((s) => s.spec.protocol.kind !== 'rest-xml' || s.spec.protocol.pathPrefix !== undefined) ?? matching[0]
  );
}

export interface SandboxServer {
  url: string;
  counts: () => RequestCounts;
  resetCounts: () => void;
  close: () => Promise<void>;
}

export async function listen(
  world: World,
  host: string,
  port: number,
  services: readonly SandboxService[],
): Promise<SandboxServer> {
  const counter = new RequestCounter();
  const faults = new FaultSchedule(world.scenario.faults);
  const timers = new Set<NodeJS.Timeout>();
  const reset = () => {
    counter.reset();
    faults.reset();
  };

  /** Waits without holding the event loop, so a slow answer never delays another request. */
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function answer(call: IncomingCall): Promise<Answer> {
    const whole = (reply: Reply): Answer => ({ reply, delivery: 'whole' });
    const requestId = randomUUID();
    const scope = credentialScope(header(call, 'authorization'));
    if (scope === undefined) {
      // Unsigned: refuse in the words of the service the request looks meant for.
      const service = byShape(services, call);
      if (service !== undefined) return whole(service.renderError(service.errors.missingAuthentication(), requestId));
    }
    const service = scope === undefined ? undefined : serviceFor(services, scope.service, call);
    if (scope === undefined || service === undefined) {
      return whole({
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: `The sandbox does not serve ${scope?.service ?? 'this request'}` }),
      });
    }
    // As AWS: a known key's signature is checked before the request is read (an unknown key is refused below).
    const account = world.accountByAccessKey(scope.accessKeyId);
    if (account !== undefined && !signatureMatches(call, world.secretOf(scope.accessKeyId, account))) {
      return whole(service.renderError(service.errors.signatureMismatch(), requestId));
    }
    const routed = service.route(call);
    if (routed instanceof AwsError) return whole(service.renderError(routed, requestId));

    const operation = `${service.spec.name}:${routed.operation}`;
    counter.add(operation, scope.region);
    const decision = faults.decide({
      operation,
      region: scope.region,
      accountId: account?.accountId,
      resources: routed.resources,
    });
    if (decision.latencyMs > 0) await delay(decision.latencyMs);

    if (account === undefined || !world.isEnabled(account, scope.region)) {
      return whole(service.renderError(service.errors.invalidCredentials(scope.accessKeyId), requestId));
    }
    const credentials = {
      accessKeyId: scope.accessKeyId,
      secretAccessKey: world.secretOf(scope.accessKeyId, account),
      sessionToken: header(call, 'x-amz-security-token'),
    };
    const identity = world.identityArnOf(scope.accessKeyId, account);
    const injected = decision.error && faultError(service, decision.error, identity, routed.operation, credentials);
    if (injected !== undefined) return whole(service.renderError(injected, requestId));

    let reply: Reply;
    try {
      reply = routed.run({ world, account, identityArn: identity, region: scope.region, now: new Date(), requestId });
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      reply = service.renderError(error, requestId);
    }
    return { reply: faultedReply(decision.error, reply), delivery: deliveryOf(decision.error) };
  }

  function control(call: IncomingCall): Reply {
    const json = (status: number, body: unknown): Reply => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const route = `${call.method} ${call.url.pathname.slice(CONTROL_PREFIX.length)}`;
    if (route === 'GET counts') return json(200, counter.snapshot());
    if (route === 'POST reset') {
      reset();
      return { status: 204, headers: {}, body: '' };
    }
    return json(404, { message: 'Not a sandbox control endpoint: GET /_sandbox/counts, POST /_sandbox/reset' });
  }

  /**
   * Sends the answer as its fault says. What never ends (a hang, a stall, a trickle) is ended by the
   * client's own timeout, or by close().
   */
  function deliver(request: http.IncomingMessage, response: http.ServerResponse, { reply, delivery }: Answer): void {
    if (delivery === 'hang') return;
    if (delivery === 'connection-reset') {
      request.socket.resetAndDestroy();
      return;
    }
    if (delivery === 'whole') {
      send(response, request.method, reply);
      return;
    }
    const body = Buffer.from(reply.body);
    response.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
    response.flushHeaders();
    if (delivery === 'stall-after-headers') return;
    let sent = 0;
    const trickle = setInterval(() => {
      response.write(body.subarray(sent, sent + 1));
      sent += 1;
      if (sent >= body.length) response.end();
    }, 1000);
    timers.add(trickle);
    response.once('close', () => {
      clearInterval(trickle);
      timers.delete(trickle);
    });
  }

  const server = http.createServer((request, response) => {
    void (async () => {
      try {
        const call = await receive(request);
        if (call === undefined) {
          send(response, request.method, { status: 413, headers: {}, body: 'Request body too large' });
          return;
        }
        if (call.url.pathname.startsWith(CONTROL_PREFIX)) {
          send(response, request.method, control(call));
          return;
        }
        deliver(request, response, await answer(call));
      } catch (error) {
        if (!response.headersSent) send(response, request.method, { status: 500, headers: {}, body: String(error) });
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${port} on ${host} is already in use`) : error);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    counts: () => counter.snapshot(),
    resetCounts: reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
  };
}

async function receive(request: http.IncomingMessage): Promise<IncomingCall | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return {
    method: request.method ?? 'GET',
    target: request.url ?? '/',
    url: new URL(request.url ?? '/', 'http://sandbox.invalid'),
    headers: request.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

function send(response: http.ServerResponse, method: string | undefined, reply: Reply): void {
  const headers =
    method === 'HEAD' ? reply.headers : { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) };
  response.writeHead(reply.status, headers);
  response.end(method === 'HEAD' ? undefined : reply.body);
}
