/**
 * Whether a change to a trail reaches someone, along the two paths AWS documents: the CIS alarm chain that
 * Security Hub's CloudWatch.5 checks (a multi-Region trail of the account, logging and recording all
 * management events, into a log group of the account whose metric filter has exactly CIS's CloudTrail
 * changes pattern, an alarm on that metric, an SNS topic among its actions with a confirmed subscription),
 * and EventBridge rules on CloudTrail's own events, with a target.
 */
import { collected, SliceNotCollected } from '../../src/model/check.js';
import type { CollectionError, Envelope, Inventory, Slice, Trail } from '../../src/model/inventory.js';
import { isCisTrailChangesPattern, trailEventCoverage, watchedEventsCovered } from '../../src/model/monitoring.js';
import { allTrails, isForeignTrail, ownerLogging } from './resources.js';
import { combineCoverage, selectorCoverages } from './selectors.js';
import { and, isUnknown, test, type Tri } from './three-valued.js';

/** What the alarm chain reads: the trails, whether they log everything, and each link after them. */
export const ALARM_CHAIN_SLICES = [
  'trails',
  'loggingCoverage',
  'multiRegionEventSelectors',
  'logGroupMetricFilters',
  'metricAlarms',
  'topicSubscriptions',
] as const satisfies readonly Slice[];

/** The links of the alarm chain, in order; a broken chain names the first one missing. */
export const ALARM_CHAIN_LINKS = [
  'a multi-Region trail of the account that is logging and records all management events',
  'a CloudWatch Logs log group of the account that the trail delivers to',
  'a metric filter on it with exactly the CIS pattern for CloudTrail configuration changes',
  'an alarm on the metric of that filter',
  'an SNS topic among the actions of that alarm',
  'a confirmed subscription to that topic',
] as const;

/** Where a trail's chain can break (CloudWatch.5's reasons), and the link of ALARM_CHAIN_LINKS it lacks. */
export const CHAIN_BREAKS = {
  NO_LOG_GROUP: 1,
  LOG_GROUP_MISSING: 1,
  NO_METRIC_FILTER: 2,
  NO_ALARM: 3,
  NO_SNS_TOPIC: 4,
  SNS_TOPIC_MISSING: 4,
  NO_CONFIRMED_SUBSCRIPTION: 5,
} as const;
export type ChainBreak = keyof typeof CHAIN_BREAKS;

/** What a chain went through: the trail, its log group, the filter's metric, the alarm and its topic. */
export interface ChainEvidence {
  trail: string;
  logGroup?: string;
  metric?: { region: string; namespace: string; name: string };
  alarm?: string;
  topic?: string;
}

/** How far one trail's chain got: `stage` orders broken chains, the furthest being the most telling. */
export type ChainWalk = { stage: number; evidence: ChainEvidence } & (
  | { state: 'complete' }
  | { state: 'broken'; broken: ChainBreak; data: Record<string, string> }
  /** Calls failed on the way: the chain could still be whole. */
  | { state: 'unknown'; errors: CollectionError[] }
  /** The alarm notifies another account's topic, whose subscriptions cannot be read from here. */
  | { state: 'foreign'; data: { topic: string; alarm: string } }
);

const RANK = { complete: 3, unknown: 2, foreign: 1, broken: 0 } as const;

/** The chain that passes, else one that cannot be read, else one of another account, else the furthest. */
export function bestWalk(walks: ChainWalk[]): ChainWalk | undefined {
  return walks.reduce<ChainWalk | undefined>((a, b) => {
    if (a === undefined) return b;
    const [ra, rb] = [RANK[a.state], RANK[b.state]];
    return rb > ra || (rb === ra && b.stage > a.stage) ? b : a;
  }, undefined);
}

function records<R>(all: Readonly<Record<string, R>> | undefined, what: string): Readonly<Record<string, R>> {
  if (all === undefined) throw new SliceNotCollected(`${what} were not collected`);
  return all;
}

/** An envelope's value, or the walk that stops here because it could not be read. */
function readOr<T>(
  envelope: Envelope<T> | undefined,
  what: string,
  stage: number,
  evidence: ChainEvidence,
): { value: T } | ChainWalk {
  const checked = collected(envelope, what);
  return checked.ok ? { value: checked.value } : { state: 'unknown', stage, evidence, errors: [checked.error] };
}

