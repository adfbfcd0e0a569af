/** SNS over the query protocol: ListSubscriptionsByTopic. */
import { SERVICES } from '../../aws/catalogue.js';
import { formParameters, queryErrors, queryReply, renderQueryError, unknownAction } from '../protocols/query.js';
import { el } from '../protocols/xml.js';
import { AwsError, type SandboxService } from '../service.js';
import { stableId } from '../world.js';

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

export const sns: SandboxService = {
  spec: SERVICES.sns,
  operations: ['ListSubscriptionsByTopic'],
  errors: queryErrors({
    accessDenied: (arn, operation) =>
      new AwsError(403, 'AuthorizationError', `User: ${arn} is not authorized to perform: SNS:${operation}`),
    serverError: (status) =>
      status === 500
        ? new AwsError(500, 'InternalError', 'The request processing has failed because of an unknown error.')
        : new AwsError(503, 'ServiceUnavailable', 'The service is unavailable. Please try again later.'),
  }),
  route(call) {
    const parameters = formParameters(call);
    if (parameters.get('Action') !== 'ListSubscriptionsByTopic') return unknownAction(parameters);
    const topicArn = parameters.get('TopicArn') ?? '';
    return {
      operation: 'ListSubscriptionsByTopic',
      resources: [topicArn],
      run: ({ account, region, requestId }) => {
        const [, , , topicRegion, owner, name] = topicArn.split(':');
        const topic = account.topics.find((t) => t.name === name && t.region === region);
        if (owner !== account.accountId || topicRegion !== region || topic === undefined) {
          throw new AwsError(404, 'NotFound', 'Topic does not exist');
        }
        const members = topic.subscriptions.map((s, i) =>
          el('member', [
            el('Owner', account.accountId),
            el('Protocol', s.protocol),
            el('Endpoint', s.endpoint),
            el(
              'SubscriptionArn',
              s.confirmed ? `${topicArn}:${stableId(`${topicArn}:${i}`, 36, 'hex')}` : 'PendingConfirmation',
            ),
            el('TopicArn', topicArn),
          ]),
        );
        return queryReply('ListSubscriptionsByTopic', NAMESPACE, [el('Subscriptions', members)], requestId);
      },
    };
  },
  renderError: (error, requestId) => renderQueryError(NAMESPACE, error, requestId),
};
