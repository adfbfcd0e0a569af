/**
 * Whether a change to a trail reaches someone, along the two paths AWS documents: the CIS alarm chain that
 * Security Hub's CloudWatch.5 checks (a multi-Region trail of the account, logging and recording all
 * management events, into a log group of the account whose metric filter has exactly CIS's CloudTrail
 * changes pattern, an alarm on that metric, an SNS topic among its actions with a confirmed subscription),
 * and EventBridge rules on CloudTrail's own events, with a target.
 */
import type { CollectionError, Inventory, Trail } from '../../src/model/inventory.js';
import { isCisTrailChangesPattern, trailEventCoverage, watchedEventsCovered } from '../../src/model/monitoring.js';
import { allTrails, isForeignTrail } from './resources.js';
import { combineCoverage, selectorCoverages } from './selectors.js';

/** The links of the alarm chain, in order; a broken chain names the first one missing. */
export const ALARM_CHAIN_LINKS = [
  'a multi-Region trail of the account that is logging and records all management events',
  'a CloudWatch Logs log group of the account that the trail delivers to',
  'a metric filter on it with exactly the CIS pattern for CloudTrail configuration changes',
  'an alarm on the metric of that filter',
  'an SNS topic among the actions of that alarm',
  'a confirmed subscription to that topic',
] as const;

/** How far one attempt along a path got. */
interface Reach {
  /** The links it has (`ALARM_CHAIN_LINKS.length` when complete). */
  depth: number;
  outcome: 'complete' | 'missing' | 'unknown' | 'foreign';
  errors: CollectionError[];
  /** What it went through: trail, log group, filter, alarm, topic … */
  through: string[];
}

export type AlarmChain =
  | { state: 'complete'; through: string[] }
  | { state: 'foreign-topic'; topics: string[] }
  | { state: 'unknown'; errors: CollectionError[] }
  | { state: 'broken'; missing: string; through: string[] };

const reach = (depth: number, outcome: Reach['outcome'], through: string[], errors: CollectionError[] = []): Reach => ({
  depth,
  outcome,
  errors,
  through,
});

const isTopicArn = (arn: string) => arn.startsWith('arn:') && arn.split(':')[2] === 'sns';

function fromTopic(inventory: Inventory, arn: string, through: string[]): Reach {
  const path = [...through, arn];
  const topic = inventory.topics?.[arn];
  if (topic === undefined || !topic.presence.ok) {
    return reach(5, 'unknown', path, topic?.presence.ok === false ? [topic.presence.error] : []);
  }
  if (topic.presence.value.state === 'foreign') return reach(5, 'foreign', path);
  const subscriptions = topic.subscriptions;
  if (subscriptions === undefined || !subscriptions.ok)
    return reach(5, 'unknown', path, subscriptions ? [subscriptions.error] : []);
  return subscriptions.value?.some((s) => s.confirmed) === true
    ? reach(6, 'complete', path)
    : reach(5, 'missing', path);
}

function fromLogGroup(inventory: Inventory, arn: string, through: string[]): Reach[] {
  const group = inventory.logGroups?.[arn];
  const path = [...through, arn];
  if (group === undefined || !group.presence.ok) {
    return [reach(1, 'unknown', path, group?.presence.ok === false ? [group.presence.error] : [])];
  }
  if (group.presence.value.state !== 'owned') return [reach(1, 'missing', path)];
  const region = group.presence.value.region;
  const filters = group.metricFilters;
  if (filters === undefined || !filters.ok) return [reach(2, 'unknown', path, filters ? [filters.error] : [])];
  // null: the log group does not exist.
  if (filters.value === null) return [reach(1, 'missing', path)];
  const cis = filters.value.filter((f) => isCisTrailChangesPattern(f.pattern));
  if (cis.length === 0) return [reach(2, 'missing', path)];
  return cis.flatMap((filter) =>
    filter.metrics.flatMap((m): Reach[] => {
      const metricPath = [...path, filter.name];
      const alarms = inventory.metrics?.[`${region}|${m.namespace}|${m.name}`]?.alarms;
      if (alarms === undefined || !alarms.ok) return [reach(3, 'unknown', metricPath, alarms ? [alarms.error] : [])];
      if (alarms.value.length === 0) return [reach(3, 'missing', metricPath)];
      return alarms.value.flatMap((alarm) => {
        const topics = alarm.actions.filter(isTopicArn);
        const alarmPath = [...metricPath, alarm.name];
        return topics.length === 0
          ? [reach(4, 'missing', alarmPath)]
          : topics.map((topic) => fromTopic(inventory, topic, alarmPath));
      });
    }),
  );
}

function fromTrail(inventory: Inventory, trail: Trail): Reach[] {
  const through = [trail.arn];
  const { status, selectors } = trail;
  const errors = [status, selectors].flatMap((e) => (e?.ok === false ? [e.error] : []));
  if (status?.ok === true && !status.value.isLogging) return [reach(0, 'missing', through)];
  if (selectors?.ok === true && !combineCoverage(selectorCoverages(selectors.value)).all) {
    return [reach(0, 'missing', through)];
  }
  if (errors.length > 0 || status === undefined || selectors === undefined) {
    return [reach(0, 'unknown', through, errors)];
  }
  const group = trail.cloudWatchLogsLogGroupArn;
  return group === undefined ? [reach(1, 'missing', through)] : fromLogGroup(inventory, group, through);
}

/** The CIS alarm chain of CloudWatch.5: whole, broken (at which link), unreadable, or ending in another account. */
export function cloudTrailChangesAlarm(inventory: Inventory): AlarmChain {
  const trails = allTrails(inventory).filter((t) => t.isMultiRegion && !isForeignTrail(inventory, t));
  const reaches = trails.flatMap((trail) => fromTrail(inventory, trail));
  const complete = reaches.find((r) => r.outcome === 'complete');
  if (complete) return { state: 'complete', through: complete.through };
  const foreign = reaches.filter((r) => r.outcome === 'foreign');
  if (foreign.length > 0) return { state: 'foreign-topic', topics: foreign.map((r) => r.through.at(-1) ?? '') };
  const unknown = reaches.filter((r) => r.outcome === 'unknown');
  if (unknown.length > 0) return { state: 'unknown', errors: unknown.flatMap((r) => r.errors) };
  const deepest = reaches.reduce<Reach | undefined>((best, r) => (best && best.depth >= r.depth ? best : r), undefined);
  const depth = deepest?.depth ?? 0;
  return { state: 'broken', missing: ALARM_CHAIN_LINKS[depth] ?? '', through: deepest?.through ?? [] };
}

/** An EventBridge rule on CloudTrail's own events, and whether it reaches a target. */
export interface TrailEventRule {
  arn: string;
  /** The watched events (StopLogging, DeleteTrail, UpdateTrail) it matches. */
  watched: string[];
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
      .map((rule) => ({ rule, coverage: trailEventCoverage(rule.eventPattern) }))
      .filter(({ coverage }) => coverage.fromCloudTrail)
      .map(({ rule, coverage }): TrailEventRule => {
        const targets = inventory.eventRules?.[rule.arn]?.targets;
        const base = { arn: rule.arn, watched: watchedEventsCovered(coverage) };
        if (targets === undefined) return { ...base, targets: undefined };
        return targets.ok ? { ...base, targets: targets.value } : { ...base, targets: undefined, error: targets.error };
      });
  });
  return { rules, errors };
}
