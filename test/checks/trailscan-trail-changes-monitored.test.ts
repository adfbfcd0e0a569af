import { describe, expect, it } from 'vitest';
import type { InventoryInput } from '../fixtures/inventory.js';
import {
  ACCOUNT_ID,
  CIS_PATTERN,
  CHANGES_METRIC,
  OTHER_ACCOUNT_ID,
  TOPIC_ARN,
  basic,
  checkById,
  err,
  eventBus,
  eventRule,
  inventory,
  logGroup,
  metric,
  ok,
  ruleArn,
  run,
  topic,
  trail,
} from '../fixtures/inventory.js';

const CHECK = 'trailscan.trail-changes-monitored';

const WATCHED = ['StopLogging', 'DeleteTrail', 'UpdateTrail'];
/** A pattern on exactly the watched CloudTrail calls, which other conditions can only narrow. */
const WATCHING = { source: ['aws.cloudtrail'], detail: { eventName: WATCHED } };

/** No EventBridge rule on CloudTrail events: only the alarm chain can pass. */
const noRules: InventoryInput = { eventBuses: [eventBus({ rules: ok([]) })], eventRules: [] };
/** No alarm chain: the log group has no metric filter. */
const noAlarm: InventoryInput = { logGroups: [logGroup({ metricFilters: ok([]) })], metrics: [], topics: [] };
const rule = (pattern: object, state = 'ENABLED') =>
  eventBus({
    rules: ok([{ name: 'cloudtrail-changes', arn: ruleArn(), state, eventPattern: JSON.stringify(pattern) }]),
  });
const filter = (pattern: string) =>
  logGroup({ metricFilters: ok([{ name: 'cloudtrail-changes', pattern, metrics: [CHANGES_METRIC] }]) });

