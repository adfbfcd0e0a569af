/**
 * How a faulted call is answered: an AWS error, a reply whose body is not the answer, or a broken
 * delivery (no answer, headers then silence, a trickle, a reset connection). The dispatcher in
 * `server.ts` decides which fault applies; this module says what each one looks like on the wire.
 */
import type { FaultError } from './scenario.js';
import { AwsError, type Reply, type SandboxService } from './service.js';

/** How the reply (if any) reaches the client. */
export type Delivery = 'whole' | 'hang' | 'stall-after-headers' | 'trickle-body' | 'connection-reset';

/** What the caller signed with, as an endpoint that echoes it would repeat it. */
export interface CallerCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | undefined;
}

/** The error a fault stands for, or undefined when the fault is not an error answer. */
export function faultError(
  service: SandboxService,
  kind: FaultError,
  identity: string,
  operation: string,
  credentials: CallerCredentials,
): AwsError | undefined {
  switch (kind) {
    case 'throttling':
      return service.errors.throttling();
    case 'access-denied':
      return service.errors.accessDenied(identity, operation);
    case 'internal-error':
      return service.errors.serverError(500);
    case 'service-unavailable':
      return service.errors.serverError(503);
    case 'echo-credentials': {
      // Endpoints behind a misconfigured proxy or gateway have been seen to quote the request back.
      const { status, code } = service.errors.accessDenied(identity, operation);
      const token = credentials.sessionToken === undefined ? '' : ` with session token ${credentials.sessionToken}`;
      return new AwsError(
        status,
        code,
        `Request signed by ${credentials.accessKeyId} (secret ${credentials.secretAccessKey})${token} was refused`,
      );
    }
    default:
      return undefined;
  }
}

/** How a fault delivers the reply. */
export function deliveryOf(kind: FaultError | undefined): Delivery {
  switch (kind) {
    case 'hang':
    case 'stall-after-headers':
    case 'trickle-body':
    case 'connection-reset':
      return kind;
    default:
      return 'whole';
  }
}

const HTML_PAGE = [
  '<!DOCTYPE html>',
  '<html><head><title>Service temporarily unavailable</title></head>',
  '<body><h1>Service temporarily unavailable</h1><p>Please try again later.</p></body></html>',
  '',
].join('\n');

const isJson = (reply: Reply) => /json/.test(reply.headers['content-type'] ?? '');

/** The reply's XML root element with its attributes and no content: `<AccessControlPolicy xmlns="…"/>`. */
function emptyXmlDocument(body: string): string {
  const root = /^(<\?xml[^>]*\?>\s*)?<([A-Za-z][\w.:-]*)((?:\s+[^>]*?)?)\s*\/?>/.exec(body);
  if (root === null) return '<?xml version="1.0" encoding="UTF-8"?>\n<Response/>';
  const [, declaration = '', name = '', attributes = ''] = root;
  return `${declaration}<${name}${attributes}/>`;
}

/** The reply a body fault turns the real one into; any other fault leaves it as it is. */
export function faultedReply(kind: FaultError | undefined, reply: Reply): Reply {
  const success = (headers: Record<string, string>, body: string): Reply => ({ status: 200, headers, body });
  switch (kind) {
    case 'malformed-body':
      // The first half: a JSON or XML document (or an object) cut short, which no SDK can parse.
      return { ...reply, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) };
    case 'empty-body':
      return success(reply.headers, '');
    case 'empty-document':
      return success(reply.headers, isJson(reply) ? '{}' : emptyXmlDocument(reply.body.toString()));
    case 'html-page':
      return success({ ...reply.headers, 'content-type': 'text/html; charset=utf-8' }, HTML_PAGE);
    default:
      return reply;
  }
}
