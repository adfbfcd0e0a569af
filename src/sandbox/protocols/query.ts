/** The AWS query protocol (STS) and its EC2 variant: form-encoded requests, XML replies and errors. */
import { AwsError, SIGNATURE_MISMATCH, type IncomingCall, type Reply, type ServiceErrors } from '../service.js';
import { el, xmlDocument, type XmlNode } from './xml.js';

const CONTENT_TYPE = 'text/xml';

/** The form parameters of a query request (POST body, or the URL query of a GET). */
export function formParameters(call: IncomingCall): URLSearchParams {
  return call.method === 'POST' ? new URLSearchParams(call.body) : call.url.searchParams;
}

export function unknownAction(parameters: URLSearchParams): AwsError {
  const action = parameters.get('Action') ?? '';
  const version = parameters.get('Version') ?? '';
  return new AwsError(400, 'InvalidAction', `Could not find operation ${action} for version ${version}`);
}

/**
 * The credential and throttling errors the query services (STS, SNS) share; each says how it refuses an
 * action and how it fails.
 */
export function queryErrors(own: Pick<ServiceErrors, 'accessDenied' | 'serverError'>): ServiceErrors {
  return {
    invalidCredentials: () =>
      new AwsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'),
    missingAuthentication: () =>
      new AwsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token'),
    signatureMismatch: () => new AwsError(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH),
    throttling: () => new AwsError(400, 'Throttling', 'Rate exceeded'),
    ...own,
  };
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…`, as STS answers. */
export function queryReply(action: string, namespace: string, result: XmlNode[], requestId: string): Reply {
  const root = el(
    `${action}Response`,
    [el(`${action}Result`, result), el('ResponseMetadata', [el('RequestId', requestId)])],
    `xmlns="${namespace}"`,
  );
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: xmlDocument(root),
  };
}

/** `<ErrorResponse><Error><Type><Code><Message>…`, with Type Sender for client errors. */
export function renderQueryError(namespace: string, error: AwsError, requestId: string): Reply {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const root = el(
    'ErrorResponse',
    [el('Error', [el('Type', type), el('Code', error.code), el('Message', error.message)]), el('RequestId', requestId)],
    `xmlns="${namespace}"`,
  );
  return {
    status: error.status,
    headers: { ...error.headers, 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: xmlDocument(root),
  };
}

/** EC2 puts the result members straight under `<ActionResponse>`, after `<requestId>`. */
export function ec2Reply(action: string, namespace: string, members: XmlNode[], requestId: string): Reply {
  const root = el(`${action}Response`, [el('requestId', requestId), ...members], `xmlns="${namespace}"`);
  return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body: xmlDocument(root) };
}

/** EC2's own error shape: `<Response><Errors><Error>…</Error></Errors><RequestID>`. */
export function renderEc2Error(error: AwsError, requestId: string): Reply {
  const root = el('Response', [
    el('Errors', [el('Error', [el('Code', error.code), el('Message', error.message)])]),
    el('RequestID', requestId),
  ]);
  return { status: error.status, headers: { ...error.headers, 'content-type': CONTENT_TYPE }, body: xmlDocument(root) };
}