const broken = (stage: number, evidence: ChainEvidence, code: ChainBreak, data: Record<string, string>): ChainWalk => ({
  state: 'broken',
  stage,
  evidence,
  broken: code,
  data,
});

function followTopics(
  inventory: Inventory,
  alarms: { name: string; actions: string[] }[],
  base: ChainEvidence,
  metric: string,
): ChainWalk {
  const topics = records(inventory.topics, 'SNS topics');
  const walks = alarms.flatMap((alarm) =>
    alarm.actions
      .filter((action) => action.split(':')[2] === 'sns')
      .map((arn): ChainWalk => {
        const evidence = { ...base, alarm: alarm.name, topic: arn };
        const topic = topics[arn];
        if (topic === undefined) throw new SliceNotCollected(`SNS topic ${arn} was not collected`);
        const data = { topic: arn, alarm: alarm.name };
        const presence = readOr(topic.presence, `owner of ${arn}`, 6, evidence);
        if (!('value' in presence)) return presence;
        if (presence.value.state !== 'owned') return { state: 'foreign', stage: 6, evidence, data };
        const subscriptions = readOr(topic.subscriptions, `subscriptions of ${arn}`, 6, evidence);
        if (!('value' in subscriptions)) return subscriptions;
        if (subscriptions.value === null) return broken(6, evidence, 'SNS_TOPIC_MISSING', data);
        if (!subscriptions.value.some((s) => s.confirmed))
          return broken(7, evidence, 'NO_CONFIRMED_SUBSCRIPTION', data);
        return { state: 'complete', stage: 8, evidence };
      }),
  );
  return bestWalk(walks) ?? broken(5, base, 'NO_SNS_TOPIC', { metric });
}

/**
 * Follows one trail (taken to be logging and recording all management events) through its log group, the
 * CIS filter's metrics and their alarms to a topic with a confirmed subscription.
 */
export function followAlarmChain(inventory: Inventory, trail: Trail): ChainWalk {
  const base = { trail: trail.arn };
  const groupArn = trail.cloudWatchLogsLogGroupArn;
  if (groupArn === undefined) return broken(2, base, 'NO_LOG_GROUP', { trail: trail.name });
  const group = records(inventory.logGroups, 'log groups')[groupArn];
  if (group === undefined) throw new SliceNotCollected(`log group ${groupArn} was not collected`);
  const evidence = { ...base, logGroup: groupArn };
  const presence = readOr(group.presence, `owner of ${groupArn}`, 3, evidence);
  if (!('value' in presence)) return presence;
  if (presence.value.state !== 'owned') return broken(2, evidence, 'NO_LOG_GROUP', { trail: trail.name });
  const { region } = presence.value;
  const filters = readOr(group.metricFilters, `metric filters of ${groupArn}`, 3, evidence);
  if (!('value' in filters)) return filters;
  if (filters.value === null) {
    return broken(3, evidence, 'LOG_GROUP_MISSING', { logGroup: groupArn, trail: trail.name });
  }
  const cisMetrics = filters.value.filter((f) => isCisTrailChangesPattern(f.pattern)).flatMap((f) => f.metrics);
  const metrics = records(inventory.metrics, 'metrics');
  const walks = cisMetrics.map((m): ChainWalk => {
    const key = `${region}|${m.namespace}|${m.name}`;
    const metric = metrics[key];
    if (metric === undefined) throw new SliceNotCollected(`metric ${key} was not collected`);
    const name = `${m.namespace}/${m.name}`;
    const withMetric = { ...evidence, metric: { region, namespace: m.namespace, name: m.name } };
    const alarms = readOr(metric.alarms, `alarms on ${name}`, 4, withMetric);
    if (!('value' in alarms)) return alarms;
    if (alarms.value.length === 0) return broken(4, withMetric, 'NO_ALARM', { metric: name, logGroup: groupArn });
    return followTopics(inventory, alarms.value, withMetric, name);
  });
  return bestWalk(walks) ?? broken(3, evidence, 'NO_METRIC_FILTER', { logGroup: groupArn });
}

/** A multi-Region trail of the account, and whether it can start the chain. */
export interface ChainCandidate {
  trail: Trail;
  logging: Tri;
  recordsAll: Tri;
  /** What keeps it from recording all management events. */
  narrowedBy: string[];
}

