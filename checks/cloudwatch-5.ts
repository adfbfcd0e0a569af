import {
  accountResource,
  allTrails,
  and,
  collected,
  combineCoverage,
  defineCheck,
  evaluateElsewhere,
  isCisTrailChangesPattern,
  isForeignTrail,
  isUnknown,
  judge,
  notAvailable,
  selectorCoverages,
  shellQuote,
  SliceNotCollected,
  SliceUnavailable,
  test,
  z,
  type CollectionError,
  type Envelope,
  type Finding,
  type Inventory,
  type Trail,
  type Verdict,
  type Verdicts,
} from './api.js';

/** The CIS metric filter pattern, exactly as CIS and Security Hub prescribe it. */
const CIS_PATTERN =
  '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }';

const reasons = {
  CLOUDTRAIL_CHANGES_ALARMED:
    'Changes to trails raise alarm {alarm} on {logGroup}, which notifies {topic}, a topic with a confirmed subscription',
  NO_MULTI_REGION_TRAIL: 'The account has no multi-Region trail',
  MULTI_REGION_TRAIL_ELSEWHERE:
    'The multi-Region trails belong to another account ({owners}): CloudWatch.5 is evaluated there',
  MULTI_REGION_TRAIL_NOT_LOGGING: 'No multi-Region trail of the account is logging',
  MANAGEMENT_EVENTS_NOT_FULLY_RECORDED:
    'No logging multi-Region trail records all read and write management events ({narrowedBy})',
  NO_LOG_GROUP: 'Multi-Region trail {trail} does not deliver to a CloudWatch Logs log group of the account',
  LOG_GROUP_MISSING: 'Log group {logGroup} of trail {trail} does not exist',
  NO_METRIC_FILTER:
    'Log group {logGroup} has no metric filter with exactly the CIS pattern for CloudTrail configuration changes',
  NO_ALARM: 'No alarm watches the metric {metric} of the CloudTrail changes filter on {logGroup}',
  NO_SNS_TOPIC: 'The alarms on {metric} notify no SNS topic',
  SNS_TOPIC_MISSING: 'SNS topic {topic}, which the alarm {alarm} notifies, does not exist',
  NO_CONFIRMED_SUBSCRIPTION: 'SNS topic {topic}, which the alarm {alarm} notifies, has no confirmed subscription',
  SNS_TOPIC_OF_ANOTHER_ACCOUNT:
    'The alarm {alarm} notifies {topic} of another account, whose subscriptions cannot be listed from here',
  NO_REGION_SCANNED: 'No Region was scanned',
} as const;
type Reasons = typeof reasons;

/**
 * How far one trail's chain (trail → log group → filter → metric → alarm → topic → subscription) got. The
 * best of several chains is the one that passes, else the one that cannot be read, else the one that reached
 * furthest before it broke.
 */
interface Outcome {
  stage: number;
  verdict: (verdicts: Verdicts<Reasons>) => Verdict;
  /** Calls that failed on the way: the chain could still pass. */
  errors: CollectionError[];
  passed: boolean;
  /** Cannot be decided from this account (another account's topic). */
  elsewhere: boolean;
  evidence: Record<string, unknown>;
}

/** A failure of one of this check's reasons; the message's placeholders come with it. */
const failed =
  (code: keyof Reasons, data: Record<string, string>) =>
  (v: Verdicts<Reasons>): Verdict =>
    (v.failed as (code: string, data: Record<string, string>) => Verdict)(code, data);

const outcome = (stage: number, evidence: Record<string, unknown>, rest: Partial<Outcome> = {}): Outcome => ({
  stage,
  verdict: failed('NO_MULTI_REGION_TRAIL', {}),
  errors: [],
  passed: false,
  elsewhere: false,
  evidence,
  ...rest,
});

const rank = (o: Outcome) => (o.passed ? 3 : o.errors.length > 0 ? 2 : o.elsewhere ? 1 : 0);
const best = (outcomes: Outcome[]): Outcome | undefined =>
  outcomes.reduce<Outcome | undefined>(
    (a, b) => (a === undefined || rank(b) > rank(a) || (rank(b) === rank(a) && b.stage > a.stage) ? b : a),
    undefined,
  );

