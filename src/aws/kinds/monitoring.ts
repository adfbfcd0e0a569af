/**
 * What would tell someone that a trail was changed: the trail's CloudWatch Logs log group and its metric
 * filters, the alarms on the metrics of the filters about trails, the SNS topics those alarms notify, and
 * the EventBridge rules on CloudTrail events in the Regions where multi-Region trails live. Each step
 * follows only what the previous one points at.
 */
import type {
  EventBus,
  EventBusRule,
  EventRule,
  LogGroup,
  Metric,
  MetricFilter,
  Topic,
  Trail,
} from '../../model/inventory.js';
import { matchesCloudTrailEvents, mentionsTrailChanges } from '../../model/monitoring.js';
import { allPages, orAbsent, required, type Page } from '../caller.js';
import { OPERATIONS } from '../catalogue.js';
import { presenceOfArn, referencedKind, referenceFrom } from './kind.js';
import { trailKind } from './trail.js';

/** `arn:aws:logs:<region>:<account>:log-group:<name>:*` → the name. */
const logGroupName = (arn: string) => /:log-group:(.+?)(?::\*)?$/.exec(arn)?.[1] ?? arn;

const noCalls = { operations: [], accountCalls: [], calls: () => [] };
const ownedRegion = (record: { presence: LogGroup['presence'] }) =>
  record.presence.ok && record.presence.value.state === 'owned' ? record.presence.value.region : undefined;

export const logGroupKind = referencedKind<LogGroup>({
  name: 'logGroup',
  field: 'logGroups',
  key: (group) => group.arn,
  referencedBy: [referenceFrom<Trail>(trailKind, (trail) => [trail.cloudWatchLogsLogGroupArn])],
  locate: { ...noCalls, run: ({ account }, arn) => Promise.resolve({ arn, presence: presenceOfArn(arn, account) }) },
  readableIn: ownedRegion,
  reads: [
    {
      slice: 'logGroupMetricFilters',
      field: 'metricFilters',
      operation: OPERATIONS.logs.DescribeMetricFilters,
      plannedCalls: (group) =>
        Math.max(1, Math.ceil((group.metricFilters?.ok === true ? (group.metricFilters.value?.length ?? 0) : 0) / 50)),
      async run({ caller }, group, region) {
        const { DescribeMetricFiltersCommand } = await import('../sdk/logs.js');
        return allPages((token) =>
          caller.call(
            OPERATIONS.logs.DescribeMetricFilters,
            region,
            (logs, abortSignal) =>
              orAbsent(
                logs
                  .send(new DescribeMetricFiltersCommand({ logGroupName: logGroupName(group.arn), nextToken: token }), {
                    abortSignal,
                  })
                  .then((answer): Page<MetricFilter> => ({
                    items: required(answer.metricFilters, 'DescribeMetricFilters', 'metricFilters').map((filter) => ({
                      name: filter.filterName ?? '',
                      pattern: required(filter.filterPattern, 'DescribeMetricFilters', 'filterPattern'),
                      metrics: (filter.metricTransformations ?? []).map((m) => ({
                        namespace: required(m.metricNamespace, 'DescribeMetricFilters', 'metricNamespace'),
                        name: required(m.metricName, 'DescribeMetricFilters', 'metricName'),
                      })),
                    })),
                    next: answer.nextToken,
                  })),
                'ResourceNotFoundException',
              ),
            { resource: group.arn },
          ),
        );
      },
    },
  ],
});

const metricKey = (region: string, namespace: string, name: string) => `${region}|${namespace}|${name}`;

export const metricKind = referencedKind<Metric>({
  name: 'metric',
  field: 'metrics',
  key: (metric) => metric.key,
  referencedBy: [
    referenceFrom<LogGroup>(logGroupKind, (group) => {
      const region = ownedRegion(group);
      const filters = group.metricFilters?.ok === true ? (group.metricFilters.value ?? []) : [];
      if (region === undefined) return [];
      return filters
        .filter((filter) => mentionsTrailChanges(filter.pattern))
        .flatMap((filter) => filter.metrics.map((m) => metricKey(region, m.namespace, m.name)));
    }),
  ],
  locate: {
    ...noCalls,
    run: (_context, key) => {
      const [region = '', namespace = '', name = ''] = key.split('|');
      return Promise.resolve({ key, region, namespace, name });
    },
  },
  readableIn: (metric) => metric.region,
  reads: [
    {
      slice: 'metricAlarms',
      field: 'alarms',
      operation: OPERATIONS.cloudwatch.DescribeAlarmsForMetric,
      async run({ caller }, metric, region) {
        const { DescribeAlarmsForMetricCommand } = await import('../sdk/cloudwatch.js');
        return caller.call(
          OPERATIONS.cloudwatch.DescribeAlarmsForMetric,
          region,
          async (cloudwatch, abortSignal) => {
            const answer = await cloudwatch.send(
              new DescribeAlarmsForMetricCommand({ MetricName: metric.name, Namespace: metric.namespace }),
              { abortSignal },
            );
            return required(answer.MetricAlarms, 'DescribeAlarmsForMetric', 'MetricAlarms').map((alarm) => ({
              name: alarm.AlarmName ?? '',
              // An alarm whose actions are disabled notifies nobody: unknown is not enabled.
              actions: required(alarm.ActionsEnabled, 'DescribeAlarmsForMetric', 'ActionsEnabled')
                ? (alarm.AlarmActions ?? [])
                : [],
            }));
          },
          { resource: metric.key },
        );
      },
    },
  ],
});