/** The account's own multi-Region trails, each with whether it logs and records all management events. */
export function alarmChainCandidates(inventory: Inventory): ChainCandidate[] {
  return allTrails(inventory)
    .filter((t) => t.isMultiRegion && !isForeignTrail(inventory, t))
    .map((trail) => {
      const logging = ownerLogging(inventory, trail);
      const selectors = collected(trail.selectors, `event selectors of ${trail.arn}`);
      const combined = selectors.ok ? combineCoverage(selectorCoverages(selectors.value)) : undefined;
      const recordsAll = test(selectors, () => combined?.all === true);
      return { trail, logging, recordsAll, narrowedBy: combined?.narrowedBy ?? [] };
    });
}

export type AlarmChain =
  | { state: 'complete'; through: ChainEvidence }
  | { state: 'foreign-topic'; topics: string[] }
  | { state: 'unknown'; errors: CollectionError[] }
  | { state: 'broken'; missing: string; through: ChainEvidence | null };

/** The CIS alarm chain of CloudWatch.5: whole, broken (at which link), unreadable, or ending in another account. */
export function cloudTrailChangesAlarm(inventory: Inventory): AlarmChain {
  const candidates = alarmChainCandidates(inventory);
  const starts = candidates.map((c) => and(c.logging, c.recordsAll));
  const walks = candidates.flatMap((c, i) => (starts[i] === true ? [followAlarmChain(inventory, c.trail)] : []));
  const best = bestWalk(walks);
  if (best?.state === 'complete') return { state: 'complete', through: best.evidence };
  const errors = [
    ...starts.flatMap((start) => (isUnknown(start) ? start.errors : [])),
    ...walks.flatMap((w) => (w.state === 'unknown' ? w.errors : [])),
  ];
  if (errors.length > 0 || starts.some(isUnknown)) return { state: 'unknown', errors };
  const foreign = walks.flatMap((w) => (w.state === 'foreign' ? [w.data.topic] : []));
  if (foreign.length > 0) return { state: 'foreign-topic', topics: foreign };
  return best?.state === 'broken'
    ? { state: 'broken', missing: ALARM_CHAIN_LINKS[CHAIN_BREAKS[best.broken]], through: best.evidence }
    : { state: 'broken', missing: ALARM_CHAIN_LINKS[0], through: null };
}

/** An EventBridge rule on CloudTrail's own events, and whether it reaches a target. */
export interface TrailEventRule {
  arn: string;
  /** The watched events (StopLogging, DeleteTrail, UpdateTrail) it matches, every time they happen. */
  watched: string[];
  /** Conditions of its pattern that let only some of those calls through (none when it hears them all). */
  narrowedBy: string[];
  /** Its targets; undefined when they could not be listed. */
  targets: string[] | undefined;
  error?: CollectionError;
}

/**
 * The enabled rules on the default bus of each Region where a multi-Region trail of the account lives that
 * match CloudTrail's own events; `errors` are the buses whose rules could not be listed.
 */
export function trailEventRules(inventory: Inventory): { rules: TrailEventRule[]; errors: CollectionError[] } {
  const regions = new Set(
    allTrails(inventory)
      .filter((t) => t.isMultiRegion && !isForeignTrail(inventory, t))
      .map((t) => t.homeRegion),
  );
  const errors: CollectionError[] = [];
  const rules = [...regions].sort().flatMap((region) => {
    const listed = inventory.eventBuses?.[region]?.rules;
    if (listed === undefined) return [];
    if (!listed.ok) {
      errors.push(listed.error);
      return [];
    }
    return listed.value
      .filter((rule) => rule.state === 'ENABLED')
      .map((rule) => ({
        rule,
        coverage: trailEventCoverage(rule.eventPattern, { account: inventory.account.id, region }),
      }))
      .filter(({ coverage }) => coverage.fromCloudTrail)
      .map(({ rule, coverage }): TrailEventRule => {
        const targets = inventory.eventRules?.[rule.arn]?.targets;
        const base = { arn: rule.arn, watched: watchedEventsCovered(coverage), narrowedBy: coverage.narrowedBy };
        if (targets === undefined) return { ...base, targets: undefined };
        return targets.ok ? { ...base, targets: targets.value } : { ...base, targets: undefined, error: targets.error };
      });
  });
  return { rules, errors };
}