/** Reads an envelope, or notes its failure: the chain goes on to see whether something else decides it. */
function readOr<T>(envelope: Envelope<T> | undefined, what: string, errors: CollectionError[]): T | undefined {
  const checked = collected(envelope, what);
  if (checked.ok) return checked.value;
  errors.push(checked.error);
  return undefined;
}

function followTopics(
  inventory: Inventory,
  alarms: { name: string; actions: string[] }[],
  base: Record<string, unknown>,
  metric: string,
): Outcome {
  const topics = collectedRecords(inventory.topics, 'SNS topics');
  const outcomes = alarms.flatMap((alarm) =>
    alarm.actions
      .filter((action) => action.split(':')[2] === 'sns')
      .map((arn): Outcome => {
        const evidence = { ...base, alarm: alarm.name, topic: arn };
        const topic = topics[arn];
        if (topic === undefined) throw new SliceNotCollected(`SNS topic ${arn} was not collected`);
        const data = { topic: arn, alarm: alarm.name };
        const errors: CollectionError[] = [];
        const presence = readOr(topic.presence, `owner of ${arn}`, errors);
        if (presence === undefined) return outcome(6, evidence, { errors });
        if (presence.state !== 'owned') {
          return outcome(6, evidence, {
            elsewhere: true,
            verdict: (v) =>
              v.warning('SNS_TOPIC_OF_ANOTHER_ACCOUNT', data, {}, evaluateElsewhere('the account that owns the topic')),
          });
        }
        const subscriptions = readOr(topic.subscriptions, `subscriptions of ${arn}`, errors);
        if (subscriptions === undefined) return outcome(6, evidence, { errors });
        if (subscriptions === null) return outcome(6, evidence, { verdict: failed('SNS_TOPIC_MISSING', data) });
        if (!subscriptions.some((s) => s.confirmed)) {
          return outcome(7, evidence, { verdict: failed('NO_CONFIRMED_SUBSCRIPTION', data) });
        }
        return outcome(8, evidence, {
          passed: true,
          verdict: (v) =>
            v.passed('CLOUDTRAIL_CHANGES_ALARMED', {
              alarm: alarm.name,
              topic: arn,
              logGroup: String(base['logGroup']),
            }),
        });
      }),
  );
  return best(outcomes) ?? outcome(5, base, { verdict: failed('NO_SNS_TOPIC', { metric }) });
}

function collectedRecords<R>(
  records: Readonly<Record<string, R>> | undefined,
  what: string,
): Readonly<Record<string, R>> {
  if (records === undefined) throw new SliceNotCollected(`${what} were not collected`);
  return records;
}

/** Follows one logging multi-Region trail that records all management events to a subscribed topic. */
function followTrail(inventory: Inventory, trail: Trail): Outcome {
  const base = { trail: trail.arn };
  const groupArn = trail.cloudWatchLogsLogGroupArn;
  if (groupArn === undefined) return outcome(2, base, { verdict: failed('NO_LOG_GROUP', { trail: trail.name }) });
  const group = collectedRecords(inventory.logGroups, 'log groups')[groupArn];
  if (group === undefined) throw new SliceNotCollected(`log group ${groupArn} was not collected`);
  const evidence = { ...base, logGroup: groupArn };
  const errors: CollectionError[] = [];
  const presence = readOr(group.presence, `owner of ${groupArn}`, errors);
  if (presence === undefined) return outcome(3, evidence, { errors });
  if (presence.state !== 'owned') {
    return outcome(2, evidence, { verdict: failed('NO_LOG_GROUP', { trail: trail.name }) });
  }
  const filters = readOr(group.metricFilters, `metric filters of ${groupArn}`, errors);
  if (filters === undefined) return outcome(3, evidence, { errors });
  if (filters === null) {
    return outcome(3, evidence, { verdict: failed('LOG_GROUP_MISSING', { logGroup: groupArn, trail: trail.name }) });
  }
  const cisMetrics = filters.filter((f) => isCisTrailChangesPattern(f.pattern)).flatMap((f) => f.metrics);
  if (cisMetrics.length === 0) {
    return outcome(3, evidence, { verdict: failed('NO_METRIC_FILTER', { logGroup: groupArn }) });
  }
  const metrics = collectedRecords(inventory.metrics, 'metrics');
  const outcomes = cisMetrics.map((m): Outcome => {
    const key = `${presence.region}|${m.namespace}|${m.name}`;
    const metric = metrics[key];
    if (metric === undefined) throw new SliceNotCollected(`metric ${key} was not collected`);
    const name = `${m.namespace}/${m.name}`;
    const withMetric = { ...evidence, metric: { region: presence.region, namespace: m.namespace, name: m.name } };
    const alarmErrors: CollectionError[] = [];
    const alarms = readOr(metric.alarms, `alarms on ${name}`, alarmErrors);
    if (alarms === undefined) return outcome(4, withMetric, { errors: alarmErrors });
    if (alarms.length === 0) {
      return outcome(4, withMetric, { verdict: failed('NO_ALARM', { metric: name, logGroup: groupArn }) });
    }
    return followTopics(inventory, alarms, withMetric, name);
  });
  return best(outcomes) ?? outcome(3, evidence, { verdict: failed('NO_METRIC_FILTER', { logGroup: groupArn }) });
}

