/** The AWS JSON 1.1 protocol (CloudTrail): replies and errors. */
import type { AwsError, Reply } from '../service.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Errors every JSON service shares spell the key `message`; a service's own exceptions say `Message`. */
const COMMON_ERRORS = new Set([
  'AccessDeniedException',
  'InternalFailure',
  'MissingAuthenticationTokenException',
  'SerializationException',
  'ServiceUnavailable',
  'ThrottlingException',
  'UnknownOperationException',
  'UnrecognizedClientException',
  'ValidationException',
]);

export function jsonReply(body: unknown, requestId: string): Reply {
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}

export function renderJsonError(error: AwsError, requestId: string): Reply {
  const messageKey = COMMON_ERRORS.has(error.code) ? 'message' : 'Message';
  return {
    status: error.status,
    headers: { ...error.headers, 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: error.code, [messageKey]: error.message }),
  };
}
