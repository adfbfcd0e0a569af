/**
 * CloudTrail changes reach someone: stopping, deleting or changing a trail is how an intruder goes dark, so
 * someone should hear of it, through CloudWatch.5's alarm chain or an EventBridge rule with a target.
 */
import {
  z,
  accountResource,
  ALARM_CHAIN_SLICES,
  cloudTrailChangesAlarm,
  defineCheck,
  judge,
  notAvailable,
  shellQuote,
  trailEventRules,
  WATCHED_TRAIL_EVENTS,
  type Finding,
} from './api.js';

const reasons = {
  CHANGES_ALARMED: 'CloudTrail changes raise the alarm {alarm}, which notifies the subscribed topic {topic}',
  CHANGES_ROUTED_BY_RULE: 'The EventBridge rule {rule} sends StopLogging, DeleteTrail and UpdateTrail to {targets}',
  CHANGES_NOT_MONITORED:
    'Nobody hears of CloudTrail changes: the alarm chain lacks {missing}, and no EventBridge rule with a target matches StopLogging, DeleteTrail and UpdateTrail{rules}',
  ALARM_TOPIC_IN_ANOTHER_ACCOUNT:
    'CloudTrail changes raise an alarm notifying topic {topics} of another account, whose subscriptions cannot be read from here',
} as const;

export default defineCheck({
  id: 'trailscan.trail-changes-monitored',
  source: 'trailscan',
  title: 'Stopping, deleting or changing a trail should alert someone',
  description:
    'Passes when the CloudWatch.5 chain is whole (a multi-Region trail of the account, logging all management ' +
    'events into a log group with the CIS metric filter for CloudTrail changes, an alarm on it, and an SNS topic ' +
    'with a confirmed subscription), or when an enabled EventBridge rule on the default bus, in the home Region ' +
    'of a multi-Region trail of the account, matches source aws.cloudtrail with detail.eventName covering ' +
    'StopLogging, DeleteTrail and UpdateTrail (or every event), with no other condition that lets only some of ' +
    'those calls through (an errorCode or userIdentity filter, another detail type, account or Region), and has ' +
    'a target, as the CloudTrail and ' +
    'EventBridge user guides describe. The evidence says which of StopLogging, DeleteTrail, UpdateTrail, ' +
    'PutEventSelectors and DeregisterOrganizationDelegatedAdmin the passing path covers.',
  severity: 'MEDIUM',
  resourceType: 'AwsAccount',
  documentationUrl: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
  references: [
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5',
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html',
  ],
  tags: ['cloudtrail', 'cloudwatch', 'eventbridge', 'sns'],
  standards: [],
  compliance: {
    'CIS AWS Foundations Benchmark v5.0.0': ['4.5'],
    'NIST SP 800-53 Rev. 5': ['AU-5', 'AU-6', 'SI-4'],
  },
  reasons,
  parameters: z.object({}).strict(),
  needs: () => [...ALARM_CHAIN_SLICES, 'eventRules', 'eventRuleTargets'],
  remediation: (finding: Finding) => {
    const region = shellQuote(finding.resource.region === 'global' ? 'us-east-1' : finding.resource.region);
    const pattern = JSON.stringify({
      source: ['aws.cloudtrail'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventName: [...WATCHED_TRAIL_EVENTS, 'PutEventSelectors', 'DeregisterOrganizationDelegatedAdmin'],
      },
    });
    return {
      text:
        'Add an EventBridge rule on CloudTrail changes in the home Region of the multi-Region trail, targeting ' +
        'an SNS topic someone is subscribed to (replace <topic-arn>; its policy must let events.amazonaws.com ' +
        'publish), or set up the CloudWatch.5 alarm chain.',
      commands: [
        `aws events put-rule --name cloudtrail-changes --event-pattern ${shellQuote(pattern)} --region ${region}`,
        `aws events put-targets --rule cloudtrail-changes --targets Id=security,Arn=<topic-arn> --region ${region}`,
      ],
    };
  },
  evaluate: (inventory, _params, verdict) => [
    judge(accountResource(inventory), () => {
      const chain = cloudTrailChangesAlarm(inventory);
      const { rules, errors: ruleListErrors } = trailEventRules(inventory);
      const watching = rules.filter((r) => r.watched.length === WATCHED_TRAIL_EVENTS.length);
      const routed = watching.find((r) => (r.targets?.length ?? 0) > 0);
      const evidence = {
        alarmChain: chain,
        eventRules: rules.map(({ arn, watched, narrowedBy, targets }) => ({
          arn,
          watched,
          narrowedBy,
          targets: targets ?? null,
        })),
      };
      if (chain.state === 'complete') {
        const { alarm = '', topic = '' } = chain.through;
        return verdict.passed('CHANGES_ALARMED', { alarm, topic }, evidence);
      }
      if (routed !== undefined) {
        return verdict.passed(
          'CHANGES_ROUTED_BY_RULE',
          { rule: routed.arn, targets: (routed.targets ?? []).join(', ') },
          evidence,
        );
      }
      if (chain.state === 'foreign-topic') {
        return verdict.warning('ALARM_TOPIC_IN_ANOTHER_ACCOUNT', { topics: chain.topics.join(', ') }, evidence);
      }
      const errors = [
        ...(chain.state === 'unknown' ? chain.errors : []),
        ...ruleListErrors,
        ...watching.flatMap((r) => (r.error === undefined ? [] : [r.error])),
      ];
      if (errors.length > 0 || chain.state === 'unknown') return notAvailable(errors);
      const targetless = watching.map((r) => r.arn);
      return verdict.failed(
        'CHANGES_NOT_MONITORED',
        {
          missing: chain.missing,
          rules: targetless.length === 0 ? '' : ` (${targetless.join(', ')} has no target)`,
        },
        evidence,
      );
    }),
  ],
});