export default defineCheck({
  id: 'CloudWatch.5',
  source: 'security-hub',
  title: 'Ensure a log metric filter and alarm exist for CloudTrail AWS Configuration changes',
  description:
    'Checks, as Security Hub does, that a multi-Region trail of the account is logging, records all read and ' +
    'write management events and delivers to a CloudWatch Logs log group of the account; that the log group ' +
    'has a metric filter with exactly the CIS pattern for CreateTrail, UpdateTrail, DeleteTrail, StartLogging ' +
    'and StopLogging (white space aside, no other terms); that an alarm watches its metric; and that the ' +
    'alarm notifies an SNS topic with a confirmed subscription.',
  severity: 'LOW',
  resourceType: 'AwsAccount',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5',
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html',
  ],
  tags: ['cloudwatch', 'cloudtrail', 'sns'],
  standards: ['aws-foundational'],
  compliance: {
    'CIS AWS Foundations Benchmark v1.2.0': ['3.5'],
    'CIS AWS Foundations Benchmark v1.4.0': ['4.5'],
  },
  reasons,
  parameters: z.object({}).strict(),
  needs: () => [
    'trails',
    'trailStatus',
    'eventSelectors',
    'logGroupMetricFilters',
    'metricAlarms',
    'topicSubscriptions',
  ],
  remediation: (finding) => {
    const evidence = finding.evidence;
    const candidates = (evidence['candidates'] ?? []) as { arn: string; homeRegion: string }[];
    const metric = evidence['metric'] as { region: string; namespace: string; name: string } | undefined;
    const groupArn = evidence['logGroup'] as string | undefined;
    const region = shellQuote(metric?.region ?? groupArn?.split(':')[3] ?? candidates[0]?.homeRegion ?? '<region>');
    const groupName =
      groupArn === undefined ? '<log-group>' : shellQuote(/:log-group:(.+?)(?::\*)?$/.exec(groupArn)?.[1] ?? groupArn);
    const alarm =
      `aws cloudwatch put-metric-alarm --alarm-name CloudTrailConfigurationChanges --metric-name ${shellQuote(metric?.name ?? 'CloudTrailConfigurationChanges')} ` +
      `--namespace ${shellQuote(metric?.namespace ?? 'CISBenchmark')} --statistic Sum --period 300 --threshold 1 ` +
      `--comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 --alarm-actions <topic-arn> --region ${region}`;
    const topic = [
      `aws sns create-topic --name <topic-name> --region ${region}`,
      `aws sns subscribe --topic-arn <topic-arn> --protocol email --notification-endpoint <address> --region ${region}`,
    ];
    switch (finding.reasonCode) {
      case 'NO_MULTI_REGION_TRAIL':
      case 'MULTI_REGION_TRAIL_NOT_LOGGING':
      case 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED':
        return {
          text: 'First make a multi-Region trail of the account log all management events: see CloudTrail.1.',
          commands: candidates.map(
            (c) => `aws cloudtrail start-logging --name ${shellQuote(c.arn)} --region ${shellQuote(c.homeRegion)}`,
          ),
        };
      case 'NO_LOG_GROUP':
      case 'LOG_GROUP_MISSING':
        return {
          text: 'Send the trail’s events to a CloudWatch Logs log group (see CloudTrail.5), then add the metric filter and alarm.',
          commands: candidates.map(
            (c) =>
              `aws cloudtrail update-trail --name ${shellQuote(c.arn)} --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn> --region ${shellQuote(c.homeRegion)}`,
          ),
        };
      case 'NO_ALARM':
        return {
          text: 'Create an alarm on the filter’s metric that notifies a subscribed SNS topic.',
          commands: [alarm],
        };
      case 'NO_SNS_TOPIC':
      case 'SNS_TOPIC_MISSING':
      case 'NO_CONFIRMED_SUBSCRIPTION':
        return {
          text:
            'Have the alarm notify an SNS topic with a confirmed subscription (an e-mail subscription is ' +
            'confirmed from the message SNS sends).',
          commands: [...topic, alarm],
        };
      default:
        return {
          text:
            'Create the CIS metric filter for CloudTrail configuration changes on the trail’s log group, an ' +
            'alarm on its metric, and an SNS topic with a subscription for the alarm to notify.',
          commands: [
            `aws logs put-metric-filter --log-group-name ${groupName} --filter-name CloudTrailConfigurationChanges ` +
              `--metric-transformations metricName=CloudTrailConfigurationChanges,metricNamespace=CISBenchmark,metricValue=1 ` +
              `--filter-pattern ${shellQuote(CIS_PATTERN)} --region ${region}`,
            ...topic,
            alarm,
          ],
        };
    }
  },
  evaluate: (inventory, _params, verdict): Finding[] => [
    judge(accountResource(inventory), () => {
      const lists = inventory.regions.scanned.map((region) =>
        collected(inventory.trailLists[region], `DescribeTrails in ${region}`),
      );
      if (lists.length === 0) return verdict.notAvailable([], 'NO_REGION_SCANNED');
      const listFailures = lists.flatMap((l) => (l.ok ? [] : [l.error]));
      if (listFailures.length === lists.length) throw new SliceUnavailable(listFailures);

      const multiRegion = allTrails(inventory).filter((t) => t.isMultiRegion);
      const own = multiRegion.filter((t) => !isForeignTrail(inventory, t));
      const candidates = own.map((trail) => {
        const logging = test(collected(trail.status, `status of ${trail.arn}`), (s) => s.isLogging);
        const selectors = collected(trail.selectors, `event selectors of ${trail.arn}`);
        const combined = selectors.ok ? combineCoverage(selectorCoverages(selectors.value)) : undefined;
        const recordsAll = test(selectors, () => combined?.all === true);
        return { trail, logging, recordsAll, narrowedBy: combined?.narrowedBy ?? [] };
      });
      const listed = { candidates: own.map((t) => ({ arn: t.arn, homeRegion: t.homeRegion })) };
      if (own.length === 0) {
        const owners = [...new Set(multiRegion.map((t) => t.ownerAccountId))];
        return owners.length === 0
          ? verdict.failed('NO_MULTI_REGION_TRAIL', {}, listed)
          : verdict.warning(
              'MULTI_REGION_TRAIL_ELSEWHERE',
              { owners: owners.join(', ') },
              listed,
              evaluateElsewhere(`account ${owners.join(', ')}`),
            );
      }
      const qualifying = candidates.filter((c) => and(c.logging, c.recordsAll) === true);
      const undecided = candidates.filter((c) => isUnknown(and(c.logging, c.recordsAll)));
      const followed = best(qualifying.map((c) => followTrail(inventory, c.trail)));
      const decidedBy = (o: Outcome): Verdict => {
        const decided = o.verdict(verdict);
        return { ...decided, evidence: { ...listed, ...o.evidence, ...decided.evidence } };
      };
      if (followed?.passed === true) return decidedBy(followed);
      const trailErrors = undecided.flatMap((c) => {
        const decided = and(c.logging, c.recordsAll);
        return isUnknown(decided) ? decided.errors : [];
      });
      const errors = [...trailErrors, ...(followed?.errors ?? [])];
      if (errors.length > 0) return notAvailable(errors);
      if (followed !== undefined) return decidedBy(followed);
      if (!candidates.some((c) => c.logging === true)) {
        return verdict.failed('MULTI_REGION_TRAIL_NOT_LOGGING', {}, listed);
      }
      const narrowedBy = [...new Set(candidates.filter((c) => c.logging === true).flatMap((c) => c.narrowedBy))];
      return verdict.failed(
        'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
        { narrowedBy: narrowedBy.join('; ') || 'no management events recorded' },
        listed,
      );
    }),
  ],
});
