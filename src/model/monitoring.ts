/**
 * What CloudTrail monitoring looks like in CloudWatch Logs metric filters and EventBridge rules. Pure: the
 * collector uses it to follow only the filters and rules about trails, the checks to judge them.
 */

/** The events that change or stop a trail, as CIS's CloudTrail-changes recipe lists them. */
export const CIS_TRAIL_CHANGE_EVENTS = ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'];

/** The events whose delivery to someone proves CloudTrail changes are watched. */
export const WATCHED_TRAIL_EVENTS = ['StopLogging', 'DeleteTrail', 'UpdateTrail'];

/** A metric filter pattern that mentions any trail change: worth following to its alarms. */
export const mentionsTrailChanges = (pattern: string): boolean =>
  CIS_TRAIL_CHANGE_EVENTS.some((event) => new RegExp(`\\b${event}\\b`).test(pattern));

/**
 * Whether a metric filter pattern is exactly CIS's for CloudTrail configuration changes, white space aside:
 * the five `$.eventName = X` terms joined by `||`, in any order, and nothing else (CloudWatch.5).
 */
export function isCisTrailChangesPattern(pattern: string): boolean {
  const compact = pattern.replace(/\s+/g, '');
  const body = /^\{(.*)\}$/.exec(compact)?.[1];
  if (body === undefined) return false;
  const terms = body.split('||');
  const events = terms.map((term) => /^\(\$\.eventName=([A-Za-z]+)\)$/.exec(term)?.[1]);
  if (events.some((event) => event === undefined)) return false;
  const named = new Set(events);
  return named.size === terms.length && CIS_TRAIL_CHANGE_EVENTS.every((event) => named.has(event)) && named.size === 5;
}

/** What an EventBridge event pattern matches of CloudTrail's own API calls. */
export interface TrailEventCoverage {
  /** The pattern matches events from CloudTrail (source aws.cloudtrail). */
  fromCloudTrail: boolean;
  /** The CloudTrail event names it matches: every one, or those listed. */
  eventNames: 'all' | string[];
}

const asList = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);

/**
 * Reads an event pattern (JSON). Only exact-value matching is understood: a pattern using content filters
 * (prefix, anything-but …) on `source` or `detail.eventName` is not counted as covering anything.
 */
export function trailEventCoverage(patternJson: string | null): TrailEventCoverage {
  let pattern: unknown;
  try {
    pattern = patternJson === null ? undefined : JSON.parse(patternJson);
  } catch {
    pattern = undefined;
  }
  if (pattern === null || typeof pattern !== 'object') return { fromCloudTrail: false, eventNames: [] };
  const { source, detail } = pattern as { source?: unknown; detail?: unknown };
  const fromCloudTrail = asList(source)?.includes('aws.cloudtrail') === true;
  const eventName =
    detail !== null && typeof detail === 'object' ? (detail as { eventName?: unknown }).eventName : undefined;
  if (eventName === undefined) return { fromCloudTrail, eventNames: 'all' };
  const names = asList(eventName)?.filter((n): n is string => typeof n === 'string') ?? [];
  return { fromCloudTrail, eventNames: names };
}

/** The watched trail events a pattern lets through. */
export function watchedEventsCovered(coverage: TrailEventCoverage): string[] {
  if (!coverage.fromCloudTrail) return [];
  const { eventNames } = coverage;
  return WATCHED_TRAIL_EVENTS.filter((event) => eventNames === 'all' || eventNames.includes(event));
}

/** The events event history is searched for: what stops, deletes or changes a trail, and restarts it. */
export const TAMPERING_EVENTS = [
  'StopLogging',
  'StartLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutInsightSelectors',
  'DeleteEventDataStore',
  'StopEventDataStoreIngestion',
  'DeregisterOrganizationDelegatedAdmin',
] as const;
