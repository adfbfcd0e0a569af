/**
 * One factory for every AWS client the collectors use: the same credentials, endpoint, retry policy,
 * timeouts and connection pool everywhere. SDK modules are imported on first use, so a scan loads only
 * the services its checks need.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { SERVICES, type Service, type ServiceName } from './catalogue.js';
import { credentialSource } from './credentials.js';
import { deadlineHandler } from './transport.js';

export interface AwsAccessOptions {
  /** A named profile of the shared config files; the default credential chain otherwise. */
  profile?: string | undefined;
  /** Explicit credentials (the sandbox); they bypass the credential chain. */
  credentials?: AwsCredentialIdentity | undefined;
  /** A custom endpoint for every service (AWS_ENDPOINT_URL, --endpoint-url). */
  endpointUrl?: string | undefined;
  /** Attempts per request, retries included (adaptive retry mode). */
  maxAttempts: number;
  /** Abandon a request attempt that has not answered in full (body included) within this long. */
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  /** Sockets per host, shared by every client. */
  maxSockets: number;
  /** Receives the SDK's warnings (e.g. two credential sources set), one line each. */
  onWarning?: ((message: string) => void) | undefined;
  /** Sees every command a client sends, retries excluded (used to prove the scan is read-only). */
  onCommand?: ((service: string, command: string) => void) | undefined;
  /** Services beyond the catalogue's. */
  extraServices?: readonly ExtraService[] | undefined;
}

export interface ServiceClients {
  cloudtrail: CloudTrailClient;
  ec2: EC2Client;
  organizations: OrganizationsClient;
  s3: S3Client;
  s3control: S3ControlClient;
  sts: STSClient;
  kms: KMSClient;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
  sns: SNSClient;
  events: EventBridgeClient;
}

/** What every SDK client can do; the type of a service's client outside the catalogue. */
export interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal | undefined }): Promise<unknown>;
  destroy(): void;
}

export type ClientOf<S extends string> = S extends ServiceName ? ServiceClients[S] : SdkClient;

/** The client configuration every service shares. */
interface CommonConfig {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  endpoint?: string;
  retryStrategy: unknown;
  requestHandler: unknown;
}

export type ClientConstructor<C> = new (config: CommonConfig & Record<string, unknown>) => C;

/** How to load each catalogue service's SDK client: the compiler makes a new service add its loader. */
const loaders: { [S in ServiceName]: () => Promise<ClientConstructor<ServiceClients[S]>> } = {
  cloudtrail: async () => (await import('./sdk/cloudtrail.js')).CloudTrailClient as ClientConstructor<CloudTrailClient>,
  ec2: async () => (await import('./sdk/ec2.js')).EC2Client as ClientConstructor<EC2Client>,
  organizations: async () =>
    (await import('./sdk/organizations.js')).OrganizationsClient as ClientConstructor<OrganizationsClient>,
  s3: async () => (await import('./sdk/s3.js')).S3Client as ClientConstructor<S3Client>,
  s3control: async () => (await import('./sdk/s3control.js')).S3ControlClient as ClientConstructor<S3ControlClient>,
  sts: async () => (await import('./sdk/sts.js')).STSClient as ClientConstructor<STSClient>,
  kms: async () => (await import('./sdk/kms.js')).KMSClient as ClientConstructor<KMSClient>,
  logs: async () => (await import('./sdk/logs.js')).CloudWatchLogsClient as ClientConstructor<CloudWatchLogsClient>,
  cloudwatch: async () => (await import('./sdk/cloudwatch.js')).CloudWatchClient as ClientConstructor<CloudWatchClient>,
  sns: async () => (await import('./sdk/sns.js')).SNSClient as ClientConstructor<SNSClient>,
  events: async () => (await import('./sdk/events.js')).EventBridgeClient as ClientConstructor<EventBridgeClient>,
};

/** A service outside the catalogue, with its SDK client (an extension, or a test's own service). */
export interface ExtraService {
  service: Service;
  load: () => Promise<ClientConstructor<SdkClient>>;
}

/**
 * What the accounts of a scan share: the sockets, the request handler over them, and the SDK clients, one
 * per service and Region (configuring a client costs more CPU than many requests, so a scan of a thousand
 * accounts must not make one per account).
 */
interface Pool {
  agents: { http: http.Agent; https: https.Agent };
  handler?: Promise<unknown>;
  clients: Map<string, Promise<unknown>>;
  /** The caller's own account: whose credentials a request made outside `sending` is signed with. */
  owner: AwsClients;
}

