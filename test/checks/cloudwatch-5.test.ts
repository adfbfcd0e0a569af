import { describe, expect, it } from 'vitest';
import type { InventoryInput } from '../fixtures/inventory.js';
import {
  ACCOUNT_ID,
  CHANGES_METRIC,
  CIS_PATTERN,
  LOG_GROUP_ARN,
  OTHER_ACCOUNT_ID,
  TOPIC_ARN,
  basic,
  checkById,
  err,
  inventory,
  logGroup,
  metric,
  ok,
  run,
  topic,
  trail,
} from '../fixtures/inventory.js';

const filters = (...patterns: string[]) =>
  ok(patterns.map((pattern, i) => ({ name: `filter-${i}`, pattern, metrics: [CHANGES_METRIC] })));
const alarms = (...actions: string[][]) => ok(actions.map((a, i) => ({ name: `alarm-${i}`, actions: a })));
const FOREIGN_TOPIC = `arn:aws:sns:us-east-1:${OTHER_ACCOUNT_ID}:central-alerts`;

describe('CloudWatch.5', () => {
  it.each<{ name: string; input: InventoryInput; status: string; reasonCode: string }>([
    { name: 'the whole chain', input: {}, status: 'PASSED', reasonCode: 'CLOUDTRAIL_CHANGES_ALARMED' },
    {
      name: 'the CIS pattern without white space, terms in another order',
      input: {
        logGroups: [
          logGroup({
            metricFilters: filters(
              '{($.eventName=StopLogging)||($.eventName=StartLogging)||($.eventName=DeleteTrail)||($.eventName=UpdateTrail)||($.eventName=CreateTrail)}',
            ),
          }),
        ],
      },
      status: 'PASSED',
      reasonCode: 'CLOUDTRAIL_CHANGES_ALARMED',
    },
    {
      name: 'an extra term in the filter: not the exact CIS pattern',
      input: {
        logGroups: [
          logGroup({
            metricFilters: filters(CIS_PATTERN.replace(' }', ' || ($.eventName = PutEventSelectors) }')),
          }),
        ],
      },
      status: 'FAILED',
      reasonCode: 'NO_METRIC_FILTER',
    },
    {
      name: 'a filter missing StartLogging',
      input: {
        logGroups: [logGroup({ metricFilters: filters(CIS_PATTERN.replace(' || ($.eventName = StartLogging)', '')) })],
      },
      status: 'FAILED',
      reasonCode: 'NO_METRIC_FILTER',
    },
    {
      name: 'a filter that also tests the user: more than the CIS terms',
      input: {
        logGroups: [
          logGroup({ metricFilters: filters(CIS_PATTERN.replace('{ (', '{ ($.userIdentity.type = Root) && (')) }),
        ],
      },
      status: 'FAILED',
      reasonCode: 'NO_METRIC_FILTER',
    },
    {
      name: 'no alarm on the metric',
      input: { metrics: [metric({ alarms: ok([]) })] },
      status: 'FAILED',
      reasonCode: 'NO_ALARM',
    },
    {
      name: 'an alarm with no SNS action (or actions disabled)',
      input: { metrics: [metric({ alarms: alarms([]) })] },
      status: 'FAILED',
      reasonCode: 'NO_SNS_TOPIC',
    },
    {
      name: 'an alarm whose only action is not SNS',
      input: { metrics: [metric({ alarms: alarms([`arn:aws:automate:us-east-1:ec2:stop`]) })] },
      status: 'FAILED',
      reasonCode: 'NO_SNS_TOPIC',
    },
    {
      name: 'a topic whose subscription is pending confirmation',
      input: {
        topics: [topic({ subscriptions: ok([{ protocol: 'email', endpoint: 'a@example.com', confirmed: false }]) })],
      },
      status: 'FAILED',
      reasonCode: 'NO_CONFIRMED_SUBSCRIPTION',
    },
    {
      name: 'a topic with no subscription',
      input: { topics: [topic({ subscriptions: ok([]) })] },
      status: 'FAILED',
      reasonCode: 'NO_CONFIRMED_SUBSCRIPTION',
    },
    {
      name: 'a topic that no longer exists',
      input: { topics: [topic({ subscriptions: ok(null) })] },
      status: 'FAILED',
      reasonCode: 'SNS_TOPIC_MISSING',
    },
    {
      name: 'a topic of another account',
      input: { metrics: [metric({ alarms: alarms([FOREIGN_TOPIC]) })], topics: [topic({ arn: FOREIGN_TOPIC })] },
      status: 'WARNING',
      reasonCode: 'SNS_TOPIC_OF_ANOTHER_ACCOUNT',
    },
    {
      name: 'subscriptions refused',
      input: {
        topics: [topic({ subscriptions: err('sns:ListSubscriptionsByTopic', 'us-east-1', 'AuthorizationError') })],
      },
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
    },
    {
      name: 'alarms refused',
      input: { metrics: [metric({ alarms: err('cloudwatch:DescribeAlarmsForMetric', 'us-east-1') })] },
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
    },
    {
      name: 'metric filters refused',
      input: { logGroups: [logGroup({ metricFilters: err('logs:DescribeMetricFilters', 'us-east-1') })] },
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
    },
    {
      name: 'a log group that no longer exists',
      input: { logGroups: [logGroup({ metricFilters: ok(null) })] },
      status: 'FAILED',
      reasonCode: 'LOG_GROUP_MISSING',
    },
    {
      name: 'trap: a trail sent to another account’s log group: not a log group of the account',
      input: {
        trails: [
          trail({ cloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${OTHER_ACCOUNT_ID}:log-group:central:*` }),
        ],
      },
      status: 'FAILED',
      reasonCode: 'NO_LOG_GROUP',
    },
    {
      name: 'a trail not sent to CloudWatch Logs',
      input: { trails: [trail({ cloudWatchLogsLogGroupArn: undefined })] },
      status: 'FAILED',
      reasonCode: 'NO_LOG_GROUP',
    },
    {
      name: 'a trail that is not logging',
      input: { trails: [trail({ status: ok({ isLogging: false }) })] },
      status: 'FAILED',
      reasonCode: 'MULTI_REGION_TRAIL_NOT_LOGGING',
    },
    {
      name: 'a trail that excludes KMS events',
      input: { trails: [trail({ selectors: ok(basic({ excludeManagementEventSources: ['kms.amazonaws.com'] })) })] },
      status: 'FAILED',
      reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
    },
    {
      name: 'a single-Region trail with the whole chain',
      input: { trails: [trail({ isMultiRegion: false })] },
      status: 'FAILED',
      reasonCode: 'NO_MULTI_REGION_TRAIL',
    },
    {
      name: 'only an organization trail of the management account',
      input: {
        trails: [trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true, selectors: undefined })],
      },
      status: 'WARNING',
      reasonCode: 'MULTI_REGION_TRAIL_ELSEWHERE',
    },
    {
      name: 'status refused for the trail that has the chain',
      input: { trails: [trail({ status: err('cloudtrail:GetTrailStatus', 'us-east-1') })] },
      status: 'NOT_AVAILABLE',
      reasonCode: 'API_ERROR',
    },
  ])('$name → $status $reasonCode', ({ input, status, reasonCode }) => {
    expect(run('CloudWatch.5', inventory(input))).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({ type: 'AwsAccount', id: `AWS::::Account:${ACCOUNT_ID}` }),
      }),
    ]);
  });

  it('passes when one of several trails, filters or alarms completes the chain', () => {
    const inv = inventory({
      trails: [trail({ name: 'bare', cloudWatchLogsLogGroupArn: undefined }), trail()],
      logGroups: [logGroup({ metricFilters: filters('{ $.eventName = CreateTrail }', CIS_PATTERN) })],
      metrics: [metric({ alarms: alarms([], [TOPIC_ARN]) })],
    });
    expect(run('CloudWatch.5', inv)[0]).toMatchObject({
      status: 'PASSED',
      reason: `Changes to trails raise alarm alarm-1 on ${LOG_GROUP_ARN}, which notifies ${TOPIC_ARN}, a topic with a confirmed subscription`,
    });
  });

  it('names the link furthest along when every chain breaks', () => {
    const inv = inventory({
      trails: [trail({ name: 'bare', cloudWatchLogsLogGroupArn: undefined }), trail()],
      metrics: [metric({ alarms: ok([]) })],
    });
    expect(run('CloudWatch.5', inv)[0]).toMatchObject({ status: 'FAILED', reasonCode: 'NO_ALARM' });
  });

  it('is NOT_AVAILABLE when no Region was scanned', () => {
    expect(run('CloudWatch.5', inventory({ regions: [] }))[0]).toMatchObject({ reasonCode: 'NO_REGION_SCANNED' });
  });

  it('gives the CIS filter and alarm to create, on the trail’s log group, in its Region', () => {
    const [finding] = run('CloudWatch.5', inventory({ logGroups: [logGroup({ metricFilters: ok([]) })] }));
    const { commands } = checkById('CloudWatch.5').remediation(finding!);
    expect(commands[0]).toBe(
      `aws logs put-metric-filter --log-group-name cloudtrail --filter-name CloudTrailConfigurationChanges --metric-transformations metricName=CloudTrailConfigurationChanges,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '${CIS_PATTERN}' --region us-east-1`,
    );
    expect(commands.at(-1)).toMatch(
      /^aws cloudwatch put-metric-alarm .* --alarm-actions <topic-arn> --region us-east-1$/,
    );
  });
});
