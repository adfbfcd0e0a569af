/** CloudWatch over AWS JSON 1.0 (query-compatible): DescribeAlarmsForMetric. */
import * as z from 'zod';
import { SERVICES } from '../../aws/catalogue.js';
import { jsonOperation, jsonReply, jsonService } from '../protocols/json.js';

export const cloudwatch = jsonService(SERVICES.cloudwatch, {
  DescribeAlarmsForMetric: jsonOperation(
    z.object({ MetricName: z.string(), Namespace: z.string() }).loose(),
    (input) => [input.MetricName],
    (input, { account, region, requestId }) =>
      jsonReply(
        {
          MetricAlarms: account.alarms
            .filter(
              (a) => a.region === region && a.metricName === input.MetricName && a.metricNamespace === input.Namespace,
            )
            .map((a) => ({
              AlarmName: a.name,
              AlarmArn: `arn:aws:cloudwatch:${region}:${account.accountId}:alarm:${a.name}`,
              ActionsEnabled: true,
              AlarmActions: a.actions,
              MetricName: a.metricName,
              Namespace: a.metricNamespace,
              StateValue: 'OK',
              Statistic: 'Sum',
              Period: 300,
              EvaluationPeriods: 1,
              Threshold: 1,
              ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            })),
        },
        requestId,
      ),
  ),
});
