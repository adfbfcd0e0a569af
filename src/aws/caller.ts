/**
 * The one way collectors call AWS. Each call waits for its service-Region rate limit and a global
 * concurrency slot, is counted, and comes back as an envelope: the value, or the error as data.
 * Errors AWS uses to say "not configured" (e.g. NoSuchBucketPolicy) become a `null` value instead.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import pThrottle from 'p-throttle';
import type { Envelope } from '../model/inventory.js';
import { redact } from '../redact.js';
import type { Operation } from './catalogue.js';
import type { AwsClients, ClientOf } from './clients.js';

/**
 * An answer without a field the verdict depends on. Thrown by a collector inside `call`, so it becomes an
 * error envelope (NOT_AVAILABLE) rather than a default value.
 */
export class IncompleteAnswer extends Error {
  override name = 'IncompleteAnswer';
}

/**
 * A member the verdicts depend on. The SDK tolerates missing members, so a hollow answer (an empty body,
 * `{}`, an HTML page with status 200) would otherwise read as "nothing configured".
 */
export function required<T>(value: T | undefined | null, operation: string, member: string): T {
  if (value === undefined || value === null) throw new IncompleteAnswer(`${operation} answered without ${member}`);
  return value;
}

/** The answer, or null when AWS says with one of `codes` that nothing is configured (NoSuchBucketPolicy …). */
export async function orAbsent<T>(answer: Promise<T>, ...codes: string[]): Promise<T | null> {
  try {
    return await answer;
  } catch (error) {
    if (codes.includes(errorCode(error))) return null;
    throw error;
  }
}

/** One page of a listing: its items, and the token of the next page when there is one. */
export interface Page<Item> {
  items: Item[];
  next?: string | undefined;
}

/**
 * Every item of a paginated listing. `fetchPage` makes one call through `AwsCaller.call` and reads the page
 * inside it, so a hollow page is an error envelope. The first failed page is the listing's answer, and a
 * null page (the listed thing does not exist) makes the listing null.
 */
export async function allPages<P extends Page<unknown> | null>(
  fetchPage: (token: string | undefined) => Promise<Envelope<P>>,
): Promise<Envelope<ListingOf<P>>> {
  const items: unknown[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    if (!page.ok) return page;
    const { value } = page;
    if (value === null) return { ok: true, value: null as ListingOf<P> };
    for (const item of value.items) items.push(item);
    token = value.next;
  } while (token !== undefined && token !== '');
  return { ok: true, value: items as ListingOf<P> };
}

/** The items of a listing whose pages are P: null when a page can be null (the listed thing is gone). */
type ListingOf<P> = P extends Page<infer Item> ? Item[] : null;

export interface CallCounts {
  total: number;
  byOperation: Record<string, number>;
}

export interface CallObserver {
  (call: { operation: string; region: string; ok: boolean }): void;
}

interface SdkError {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
}

/** The AWS error code of an SDK error (or of a transport failure, e.g. TimeoutError). */
function errorCode(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const { name, Code, code } = error as SdkError;
    if (typeof Code === 'string' && Code !== '') return Code;
    // The SDK renames a reset or broken connection TimeoutError so that it is retried; it was not one.
    if (name === 'TimeoutError' && (code === 'ECONNRESET' || code === 'EPIPE')) return code;
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
    // Socket failures are plain Errors with a Node code: ECONNRESET, ENOTFOUND, ECONNREFUSED …
    if (typeof code === 'string' && code !== '') return code;
  }
  return 'UnknownError';
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // One line, bounded: messages go into reports and terminal rows. Redacted before the slice, so a
  // credential cut at the end is not left half visible.
  return redact(message.replace(/\s+/g, ' ').trim()).slice(0, 300);
}

/**
 * The span `rate` requests may share: a second, and a margin for what comes between a request's admission
 * here and its arrival at AWS, which counts it then: the event loop's turns and the network's, longer for
 * some requests than others, could otherwise bring requests admitted a second apart closer together.
 */
const SEND_WINDOW_MS = 1_050;

/**
 * At most `rate` requests sent in any second. The calls are released at that rate already, but a call
 * released while every concurrency slot is busy waits for one; calls that waited together would then
 * leave together, faster than AWS allows. This spaces them again, at the moment they are sent.
 */
