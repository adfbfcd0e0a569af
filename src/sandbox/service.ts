/**
 * What every emulated service provides to the one dispatcher in `server.ts`: how to read the operation
 * from a request, how to run it against the world, and how its wire protocol spells errors.
 */
import type { Service } from '../aws/catalogue.js';
import type { ScenarioAccount } from './scenario.js';
import type { World } from './world.js';

/** An HTTP answer, complete: the dispatcher only delays, truncates or withholds it. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Text for API answers; bytes for S3 objects. */
  body: string | Buffer;
}

/** An error as AWS reports it; each protocol renders it in its own shape. */
export class AwsError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra elements of the error body (S3's BucketName, Endpoint …). */
  readonly details: Record<string, string>;
  /** Extra response headers (S3's x-amz-bucket-region on a redirect). */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { details?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = extra.details ?? {};
    this.headers = extra.headers ?? {};
  }
}

/** The request as received: body read in full. */
export interface IncomingCall {
  method: string;
  /** The request target as sent (path and query, still percent-encoded): what the signature covers. */
  target: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface CallContext {
  world: World;
  account: ScenarioAccount;
  /** Who signed the request: the account's user, or an assumed role's session. */
  identityArn: string;
  region: string;
  now: Date;
  requestId: string;
}

/** A request the service understood: the operation, what it is about, and how to run it. */
export interface RoutedCall {
  operation: string;
  /** Identifiers a fault can target: a trail name or ARN, a bucket name. */
  resources: string[];
  run(context: CallContext): Reply;
}

/** What the services that share AWS's generic signature check say when it fails. */
export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** The errors AWS gives for conditions every service shares, in this service's own codes. */
export interface ServiceErrors {
  /** An access key AWS does not know; also what a Region the account has not enabled answers. */
  invalidCredentials(accessKeyId: string): AwsError;
  missingAuthentication(): AwsError;
  /** A signature the caller's secret key does not give for this request. */
  signatureMismatch(): AwsError;
  throttling(): AwsError;
  accessDenied(identityArn: string, operation: string): AwsError;
  serverError(status: 500 | 503): AwsError;
}

export interface SandboxService {
  /** The catalogue's entry for the service: its name, signing name and wire protocol. */
  readonly spec: Service;
  /** Every operation `route` can name. */
  readonly operations: readonly string[];
  readonly errors: ServiceErrors;
  /** The operation a request names, or the error AWS gives for a request it cannot route. */
  route(call: IncomingCall): RoutedCall | AwsError;
  renderError(error: AwsError, requestId: string): Reply;
}

export function header(call: IncomingCall, name: string): string | undefined {
  const value = call.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
