/** STS over the query protocol: GetCallerIdentity. */
import { SERVICES } from '../../aws/catalogue.js';
import { formParameters, queryReply, renderQueryError, unknownAction } from '../protocols/query.js';
import { el } from '../protocols/xml.js';
import { AwsError, type SandboxService } from '../service.js';
import { identityArn, stableId } from '../world.js';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const sts: SandboxService = {
  spec: SERVICES.sts,
  operations: ['GetCallerIdentity'],
  errors: {
    invalidCredentials: () =>
      new AwsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'),
    missingAuthentication: () =>
      new AwsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token'),
    throttling: () => new AwsError(400, 'Throttling', 'Rate exceeded'),
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
  },
  route(call) {
    const parameters = formParameters(call);
    if (parameters.get('Action') !== 'GetCallerIdentity') return unknownAction(parameters);
    return {
      operation: 'GetCallerIdentity',
      resources: [],
      run: ({ account, requestId }) =>
        queryReply(
          'GetCallerIdentity',
          NAMESPACE,
          [
            el('Arn', identityArn(account)),
            el('UserId', `AIDA${stableId(`user:${account.accountId}`, 17, 'upper')}`),
            el('Account', account.accountId),
          ],
          requestId,
        ),
    };
  },
  renderError: (error, requestId) => renderQueryError(NAMESPACE, error, requestId),
};