class SendWindow {
  /** When the requests of the last window were sent (performance.now()), oldest first. */
  readonly #sent: number[] = [];
  readonly #rate: number;

  constructor(rate: number) {
    this.#rate = rate;
  }

  /** Waits until one more request keeps the last second within the rate, and counts it as sent. */
  async admit(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const now = performance.now();
      while ((this.#sent[0] ?? now) <= now - SEND_WINDOW_MS) this.#sent.shift();
      const oldest = this.#sent[0];
      if (oldest === undefined || this.#sent.length < this.#rate) {
        this.#sent.push(now);
        return;
      }
      // Aborted, it throws the stop's own reason, as every other wait of the scan does.
      await sleep(oldest + SEND_WINDOW_MS - now, undefined, signal === undefined ? {} : { signal }).catch(() =>
        signal?.throwIfAborted(),
      );
    }
  }
}

interface RateLimit {
  /** Releases calls at the rate, so that calls waiting for their turn hold no concurrency slot. */
  release: <R>(run: () => Promise<R>) => Promise<R>;
  sending: SendWindow;
}

export class AwsCaller {
  readonly #clients: AwsClients;
  readonly #limit: LimitFunction;
  readonly #rateLimits = new Map<string, RateLimit>();
  readonly #signal: AbortSignal | undefined;
  readonly #observe: CallObserver | undefined;
  readonly #counts: CallCounts = { total: 0, byOperation: {} };

  /**
   * `limit` shares one bound on requests in flight between the callers of several accounts; each caller
   * keeps rate limits of its own, as AWS counts them per account.
   */
  constructor(
    clients: AwsClients,
    options: { concurrency: number; limit?: LimitFunction; signal?: AbortSignal; observe?: CallObserver },
  ) {
    this.#clients = clients;
    this.#limit = options.limit ?? pLimit(options.concurrency);
    this.#signal = options.signal;
    this.#observe = options.observe;
  }

  get counts(): CallCounts {
    return { total: this.#counts.total, byOperation: { ...this.#counts.byOperation } };
  }

  /** Calls `operation` in `region`; `resource` (an ARN or bucket name) is recorded on errors. */
  async call<S extends string, T>(
    operation: Operation<S>,
    region: string,
    send: (client: ClientOf<S>, abortSignal: AbortSignal | undefined) => Promise<T>,
    options: { resource?: string | undefined } = {},
  ): Promise<Envelope<T>> {
    const { id } = operation;
    const run = async (): Promise<Envelope<T>> => {
      this.#signal?.throwIfAborted();
      this.#counts.total += 1;
      this.#counts.byOperation[id] = (this.#counts.byOperation[id] ?? 0) + 1;
      try {
        const client = await this.#clients.client(operation.service, region);
        return { ok: true, value: await send(client, this.#signal) };
      } catch (error) {
        this.#signal?.throwIfAborted();
        const code = redact(errorCode(error));
        return {
          ok: false,
          error: {
            operation: id,
            region,
            code,
            message: errorMessage(error),
            ...(options.resource === undefined ? {} : { resource: options.resource }),
          },
        };
      }
    };
    const { release, sending } = this.#rateLimit(operation, region);
    const result = await release(() =>
      this.#limit(async () => {
        await sending.admit(this.#signal);
        return run();
      }),
    );
    this.#observe?.({ operation: id, region, ok: result.ok });
    return result;
  }

  /** Per account and Region, by service, or by operation where it has a limit of its own (LookupEvents). */
  #rateLimit(operation: Operation, region: string): RateLimit {
    const key = operation.ownRateLimit ? `${operation.id}:${region}` : `${operation.service}:${region}`;
    let rateLimit = this.#rateLimits.get(key);
    if (rateLimit === undefined) {
      const rate = operation.ratePerSecond;
      const release = pThrottle({ limit: rate, interval: 1000, strict: true })((run: () => Promise<unknown>) => run());
      rateLimit = { release: release as RateLimit['release'], sending: new SendWindow(rate) };
      this.#rateLimits.set(key, rateLimit);
    }
    return rateLimit;
  }
}
