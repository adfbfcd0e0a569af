/**
 * One factory for every AWS client the collectors use: the same credentials, endpoint, retry policy,
 * timeouts and connection pool everywhere. SDK modules are imported on first use, so a scan loads only
 * the services its checks need.
 */
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
import type * as SdkRetry from '@smithy/core/retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { SERVICES, type Service, type ServiceName } from './catalogue.js';
import { credentialSource } from './credentials.js';
import { giveFixedLayout } from './fixed-layout.js';
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
  /**
   * The tool named in each request's User-Agent after the SDK's own, so the audited account's CloudTrail
   * tells the scan's reads from everyone else's.
   */
  tool?: { name: string; version: string } | undefined;
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

let retryModule: Promise<typeof SdkRetry> | undefined;
/**
 * The SDK's retry module, imported once for every retry strategy: an organization scan makes one per
 * account, service and Region, tens of thousands, and each `import()` costs some 30 µs even when loaded.
 */
const loadRetry = () => (retryModule ??= import('@smithy/core/retry'));

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
  /** The caller's own account: whose credentials its own clients' requests are signed with. */
  owner: AwsClients;
  /** The other accounts, by the retry scope their requests carry (see `#create`). */
  accounts: Map<string, AwsClients>;
  /** Accounts ever added: each gets a scope no other has had. */
  accountsAdded: number;
}

/**
 * The account each command is sent for when it is not the caller's own, set by that account's view of a
 * shared client. The shared client's middleware reads it to sign the request with that account's
 * credentials and retry it at that account's adaptive rate (AWS throttles per account). Not an
 * AsyncLocalStorage: on Node.js 22 that puts a hook on every promise of the scan.
 */
const commandSender = new WeakMap<object, AwsClients>();

/** Where the SDK keeps a request's context, the command included (@smithy/types' SMITHY_CONTEXT_KEY). */
const SMITHY_CONTEXT = '__smithy_context';

interface HandlerContext {
  [SMITHY_CONTEXT]?: { commandInstance?: object };
  /** The SDK's retry token scope: the only part of a request's context its retry strategy is given. */
  partition_id?: string;
}
type Middleware = (
  next: (args: unknown) => Promise<unknown>,
  context: HandlerContext & { commandName?: string },
) => (args: unknown) => Promise<unknown>;
interface MiddlewareStack {
  add(middleware: Middleware, options: { step: string; name: string; priority?: string }): void;
  addRelativeTo(middleware: Middleware, options: { relation: string; toMiddleware: string; name: string }): void;
}

/** The request (one attempt of it) another account signs, by the middleware just before signing. */
const requestSender = new WeakMap<object, AwsClients>();

interface RequestSigner {
  sign(request: unknown, options?: unknown): Promise<unknown>;
}
type SignerConstructor = new (params: { credentials: unknown } & Record<string, unknown>) => RequestSigner;

/**
 * The client's SigV4 signer (the SDK makes one per request from the client's configuration), signing a
 * request another account sends with that account's credentials instead of the client's.
 */
