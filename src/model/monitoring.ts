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
  /**
   * The pattern's other conditions, which let only some of those calls through (say `detail.errorCode`, or
   * `detail.userIdentity.type`): with any, it cannot be said to hear every stop, deletion or change.
   */
  narrowedBy: string[];
}

/** Where the rule listens: conditions on its own account and Region narrow nothing. */
export interface RuleScope {
  account: string;
  region: string;
}

const asList = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';

/** The detail type of a CloudTrail-recorded API call, and CloudTrail's event source. */
const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
const CLOUDTRAIL_EVENT_SOURCE = 'cloudtrail.amazonaws.com';

function parsePattern(patternJson: string | null): Record<string, unknown> | undefined {
  try {
    const pattern: unknown = patternJson === null ? undefined : JSON.parse(patternJson);
    return isObject(pattern) ? pattern : undefined;
  } catch {
    return undefined;
  }
}

const listsCloudTrail = (source: unknown) => asList(source)?.includes('aws.cloudtrail') === true;

/** Whether an event pattern matches events from CloudTrail (source aws.cloudtrail), however it narrows them. */
export function matchesCloudTrailEvents(patternJson: string | null): boolean {
  return listsCloudTrail(parsePattern(patternJson)?.['source']);
}

/**
 * Reads an event pattern (JSON). Only exact-value matching is understood: a pattern using content filters
 * (prefix, anything-but …) on `source` or `detail.eventName` is not counted as covering anything. Beyond
 * `source` and `detail.eventName`, a condition narrows the rule unless every CloudTrail API call on the rule's
 * bus meets it: `detail-type` listing the API call type, `detail.eventSource` CloudTrail's, `account` and
 * `region` the rule's own.
 */
export function trailEventCoverage(patternJson: string | null, scope: RuleScope): TrailEventCoverage {
  const pattern = parsePattern(patternJson);
  if (pattern === undefined) return { fromCloudTrail: false, eventNames: [], narrowedBy: [] };
  const { source, detail, ...others } = pattern;
  const fromCloudTrail = listsCloudTrail(source);
  const lists = (value: unknown, wanted: string) => asList(value)?.includes(wanted) === true;
  const alwaysMet: Record<string, string> = {
    'detail-type': API_CALL_DETAIL_TYPE,
    account: scope.account,
    region: scope.region,
  };
  const narrowedBy = Object.entries(others)
    .filter(([field, value]) => !(field in alwaysMet && lists(value, alwaysMet[field] ?? '')))
    .map(([field]) => field);
  const { eventName, eventSource, ...otherDetail } = isObject(detail) ? detail : {};
  if (detail !== undefined && !isObject(detail)) narrowedBy.push('detail');
  if (eventSource !== undefined && !lists(eventSource, CLOUDTRAIL_EVENT_SOURCE)) narrowedBy.push('detail.eventSource');
  narrowedBy.push(...Object.keys(otherDetail).map((field) => `detail.${field}`));
  if (eventName === undefined) return { fromCloudTrail, eventNames: 'all', narrowedBy };
  const names = asList(eventName)?.filter((n): n is string => typeof n === 'string') ?? [];
  return { fromCloudTrail, eventNames: names, narrowedBy };
}

/** The watched trail events a pattern lets through, every time they happen. */
export function watchedEventsCovered(coverage: TrailEventCoverage): string[] {
  if (!coverage.fromCloudTrail || coverage.narrowedBy.length > 0) return [];
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
