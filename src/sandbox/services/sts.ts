/** STS over the query protocol: GetCallerIdentity, and AssumeRole into a role of another account. */
import { SERVICES } from '../../aws/catalogue.js';
import { formParameters, queryErrors, queryReply, renderQueryError, unknownAction } from '../protocols/query.js';
import { el } from '../protocols/xml.js';
import { AwsError, type CallContext, type Reply, type RoutedCall, type SandboxService } from '../service.js';
import { stableId } from '../world.js';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const validation = (message: string) => new AwsError(400, 'ValidationError', message);

function getCallerIdentity({ account, identityArn, requestId }: CallContext): Reply {
  return queryReply(
    'GetCallerIdentity',
    NAMESPACE,
    [
      el('Arn', identityArn),
      el('UserId', `AIDA${stableId(`user:${account.accountId}`, 17, 'upper')}`),
      el('Account', account.accountId),
    ],
    requestId,
  );
}

/**
 * A role of an account of the caller's organization, when its trust (same organization; the external id it
 * requires) lets the caller in. Anything else is the AccessDenied AWS gives, which does not say which.
 */
function assumeRole(parameters: URLSearchParams, context: CallContext): Reply {
  const { world, account: caller, identityArn, now, requestId } = context;
  const roleArn = parameters.get('RoleArn') ?? '';
  const sessionName = parameters.get('RoleSessionName') ?? '';
  const duration = Number(parameters.get('DurationSeconds') ?? '3600');
  const parsed = ROLE_ARN.exec(roleArn);
  if (parsed === null) throw validation(`${roleArn} is invalid`);
  if (!SESSION_NAME.test(sessionName)) {
    throw validation(
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
    throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const denied = new AwsError(
    403,
    'AccessDenied',
    `User: ${identityArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );
  const target = world.accountById(parsed[1] ?? '');
  const role = target === undefined ? undefined : world.rolesOf(target).find((r) => r.name === parsed[2]);
  const sameOrganization = target?.organization !== undefined && target.organization.id === caller.organization?.id;
  if (target === undefined || role === undefined || !sameOrganization) throw denied;
  if (role.externalId !== undefined && parameters.get('ExternalId') !== role.externalId) throw denied;
  const session = world.startSession(target, role.name, sessionName, duration, now);
  return queryReply(
    'AssumeRole',
    NAMESPACE,
    [
      el('Credentials', [
        el('AccessKeyId', session.accessKeyId),
        el('SecretAccessKey', session.secretAccessKey),
        el('SessionToken', session.sessionToken),
        el('Expiration', session.expiration.toISOString()),
      ]),
      el('AssumedRoleUser', [
        el('AssumedRoleId', `AROA${stableId(`role:${roleArn}`, 17, 'upper')}:${sessionName}`),
        el('Arn', session.arn),
      ]),
    ],
    requestId,
  );
}

export const sts: SandboxService = {
  spec: SERVICES.sts,
  operations: ['GetCallerIdentity', 'AssumeRole'],
  errors: queryErrors({
    accessDenied: (arn, operation) =>
      new AwsError(403, 'AccessDenied', `User: ${arn} is not authorized to perform: sts:${operation}`),
    serverError: (status) =>
      status === 500
        ? new AwsError(
            500,
            'InternalFailure',
            'The request processing has failed because of an unknown error, exception or failure.',
          )
        : new AwsError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
  }),
  route(call): RoutedCall | AwsError {
    const parameters = formParameters(call);
    switch (parameters.get('Action')) {
      case 'GetCallerIdentity':
        return { operation: 'GetCallerIdentity', resources: [], run: getCallerIdentity };
      case 'AssumeRole': {
        // A fault can name the role or the account it is in.
        const roleArn = parameters.get('RoleArn') ?? '';
        const accountId = ROLE_ARN.exec(roleArn)?.[1];
        return {
          operation: 'AssumeRole',
          resources: accountId === undefined ? [roleArn] : [roleArn, accountId],
          run: (context) => assumeRole(parameters, context),
        };
      }
      default:
        return unknownAction(parameters);
    }
  },
  renderError: (error, requestId) => renderQueryError(NAMESPACE, error, requestId),
};