const isTopicArn = (arn: string) => arn.startsWith('arn:') && arn.split(':')[2] === 'sns';

export const topicKind = referencedKind<Topic>({
  name: 'topic',
  field: 'topics',
  key: (topic) => topic.arn,
  referencedBy: [
    referenceFrom<Metric>(metricKind, (metric) =>
      metric.alarms?.ok === true ? metric.alarms.value.flatMap((alarm) => alarm.actions.filter(isTopicArn)) : [],
    ),
  ],
  locate: { ...noCalls, run: ({ account }, arn) => Promise.resolve({ arn, presence: presenceOfArn(arn, account) }) },
  readableIn: ownedRegion,
  reads: [
    {
      slice: 'topicSubscriptions',
      field: 'subscriptions',
      operation: OPERATIONS.sns.ListSubscriptionsByTopic,
      async run({ caller }, topic, region) {
        const { ListSubscriptionsByTopicCommand } = await import('../sdk/sns.js');
        return allPages((token) =>
          caller.call(
            OPERATIONS.sns.ListSubscriptionsByTopic,
            region,
            async (sns, abortSignal) => {
              const answer = await orAbsent(
                sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic.arn, NextToken: token }), {
                  abortSignal,
                }),
                'NotFound',
              );
              if (answer === null) return null;
              return {
                items: (answer.Subscriptions ?? []).map((s) => ({
                  protocol: s.Protocol ?? '',
                  endpoint: s.Endpoint ?? '',
                  // An unconfirmed subscription has no ARN yet: SNS says PendingConfirmation instead.
                  confirmed: required(s.SubscriptionArn, 'ListSubscriptionsByTopic', 'SubscriptionArn').startsWith(
                    'arn:',
                  ),
                })),
                next: answer.NextToken,
              };
            },
            { resource: topic.arn },
          ),
        );
      },
    },
  ],
});

/** The default event bus of each Region where an account's own multi-Region trail lives. */
export const eventBusKind = referencedKind<EventBus>({
  name: 'eventBus',
  field: 'eventBuses',
  key: (bus) => bus.region,
  referencedBy: [referenceFrom<Trail>(trailKind, (trail) => (trail.isMultiRegion ? [trail.homeRegion] : []))],
  locate: { ...noCalls, run: (_context, region) => Promise.resolve({ region }) },
  readableIn: (bus) => bus.region,
  reads: [
    {
      slice: 'eventRules',
      field: 'rules',
      operation: OPERATIONS.events.ListRules,
      async run({ caller }, _bus, region) {
        const { ListRulesCommand } = await import('../sdk/events.js');
        return allPages((token) =>
          caller.call(OPERATIONS.events.ListRules, region, async (events, abortSignal) => {
            const answer = await events.send(new ListRulesCommand({ EventBusName: 'default', NextToken: token }), {
              abortSignal,
            });
            return {
              items: required(answer.Rules, 'ListRules', 'Rules').map((rule): EventBusRule => ({
                name: required(rule.Name, 'ListRules', 'Name'),
                arn: required(rule.Arn, 'ListRules', 'Arn'),
                // A rule whose state is not said may be disabled: it cannot count as monitoring.
                state: required(rule.State, 'ListRules', 'State'),
                eventPattern: rule.EventPattern ?? null,
              })),
              next: answer.NextToken,
            };
          }),
        );
      },
    },
  ],
});

/** The rules that match CloudTrail's own events, to see whether they deliver anywhere. */
export const eventRuleKind = referencedKind<EventRule>({
  name: 'eventRule',
  field: 'eventRules',
  key: (rule) => rule.arn,
  referencedBy: [
    referenceFrom<EventBus>(eventBusKind, (bus) =>
      bus.rules?.ok === true
        ? bus.rules.value
            .filter((rule) => rule.state === 'ENABLED' && matchesCloudTrailEvents(rule.eventPattern))
            .map((rule) => rule.arn)
        : [],
    ),
  ],
  locate: {
    ...noCalls,
    // arn:aws:events:<region>:<account>:rule/<name>, on the default bus.
    run: (_context, arn) =>
      Promise.resolve({ arn, region: arn.split(':')[3] ?? '', name: arn.split('rule/')[1] ?? arn }),
  },
  readableIn: (rule) => rule.region,
  reads: [
    {
      slice: 'eventRuleTargets',
      field: 'targets',
      operation: OPERATIONS.events.ListTargetsByRule,
      async run({ caller }, rule, region) {
        const { ListTargetsByRuleCommand } = await import('../sdk/events.js');
        return caller.call(
          OPERATIONS.events.ListTargetsByRule,
          region,
          async (events, abortSignal) => {
            const answer = await events.send(new ListTargetsByRuleCommand({ Rule: rule.name }), { abortSignal });
            return required(answer.Targets, 'ListTargetsByRule', 'Targets').map((t) =>
              required(t.Arn, 'ListTargetsByRule', 'Arn'),
            );
          },
          { resource: rule.arn },
        );
      },
    },
  ],
});