function senderAwareSigner(
  Base: SignerConstructor,
  credentialsOf: (sender: AwsClients) => AwsCredentialIdentityProvider,
): SignerConstructor {
  return class SenderAwareSigner extends Base {
    readonly #params: { credentials: unknown } & Record<string, unknown>;
    constructor(params: { credentials: unknown } & Record<string, unknown>) {
      super(params);
      this.#params = params;
    }
    override sign(request: unknown, options?: unknown): Promise<unknown> {
      const sender = typeof request === 'object' && request !== null ? requestSender.get(request) : undefined;
      if (sender === undefined) return super.sign(request, options);
      requestSender.delete(request as object);
      return new Base({ ...this.#params, credentials: credentialsOf(sender) }).sign(request, options);
    }
  };
}

/** The account that sent the command of this request; every command of a shared client says which. */
function senderOf(pool: Pool, context: HandlerContext): AwsClients {
  const command = context[SMITHY_CONTEXT]?.commandInstance;
  // Without the command the request cannot be told apart from the caller's own: refuse rather than sign
  // another account's read as the caller's and report the caller's resources as that account's.
  if (command === undefined) throw new Error('the SDK did not say which command this request is for');
  return commandSender.get(command) ?? pool.owner;
}

export class AwsClients {
  readonly #options: AwsAccessOptions;
  readonly #pool: Pool;
  #credentials: Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> | undefined;
  #identity: Promise<AwsCredentialIdentityProvider> | undefined;
  /** This account's retry strategy per service and Region, each with its own adaptive rate. */
  readonly #retries = new Map<string, Promise<RetryStrategyV2>>();
  /** The retry scope of this account's requests; the caller's own carry the SDK's default, none. */
  readonly #retryScope: string;

  constructor(options: AwsAccessOptions, pool?: Pool) {
    this.#options = options;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
    this.#pool = pool ?? {
      agents: { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) },
      clients: new Map(),
      owner: this,
      accounts: new Map(),
      accountsAdded: 0,
    };
    this.#retryScope = pool === undefined ? '' : `account-${(pool.accountsAdded += 1)}`;
    if (pool !== undefined) pool.accounts.set(this.#retryScope, this);
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

  get endpointUrl(): string | undefined {
    return this.#options.endpointUrl;
  }

  /**
   * The client of a service in a Region, created once for every account: this account's view of it, whose
   * commands are signed and retried as this account's.
   */
  async client<S extends string>(service: S, region: string): Promise<ClientOf<S>> {
    const key = `${service}:${region}`;
    const { clients, owner } = this.#pool;
    let client = clients.get(key);
    if (client === undefined) {
      client = owner.#create(service, region);
      clients.set(key, client);
    }
    const shared = (await client) as SdkClient;
    if (this === owner) return shared as ClientOf<S>;
    const send: SdkClient['send'] = (command, options) => {
      commandSender.set(command as object, this);
      return shared.send(command, options);
    };
    return Object.create(shared, { send: { value: send } }) as ClientOf<S>;
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
      loadRetry(),
    ]);
  }

  /** Closes every client and socket; the process can then exit without waiting for keep-alive timers. */
  async destroy(): Promise<void> {
    this.#retries.clear();
    this.#pool.accounts.delete(this.#retryScope);
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
    const [Client, requestHandler, { SignatureV4 }] = await Promise.all([
      this.#loader(service)(),
      this.#requestHandler(),
      import('@smithy/signature-v4'),
    ]);
    // The caller's own credentials; another account's request is signed with its own (`markSender` below).
    // `memoized`: #identify caches them already, until they are about to expire.
    const credentials = Object.assign((properties?: Record<string, unknown>) => pool.owner.#identify(properties), {
      memoized: true,
    });
    // The retry strategy is given the request's retry scope only: the scope names the account.
    const accountOf = (scope: string) => pool.accounts.get(scope.split(':', 1)[0] ?? '') ?? pool.owner;
    const tokenAccounts = new WeakMap<object, AwsClients>();
    const retryStrategy: RetryStrategyV2 & { mode: string } = {
      mode: 'adaptive',
      acquireInitialRetryToken: async (scope) => {
        const account = accountOf(scope);
        const token = await (await account.#retryStrategy(service, region)).acquireInitialRetryToken(scope);
        tokenAccounts.set(token, account);
        return token;
      },
      refreshRetryTokenForRetry: async (token, error) => {
        const account = tokenAccounts.get(token) ?? pool.owner;
        const next = await (await account.#retryStrategy(service, region)).refreshRetryTokenForRetry(token, error);
        tokenAccounts.set(next, account);
        return next;
      },
      recordSuccess: (token) => {
        void (tokenAccounts.get(token) ?? pool.owner).#retryStrategy(service, region).then((strategy) => {
          strategy.recordSuccess(token);
        });
      },
    };
    const { endpointUrl: endpoint, tool } = this.#options;
    const config: CommonConfig & Record<string, unknown> = {
      region,
      credentials,
      retryStrategy,
      requestHandler,
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(tool === undefined ? {} : { customUserAgent: [[tool.name, tool.version]] }),
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
    this.#routeBySender(client, SignatureV4 as unknown as SignerConstructor);
    giveFixedLayout((client as unknown as { config: object }).config);
    const onCommand = this.#options.onCommand;
    if (onCommand !== undefined) {
      const observe: Middleware = (next, context) => (args) => {
        onCommand(service, context.commandName ?? 'unknown');
        return next(args);
      };
      (client as unknown as { middlewareStack: MiddlewareStack }).middlewareStack.add(observe, {
        step: 'initialize',
        name: 'trailscanObserveCommands',
      });
    }
    return client;
  }

  /**
   * Makes a shared client send each command as the account whose view sent it: its retry scope names the
   * account (`retryStrategy` in #create), and its signer signs with that account's credentials.
   */
  #routeBySender(client: SdkClient, SignatureV4: SignerConstructor): void {
    const pool = this.#pool;
    const { middlewareStack: stack, config } = client as unknown as {
      middlewareStack: MiddlewareStack;
      config: { signerConstructor?: SignerConstructor };
    };
    const scopeBySender: Middleware = (next, context) => (args) => {
      const sender = senderOf(pool, context);
      if (sender !== pool.owner) context.partition_id = sender.#retryScope;
      return next(args);
    };
    stack.add(scopeBySender, { step: 'initialize', name: 'trailscanRetryScopeBySender', priority: 'high' });
    // Each attempt, just before it is signed: the request itself says which account signs it. A request
    // the signer did not take it from would have been signed as the caller: its answer is not the account's.
    const markSender: Middleware = (next, context) => async (args) => {
      const sender = senderOf(pool, context);
      const { request } = args as { request?: object };
      if (sender === pool.owner || request === undefined) return next(args);
      requestSender.set(request, sender);
      const output = await next(args);
      if (requestSender.delete(request)) throw new Error('the request was not signed as the account it is for');
      return output;
    };
    stack.addRelativeTo(markSender, {
      relation: 'before',
      toMiddleware: 'httpSigningMiddleware',
      name: 'trailscanMarkSender',
    });
    // Read by the SDK from the client's configuration for each request; S3 brings a signer of its own.
    config.signerConstructor = senderAwareSigner(
      config.signerConstructor ?? SignatureV4,
      (sender) => (properties) => sender.#identify(properties),
    );
  }

  /**
   * Adaptive retries (backoff, and client-side rate limiting once AWS throttles), never slowing below the
   * service's documented rate: the default floor of 0.5 request/s would serialise a whole Region's reads
   * after a single throttle. One per account, service and Region, as AWS counts: after a throttle in one
   * Region, the client-side rate of that Region alone slows down.
   */
  #retryStrategy(service: string, region: string): Promise<RetryStrategyV2> {
    const key = `${service}:${region}`;
    let strategy = this.#retries.get(key);
    if (strategy === undefined) {
      strategy = (async () => {
        const { AdaptiveRetryStrategy, DefaultRateLimiter } = await loadRetry();
        const rate = this.#rate(service);
        return new AdaptiveRetryStrategy(this.#options.maxAttempts, {
          rateLimiter: new DefaultRateLimiter({ minFillRate: rate, minCapacity: rate }),
        });
      })();
      this.#retries.set(key, strategy);
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
