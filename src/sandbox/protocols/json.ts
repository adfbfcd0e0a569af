/** The AWS JSON protocols (1.0 and 1.1): routing by target, replies and errors. */
import type * as z from 'zod';
import type { Service } from '../../aws/catalogue.js';
import {
  AwsError,
  header,
  SIGNATURE_MISMATCH,
  type CallContext,
  type Reply,
  type RoutedCall,
  type SandboxService,
  type ServiceErrors,
} from '../service.js';

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

/** An operation: the shape of its input, what it is about (for faults), and its behaviour. */
export type JsonOperation = (name: string, body: unknown) => RoutedCall | AwsError;

export function jsonOperation<I>(
  input: z.ZodType<I>,
  resources: (input: I) => string[],
  run: (input: I, context: CallContext) => Reply,
): JsonOperation {
  return (name, body) => {
    const parsed = input.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const member = issue?.path.join('.') ?? '';
      return new AwsError(
        400,
        'ValidationException',
        `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${issue?.message ?? 'invalid'}`,
      );
    }
    return { operation: name, resources: resources(parsed.data), run: (context) => run(parsed.data, context) };
  };
}

/** The errors most JSON services share; `prefix` names the service in IAM actions (`kms:DescribeKey`). */
export function jsonErrors(prefix: string): ServiceErrors {
  return {
    invalidCredentials: () =>
      new AwsError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.'),
    missingAuthentication: () =>
      new AwsError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token'),
    signatureMismatch: () => new AwsError(400, 'InvalidSignatureException', SIGNATURE_MISMATCH),
    throttling: () => new AwsError(400, 'ThrottlingException', 'Rate exceeded'),
    accessDenied: (arn, operation) =>
      new AwsError(
        400,
        'AccessDeniedException',
        `User: ${arn} is not authorized to perform: ${prefix}:${operation} because no identity-based policy allows the ${prefix}:${operation} action`,
      ),
    serverError: (status) =>
      status === 500
        ? new AwsError(
            500,
            'InternalFailure',
            'The request processing has failed because of an unknown error, exception or failure.',
          )
        : new AwsError(503, 'ServiceUnavailable', 'The service is unavailable. Please try again later.'),
  };
}

/** The operation an `x-amz-target` names for a JSON service; the SDK may prefix the model namespace. */
export function targetOperation(target: string, targetPrefix: string): string | undefined {
  const dot = target.lastIndexOf('.');
  if (dot < 0) return undefined;
  const prefix = target.slice(0, dot);
  return prefix === targetPrefix || prefix.endsWith(`.${targetPrefix}`) ? target.slice(dot + 1) : undefined;
}

/** A JSON service: requests routed by their `x-amz-target`, bodies parsed, errors in JSON. */
export function jsonService(
  spec: Service,
  operations: Record<string, JsonOperation>,
  errors: ServiceErrors = jsonErrors(spec.signingName),
): SandboxService {
  if (spec.protocol.kind !== 'json') throw new Error(`${spec.name} does not speak AWS JSON`);
  const { targetPrefix } = spec.protocol;
  return {
    spec,
    operations: Object.keys(operations),
    errors,
    route(call) {
      const target = header(call, 'x-amz-target') ?? '';
      const name = targetOperation(target, targetPrefix) ?? '';
      const route = operations[name];
      if (route === undefined) return new AwsError(400, 'UnknownOperationException', `Unknown operation ${target}`);
      let body: unknown;
      try {
        body = call.body === '' ? {} : JSON.parse(call.body);
      } catch {
        return new AwsError(400, 'SerializationException', 'Start of structure or map found where not expected.');
      }
      return route(name, body);
    },
    renderError: renderJsonError,
  };
}