/**
 * The account a request is being sent for. The shared clients sign each request with that account's
 * credentials and retry it with that account's adaptive rate (AWS throttles per account), read from here.
 */
const sendingFor = new AsyncLocalStorage<AwsClients>();
const sender = (pool: Pool) => sendingFor.getStore() ?? pool.owner;

export class AwsClients {
  readonly #options: AwsAccessOptions;
  readonly #pool: Pool;
  #credentials: Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> | undefined;
  #identity: Promise<AwsCredentialIdentityProvider> | undefined;
  /** This account's retry strategy per service, each with its own adaptive rate. */
  readonly #retries = new Map<string, Promise<RetryStrategyV2>>();

  constructor(options: AwsAccessOptions, pool?: Pool) {
    this.#options = options;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
    this.#pool = pool ?? {
      agents: { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) },
      clients: new Map(),
      owner: this,
    };
  }

  /**
   * Another account's side of these clients: its credentials (an assumed role, refreshed by `credentials`
   * when it expires) and its own retry rates, over the same clients and sockets, so a scan of many
   * accounts keeps one bound on sockets and configures each client once.
   */
  forCredentials(credentials: AwsCredentialIdentityProvider): AwsClients {
    const clients = new AwsClients(this.#options, this.#pool);
    clients.#credentials = Promise.resolve(credentials);
    return clients;
  }

  /** Sends through this account: whatever `send` asks of a client is signed and retried as this account's. */
  sending<T>(send: () => Promise<T>): Promise<T> {
    // The caller's own account is the default: outside any other account's sending, it needs no context,
    // and a scan of one account never switches on the async-context tracking Node.js 22 charges every
    // promise for.
    if (this === this.#pool.owner && sendingFor.getStore() === undefined) return send();
    return sendingFor.run(this, send);
  }

  get endpointUrl(): string | undefined {
    return this.#options.endpointUrl;
  }

  /** The client of a service in a Region, created once for every account. */
  client<S extends string>(service: S, region: string): Promise<ClientOf<S>> {
    const key = `${service}:${region}`;
    const { clients } = this.#pool;
    let client = clients.get(key);
    if (client === undefined) {
      client = this.#pool.owner.#create(service, region);
      clients.set(key, client);
    }
    return client as Promise<ClientOf<S>>;
  }

  /**
   * Loads the SDK modules of these services (and the shared credential, transport and retry modules) at
   * once, so module loading is start-up work and the scan itself is only round trips.
   */
  async preload(services: readonly string[]): Promise<void> {
    await Promise.all([
      ...services.map((service) => this.#loader(service)()),
      this.#resolveCredentials(),
      this.#requestHandler(),
      import('@smithy/core/retry'),
    ]);
  }

  /** Closes every client and socket; the process can then exit without waiting for keep-alive timers. */
  async destroy(): Promise<void> {
    this.#retries.clear();
    // The clients and sockets are the caller's account's, shared with the others: only it closes them.
    if (this.#pool.owner !== this) return;
    const clients = await Promise.allSettled(this.#pool.clients.values());
    this.#pool.clients.clear();
    for (const c of clients) if (c.status === 'fulfilled') (c.value as { destroy(): void }).destroy();
    this.#pool.agents.http.destroy();
    this.#pool.agents.https.destroy();
  }

  #loader(service: string): () => Promise<ClientConstructor<unknown>> {
    if (service in loaders) return loaders[service as ServiceName];
    const extra = this.#options.extraServices?.find((e) => e.service.name === service);
    if (extra === undefined) throw new Error(`no SDK client for service ${service}`);
    return extra.load;
  }

  #rate(service: string): number {
    if (service in SERVICES) return SERVICES[service as ServiceName].ratePerSecond;
    return this.#options.extraServices?.find((e) => e.service.name === service)?.service.ratePerSecond ?? 1;
  }

  async #create(service: string, region: string): Promise<unknown> {
    const pool = this.#pool;
    const [Client, requestHandler] = await Promise.all([this.#loader(service)(), this.#requestHandler()]);
    // Resolved per request, for the account sending it; `memoized` tells the SDK not to cache one answer.
    const credentials = Object.assign((properties?: Record<string, unknown>) => sender(pool).#identify(properties), {
      memoized: true,
    });
    const retryStrategy: RetryStrategyV2 & { mode: string } = {
      mode: 'adaptive',
      acquireInitialRetryToken: async (scope) =>
        (await sender(pool).#retryStrategy(service)).acquireInitialRetryToken(scope),
      refreshRetryTokenForRetry: async (token, error) =>
        (await sender(pool).#retryStrategy(service)).refreshRetryTokenForRetry(token, error),
      recordSuccess: (token) => {
        void sender(pool)
          .#retryStrategy(service)
          .then((strategy) => {
            strategy.recordSuccess(token);
          });
      },
    };
    const endpoint = this.#options.endpointUrl;
    const config: CommonConfig & Record<string, unknown> = {
      region,
      credentials,
      retryStrategy,
      requestHandler,
      ...(endpoint === undefined ? {} : { endpoint }),
    };
    if (service === 's3') {
      // A custom endpoint serves every bucket on one host; with AWS, follow a wrong-Region redirect.
      Object.assign(config, endpoint === undefined ? { followRegionRedirects: true } : { forcePathStyle: true });
    }
    if (service === 's3control' && endpoint !== undefined) {
      // S3 Control prefixes the host with the account id, which a custom endpoint cannot resolve.
      config['endpointProvider'] = () => ({ url: new URL(endpoint) });
    }
    const client = new Client(config) as SdkClient;
    const onCommand = this.#options.onCommand;
    if (onCommand !== undefined) {
      const observe =
        (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
          onCommand(service, context.commandName ?? 'unknown');
          return next(args);
        };
      (client as unknown as { middlewareStack: { add(m: typeof observe, o: object): void } }).middlewareStack.add(
        observe,
        {
          step: 'initialize',
          name: 'trailscanObserveCommands',
        },
      );
    }
    return client;
  }

  /**
   * Adaptive retries (backoff, and client-side rate limiting once AWS throttles), never slowing below the
   * service's documented rate: the default floor of 0.5 request/s would serialise a whole Region's reads
   * after a single throttle. One per account and service, as AWS counts.
   */
  #retryStrategy(service: string): Promise<RetryStrategyV2> {
    let strategy = this.#retries.get(service);
    if (strategy === undefined) {
      strategy = (async () => {
        const { AdaptiveRetryStrategy, DefaultRateLimiter } = await import('@smithy/core/retry');
        const rate = this.#rate(service);
        return new AdaptiveRetryStrategy(this.#options.maxAttempts, {
          rateLimiter: new DefaultRateLimiter({ minFillRate: rate, minCapacity: rate }),
        });
      })();
      this.#retries.set(service, strategy);
    }
    return strategy;
  }

  /** This account's credentials, cached until they are about to expire, as the SDK would cache them. */
  async #identify(properties?: Record<string, unknown>): Promise<AwsCredentialIdentity> {
    this.#identity ??= (async () => {
      const source = await this.#resolveCredentials();
      if (typeof source !== 'function') return () => Promise.resolve(source);
      const { memoizeIdentityProvider, isIdentityExpired, doesIdentityRequireRefresh } = await import('@smithy/core');
      return memoizeIdentityProvider(source, isIdentityExpired, doesIdentityRequireRefresh) ?? source;
    })();
    return (await this.#identity)(properties);
  }

  #resolveCredentials(): Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> {
    this.#credentials ??= credentialSource(this.#options);
    return this.#credentials;
  }

  #requestHandler(): Promise<unknown> {
    this.#pool.handler ??= (async () => {
      const { NodeHttpHandler } = await import('@smithy/node-http-handler');
      const nodeHandler = new NodeHttpHandler({
        connectionTimeout: this.#options.connectTimeoutMs,
        requestTimeout: this.#options.requestTimeoutMs,
        // Without it the handler only logs a warning and a request that never answers hangs the scan.
        throwOnRequestTimeout: true,
        httpAgent: this.#pool.agents.http,
        httpsAgent: this.#pool.agents.https,
      });
      return deadlineHandler(nodeHandler, this.#options.requestTimeoutMs);
    })();
    return this.#pool.handler;
  }
}

/** The Region for global calls: --region, then AWS_REGION / the profile's region, then us-east-1. */
export async function resolveHomeRegion(explicit: string | undefined, profile: string | undefined): Promise<string> {
  if (explicit !== undefined) return explicit;
  const { loadConfig, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS } =
    await import('@smithy/core/config');
  try {
    const region = await loadConfig(NODE_REGION_CONFIG_OPTIONS, {
      ...NODE_REGION_CONFIG_FILE_OPTIONS,
      ...(profile === undefined ? {} : { profile }),
    })();
    return region;
  } catch {
    return 'us-east-1';
  }
}
