/** The REST-XML protocol of S3 and S3 Control: replies, and the two error shapes. */
import type { AwsError, Reply } from '../service.js';
import { el, xmlDocument, type XmlNode } from './xml.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function s3Headers(requestId: string): Record<string, string> {
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(requestId).toString('base64') };
}

export function xmlReply(root: XmlNode, requestId: string, headers: Record<string, string> = {}): Reply {
  return {
    status: 200,
    headers: { ...s3Headers(requestId), 'content-type': 'application/xml', ...headers },
    body: xmlDocument(root),
  };
}

function errorMembers(error: AwsError): XmlNode[] {
  return [
    el('Code', error.code),
    el('Message', error.message),
    ...Object.entries(error.details).map(([k, v]) => el(k, v)),
  ];
}

function errorReply(root: ReturnType<typeof el>, error: AwsError, requestId: string): Reply {
  return {
    status: error.status,
    headers: { ...s3Headers(requestId), ...error.headers, 'content-type': 'application/xml' },
    body: xmlDocument(root),
  };
}

/** S3 answers a bare `<Error>` (and no body at all to HEAD, which the server leaves out). */
export function renderS3Error(error: AwsError, requestId: string): Reply {
  const root = el('Error', [
    ...errorMembers(error),
    el('RequestId', requestId),
    el('HostId', s3Headers(requestId)['x-amz-id-2']),
  ]);
  return errorReply(root, error, requestId);
}

/** S3 Control wraps the error: `<ErrorResponse><Error>…</Error><RequestId>…`. */
export function renderS3ControlError(error: AwsError, requestId: string): Reply {
  const root = el('ErrorResponse', [
    el('Error', errorMembers(error)),
    el('RequestId', requestId),
    el('HostId', s3Headers(requestId)['x-amz-id-2']),
  ]);
  return errorReply(root, error, requestId);
}