const cases: { name: string; input: InventoryInput; status: string; reasonCode: string }[] = [
  { name: 'the CIS alarm chain, whole', input: noRules, status: 'PASSED', reasonCode: 'CHANGES_ALARMED' },
  { name: 'an EventBridge rule with a target', input: noAlarm, status: 'PASSED', reasonCode: 'CHANGES_ROUTED_BY_RULE' },
  {
    name: 'a rule on every CloudTrail event, with a target',
    input: { ...noAlarm, eventBuses: [rule({ source: ['aws.cloudtrail'] })] },
    status: 'PASSED',
    reasonCode: 'CHANGES_ROUTED_BY_RULE',
  },
  { name: 'neither', input: { ...noAlarm, ...noRules }, status: 'FAILED', reasonCode: 'CHANGES_NOT_MONITORED' },
  {
    name: 'trap: the CIS pattern with one more term is not CIS’s',
    input: { ...noRules, logGroups: [filter(CIS_PATTERN.replace('}', '|| ($.eventName = CreateBucket) }'))] },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'the CIS pattern in another order and spacing',
    input: {
      ...noRules,
      logGroups: [
        filter(
          '{($.eventName=StopLogging)||($.eventName=StartLogging)||($.eventName=DeleteTrail)||($.eventName=UpdateTrail)||($.eventName=CreateTrail)}',
        ),
      ],
    },
    status: 'PASSED',
    reasonCode: 'CHANGES_ALARMED',
  },
  {
    name: 'an alarm notifying nothing',
    input: { ...noRules, metrics: [metric({ alarms: ok([{ name: 'cloudtrail-changes', actions: [] }]) })], topics: [] },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: a topic whose only subscription is unconfirmed',
    input: {
      ...noRules,
      topics: [topic({ subscriptions: ok([{ protocol: 'email', endpoint: 'a@example.com', confirmed: false }]) })],
    },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: the chain of a trail that is not logging',
    input: { ...noRules, trails: [trail({ status: ok({ isLogging: false }) })] },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: the chain of a trail recording write events only',
    input: { ...noRules, trails: [trail({ selectors: ok(basic({ readWriteType: 'WriteOnly' })) })] },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: the chain of a single-Region trail',
    input: { ...noRules, trails: [trail({ isMultiRegion: false })] },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'the alarm notifies a topic of another account',
    input: {
      ...noRules,
      metrics: [
        metric({ alarms: ok([{ name: 'a', actions: [`arn:aws:sns:us-east-1:${OTHER_ACCOUNT_ID}:central`] }]) }),
      ],
      topics: [topic({ arn: `arn:aws:sns:us-east-1:${OTHER_ACCOUNT_ID}:central` })],
    },
    status: 'WARNING',
    reasonCode: 'ALARM_TOPIC_IN_ANOTHER_ACCOUNT',
  },
  {
    name: 'a rule naming the API call type, CloudTrail as event source, and its own account and Region',
    input: {
      ...noAlarm,
      eventBuses: [
        rule({
          source: ['aws.cloudtrail'],
          'detail-type': ['AWS API Call via CloudTrail'],
          account: [ACCOUNT_ID],
          region: ['us-east-1'],
          detail: { eventSource: ['cloudtrail.amazonaws.com'], eventName: [...WATCHED] },
        }),
      ],
    },
    status: 'PASSED',
    reasonCode: 'CHANGES_ROUTED_BY_RULE',
  },
  {
    name: 'trap: a rule on failed calls only (detail.errorCode)',
    input: {
      ...noAlarm,
      eventBuses: [rule({ ...WATCHING, detail: { ...WATCHING.detail, errorCode: ['AccessDenied'] } })],
    },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: a rule on the root user’s calls only (detail.userIdentity)',
    input: {
      ...noAlarm,
      eventBuses: [rule({ ...WATCHING, detail: { ...WATCHING.detail, userIdentity: { type: ['Root'] } } })],
    },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: a rule on another detail type',
    input: {
      ...noAlarm,
      eventBuses: [rule({ source: ['aws.cloudtrail'], 'detail-type': ['AWS Service Event via CloudTrail'] })],
    },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: a rule on another account’s events',
    input: { ...noAlarm, eventBuses: [rule({ ...WATCHING, account: [OTHER_ACCOUNT_ID] })] },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: a rule with a target in a Region other than the multi-Region trail’s home',
    input: {
      ...noAlarm,
      eventBuses: [eventBus({ region: 'us-east-1', rules: ok([]) }), eventBus({ region: 'eu-west-1' })],
      eventRules: [eventRule({ region: 'eu-west-1' })],
    },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: a rule on CreateTrail only',
    input: { ...noAlarm, eventBuses: [rule({ source: ['aws.cloudtrail'], detail: { eventName: ['CreateTrail'] } })] },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: a disabled rule',
    input: {
      ...noAlarm,
      eventBuses: [rule({ source: ['aws.cloudtrail'] }, 'DISABLED')],
      eventRules: [],
    },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'trap: a prefix filter on the event name is not understood as covering anything',
    input: {
      ...noAlarm,
      eventBuses: [rule({ source: ['aws.cloudtrail'], detail: { eventName: [{ prefix: 'Stop' }] } })],
    },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'a rule without a target',
    input: { ...noAlarm, eventRules: [eventRule({ targets: ok([]) })] },
    status: 'FAILED',
    reasonCode: 'CHANGES_NOT_MONITORED',
  },
  {
    name: 'metric filters unreadable, no rule',
    input: { ...noRules, logGroups: [logGroup({ metricFilters: err('logs:DescribeMetricFilters', 'us-east-1') })] },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'metric filters unreadable, but a rule with a target',
    input: { logGroups: [logGroup({ metricFilters: err('logs:DescribeMetricFilters', 'us-east-1') })], metrics: [] },
    status: 'PASSED',
    reasonCode: 'CHANGES_ROUTED_BY_RULE',
  },
  {
    name: 'rules unreadable, no alarm chain',
    input: { ...noAlarm, eventBuses: [eventBus({ rules: err('events:ListRules', 'us-east-1') })], eventRules: [] },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'a rule’s targets unreadable, no alarm chain',
    input: { ...noAlarm, eventRules: [eventRule({ targets: err('events:ListTargetsByRule', 'us-east-1') })] },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'subscriptions unreadable, no rule',
    input: { ...noRules, topics: [topic({ subscriptions: err('sns:ListSubscriptionsByTopic', 'us-east-1') })] },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
];

describe(CHECK, () => {
  it.each(cases)('$name → $status $reasonCode', ({ input, status, reasonCode }) => {
    expect(run(CHECK, inventory(input))).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({ type: 'AwsAccount', id: `AWS::::Account:${ACCOUNT_ID}` }),
      }),
    ]);
  });

  it('names the alarm and topic of a whole chain', () => {
    expect(run(CHECK, inventory(noRules))[0]?.reason).toBe(
      `CloudTrail changes raise the alarm cloudtrail-changes, which notifies the subscribed topic ${TOPIC_ARN}`,
    );
  });

  it('names the first missing link of the chain, and the rules without a target', () => {
    const input = { ...noRules, topics: [topic({ subscriptions: ok([]) })] };
    expect(run(CHECK, inventory(input))[0]?.reason).toBe(
      'Nobody hears of CloudTrail changes: the alarm chain lacks a confirmed subscription to that topic, and no ' +
        'EventBridge rule with a target matches StopLogging, DeleteTrail and UpdateTrail',
    );
    const targetless = { ...noAlarm, eventRules: [eventRule({ targets: ok([]) })] };
    expect(run(CHECK, inventory(targetless))[0]?.reason).toContain(
      `lacks a metric filter on it with exactly the CIS pattern for CloudTrail configuration changes, and no EventBridge rule with a target matches StopLogging, DeleteTrail and UpdateTrail (${ruleArn()} has no target)`,
    );
  });

  it('an organization trail of another account gives no chain here', () => {
    const org = trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    const [finding] = run(CHECK, inventory({ ...noRules, trails: [org] }));
    expect(finding).toMatchObject({ status: 'FAILED', evidence: { alarmChain: { state: 'broken' } } });
    expect(finding?.reason).toContain(
      'lacks a multi-Region trail of the account that is logging and records all management events',
    );
  });

  it('says which conditions narrow a rule that names the right events', () => {
    const narrowed = rule({
      ...WATCHING,
      detail: { ...WATCHING.detail, errorCode: ['AccessDenied'] },
      region: ['eu-west-1'],
    });
    const [finding] = run(CHECK, inventory({ ...noAlarm, eventBuses: [narrowed] }));
    expect(finding?.evidence['eventRules']).toEqual([
      { arn: ruleArn(), watched: [], narrowedBy: ['region', 'detail.errorCode'], targets: expect.any(Array) },
    ]);
  });

  it('the fix adds a rule on CloudTrail changes and a target', () => {
    const [finding] = run(CHECK, inventory({ ...noAlarm, ...noRules }));
    const commands = finding === undefined ? [] : checkById(CHECK).remediation(finding).commands;
    expect(commands[0]).toMatch(
      /^aws events put-rule --name cloudtrail-changes --event-pattern '\{"source":\["aws\.cloudtrail"\]/,
    );
    expect(commands[1]).toBe(
      'aws events put-targets --rule cloudtrail-changes --targets Id=security,Arn=<topic-arn> --region us-east-1',
    );
  });
});
