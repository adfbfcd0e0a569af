/**
 * The HTTP layer under every client: a deadline on each attempt, body included, and a refusal of 2xx
 * answers that no AWS read returns (an empty body, an HTML page).
 *
 * The SDK's request timeout stops counting once response headers arrive, so an endpoint that sends
 * headers and then stalls, or trickles the body a byte at a time, would hold a scan forever. Here the
 * body is read in full within what is left of the attempt's time, then handed to the SDK as those bytes,
 * which it parses without a stream of its own (object reads insist on a stream: they get one).
 */
import { Readable } from 'node:stream';
import type { HttpHandlerOptions } from '@smithy/types';

/** The parts of a request and response this layer looks at. */
interface HttpRequest {
  method: string;
  query?: Record<string, string | (string | null)[] | null>;
}
interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

/** The SDK's request handler interface, as NodeHttpHandler implements it. */
export interface RequestHandler {
  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }>;
  destroy?(): void;
  updateHttpClientConfig?(key: never, value: never): void;
  httpHandlerConfigs?(): unknown;
  readonly metadata?: unknown;
}

/** An attempt that ran out of time; the SDK retries it as a transient failure by this name. */
function timeoutError(timeoutMs: number, phase: string): Error {
  return Object.assign(new Error(`no complete answer within ${timeoutMs / 1000} s (${phase})`), {
    name: 'TimeoutError',
  });
}

/** A 2xx whose body cannot be the answer of an AWS read. Not retried: the endpoint said it meant it. */
export class InvalidAnswer extends Error {
  override name = 'InvalidAnswer';
}

/** The whole body, or a TimeoutError when it has not ended by `deadline` (or the abort signal fires). */
function readBody(
  body: Readable,
  deadline: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Buffer> {
  // Listeners rather than `for await`: an async iterator per answer costs more than the answer's parsing.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      outcome();
    };
    const timer = setTimeout(
      () => {
        body.destroy(timeoutError(timeoutMs, 'the body did not arrive in time'));
      },
      Math.max(0, deadline - Date.now()),
    );
    const abort = () => body.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', abort, { once: true });
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => {
      settle(() => {
        resolve(Buffer.concat(chunks));
      });
    });
    body.once('error', (error) => {
      settle(() => {
        reject(error);
      });
    });
    body.once('close', () => {
      settle(() => {
        reject(Object.assign(new Error('the connection closed before the answer ended'), { code: 'ECONNRESET' }));
      });
    });
  });
}

/** The SDK hands an object's body to its reader as a stream, and refuses anything else for it. */
const streamsBody = (request: HttpRequest) => request.query?.['x-id'] === 'GetObject';

const isReadable = (body: unknown): body is Readable =>
  typeof body === 'object' && body !== null && typeof (body as Readable).on === 'function';

/** Why a successful answer is not one, or undefined when it may be. */
function invalidity(request: HttpRequest, response: HttpResponse, body: Buffer): string | undefined {
  if (response.statusCode < 200 || response.statusCode >= 300 || request.method === 'HEAD') return undefined;
  if (body.length === 0) return `HTTP ${response.statusCode} with an empty body`;
  const contentType = response.headers['content-type'] ?? '';
  if (/^text\/html\b/i.test(contentType) || /^\s*<(!doctype html|html)\b/i.test(body.toString('utf8', 0, 256))) {
    return `HTTP ${response.statusCode} with an HTML page, not an AWS answer`;
  }
  return undefined;
}

/** Wraps a request handler so that every attempt ends within `timeoutMs`, body included. */
export function deadlineHandler(inner: RequestHandler, timeoutMs: number): RequestHandler {
  return {
    async handle(request, options = {}) {
      const deadline = Date.now() + timeoutMs;
      const { response } = await inner.handle(request, options);
      if (isReadable(response.body)) {
        const body = await readBody(response.body, deadline, timeoutMs, options.abortSignal as AbortSignal | undefined);
        const invalid = invalidity(request, response, body);
        if (invalid !== undefined) throw new InvalidAnswer(invalid);
        response.body = streamsBody(request) ? Readable.from([body]) : body;
      }
      return { response };
    },
    destroy: () => inner.destroy?.(),
    updateHttpClientConfig: (key, value) => inner.updateHttpClientConfig?.(key, value),
    httpHandlerConfigs: () => inner.httpHandlerConfigs?.(),
    get metadata() {
      return inner.metadata;
    },
  };
}
