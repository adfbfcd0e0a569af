import {
  accountResource,
  ALARM_CHAIN_SLICES,
  alarmChainCandidates,
  allTrails,
  and,
  bestWalk,
  defineCheck,
  evaluateElsewhere,
  followAlarmChain,
  isUnknown,
  judge,
  multiRegionTrailsVisible,
  notAvailable,
  shellQuote,
  z,
  type ChainBreak,
  type ChainWalk,
  type Finding,
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

/** The verdict on the best chain of the account's qualifying trails. */
function chainVerdict(walk: Exclude<ChainWalk, { state: 'unknown' }>, verdict: Verdicts<typeof reasons>): Verdict {
  switch (walk.state) {
    case 'complete':
      return verdict.passed('CLOUDTRAIL_CHANGES_ALARMED', {
        alarm: walk.evidence.alarm ?? '',
        topic: walk.evidence.topic ?? '',
        logGroup: walk.evidence.logGroup ?? '',
      });
    case 'foreign':
      return verdict.warning(
        'SNS_TOPIC_OF_ANOTHER_ACCOUNT',
        walk.data,
        {},
        evaluateElsewhere('the account that owns the topic'),
      );
    case 'broken':
      return (verdict.failed as (code: ChainBreak, data: Record<string, string>) => Verdict)(walk.broken, walk.data);
  }
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
  needs: () => [...ALARM_CHAIN_SLICES],
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
      if (!multiRegionTrailsVisible(inventory)) return verdict.notAvailable([], 'NO_REGION_SCANNED');

      const multiRegion = allTrails(inventory).filter((t) => t.isMultiRegion);
      const candidates = alarmChainCandidates(inventory);
      const listed = { candidates: candidates.map(({ trail }) => ({ arn: trail.arn, homeRegion: trail.homeRegion })) };
      if (candidates.length === 0) {
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
      const starts = candidates.map((c) => and(c.logging, c.recordsAll));
      const followed = bestWalk(
        candidates.flatMap((c, i) => (starts[i] === true ? [followAlarmChain(inventory, c.trail)] : [])),
      );
      const decidedBy = (walk: Exclude<ChainWalk, { state: 'unknown' }>): Verdict => {
        const decided = chainVerdict(walk, verdict);
        return { ...decided, evidence: { ...listed, ...walk.evidence, ...decided.evidence } };
      };
      if (followed?.state === 'complete') return decidedBy(followed);
      const errors = [
        ...starts.flatMap((start) => (isUnknown(start) ? start.errors : [])),
        ...(followed?.state === 'unknown' ? followed.errors : []),
      ];
      if (errors.length > 0) return notAvailable(errors);
      if (followed !== undefined && followed.state !== 'unknown') return decidedBy(followed);
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
