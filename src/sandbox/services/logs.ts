/** CloudWatch Logs over AWS JSON 1.1: DescribeMetricFilters of a log group. */
import * as z from 'zod';
import { SERVICES } from '../../aws/catalogue.js';
import { jsonOperation, jsonReply, jsonService } from '../protocols/json.js';
import { AwsError } from '../service.js';

export const logs = jsonService(SERVICES.logs, {
  DescribeMetricFilters: jsonOperation(
    z.object({ logGroupName: z.string(), nextToken: z.string().optional(), limit: z.number().optional() }),
    (input) => [input.logGroupName],
    (input, { account, region, requestId }) => {
      const group = account.logGroups.find((g) => g.name === input.logGroupName && g.region === region);
      if (group === undefined)
        throw new AwsError(400, 'ResourceNotFoundException', 'The specified log group does not exist.');
      return jsonReply(
        {
          metricFilters: group.metricFilters.map((f) => ({
            filterName: f.name,
            filterPattern: f.pattern,
            logGroupName: group.name,
            metricTransformations: [{ metricName: f.metricName, metricNamespace: f.metricNamespace, metricValue: '1' }],
            creationTime: Date.parse('2024-01-15T10:00:00Z'),
          })),
        },
        requestId,
      );
    },
  ),
});
