/** EventBridge over AWS JSON 1.1: ListRules and ListTargetsByRule of the default event bus. */
import * as z from 'zod';
import { SERVICES } from '../../aws/catalogue.js';
import { jsonOperation, jsonReply, jsonService } from '../protocols/json.js';
import { AwsError } from '../service.js';

const ruleArn = (region: string, account: string, name: string) => `arn:aws:events:${region}:${account}:rule/${name}`;

export const events = jsonService(SERVICES.events, {
  ListRules: jsonOperation(
    z.object({ EventBusName: z.string().optional(), NextToken: z.string().optional() }).loose(),
    () => [],
    (input, { account, region, requestId }) => {
      if ((input.EventBusName ?? 'default') !== 'default') {
        throw new AwsError(400, 'ResourceNotFoundException', `Event bus ${input.EventBusName ?? ''} does not exist.`);
      }
      return jsonReply(
        {
          Rules: account.eventRules
            .filter((r) => r.region === region)
            .map((r) => ({
              Name: r.name,
              Arn: ruleArn(region, account.accountId, r.name),
              EventPattern: JSON.stringify(r.eventPattern),
              State: r.state,
              EventBusName: 'default',
            })),
        },
        requestId,
      );
    },
  ),
  ListTargetsByRule: jsonOperation(
    z.object({ Rule: z.string(), EventBusName: z.string().optional() }).loose(),
    (input) => [input.Rule],
    (input, { account, region, requestId }) => {
      const rule = account.eventRules.find((r) => r.region === region && r.name === input.Rule);
      if (rule === undefined)
        throw new AwsError(400, 'ResourceNotFoundException', `Rule ${input.Rule} does not exist.`);
      return jsonReply({ Targets: rule.targets.map((Arn, i) => ({ Id: `target-${i}`, Arn })) }, requestId);
    },
  ),
});
