/**
 * Trail tampering history: who stopped, deleted or changed a trail (or its selectors) in the window of
 * CloudTrail event history, when and from where. A trail stopped and never started again, or deleted, is
 * what an intruder covering their tracks leaves behind; the other changes are evidence for an auditor.
 */
import {
  z,
  accountResource,
  collected,
  defineCheck,
  judge,
  read,
  shellQuote,
  type Finding,
  type HistoryEvent,
  type Inventory,
  type Verdict,
  type Verdicts,
} from './api.js';

const reasons = {
  NO_TRAIL_CHANGES: 'No trail was stopped, deleted or changed in {region} since {since}',
  TRAIL_CHANGES_RESOLVED:
    '{count} changes to trails in {region} since {since}; every stopped trail was started again, none was deleted',
  TRAIL_STOPPED_NOT_RESTARTED: 'In {region}: {events}',
  TRAIL_DELETED: 'In {region}: {events}',
} as const;

/** Events listed in a result's evidence; the count says how many more there were. */
const EVIDENCE_EVENTS = 100;
/** Events named in a result's reason. */
const REASON_EVENTS = 3;

/** The trail an event names, by name: calls may name it by ARN (`…:trail/<name>`) or by name. */
const trailOf = (event: HistoryEvent): string | undefined => {
  const [named] = event.resourceNames;
  return named === undefined ? undefined : (named.split(':trail/')[1] ?? named);
};

const describeEvent = (event: HistoryEvent, what: string) =>
  `${event.eventName} of ${trailOf(event) ?? 'an unnamed resource'} at ${event.time} by ${event.user ?? 'an unknown principal'}` +
  `${event.sourceIpAddress === null ? '' : ` from ${event.sourceIpAddress}`}${what}`;

function listed(events: readonly string[]): string {
  const shown = events.slice(0, REASON_EVENTS).join('; ');
  return events.length > REASON_EVENTS ? `${shown}; and ${events.length - REASON_EVENTS} more` : shown;
}

function decide(region: string, inventory: Inventory, verdict: Verdicts<typeof reasons>): Verdict {
  const history = inventory.histories?.[region];
  const events = read(collected(history?.events, `event history of ${region}`), `event history of ${region}`);
  const since = history?.since ?? '';
  // The last StopLogging of each trail, unless a StartLogging came after it. Event times are whole seconds:
  // a StartLogging in the same second as the stop cannot be shown to come after it (a scripted start then
  // stop lands there), so it does not clear the stop.
  const stopped = new Map<string, HistoryEvent>();
  for (const event of events) {
    const trail = trailOf(event);
    if (trail === undefined) continue;
    if (event.eventName === 'StopLogging') stopped.set(trail, event);
    const stop = stopped.get(trail);
    if (event.eventName === 'StartLogging' && stop !== undefined && event.time > stop.time) stopped.delete(trail);
  }
  const deleted = events.filter((e) => e.eventName === 'DeleteTrail');
  const evidence = {
    since,
    events: events.slice(-EVIDENCE_EVENTS).reverse(),
    eventCount: events.length,
    stoppedTrails: [...stopped.keys()],
    deletedTrails: deleted.flatMap((e) => trailOf(e) ?? []),
  };
  const names = { region, since };
  if (stopped.size > 0) {
    const described = [...stopped.values()].map((e) => describeEvent(e, ', never followed by StartLogging'));
    const alsoDeleted = deleted.map((e) => describeEvent(e, ''));
    return verdict.failed(
      'TRAIL_STOPPED_NOT_RESTARTED',
      { region, events: listed([...described, ...alsoDeleted]) },
      evidence,
    );
  }
  if (deleted.length > 0) {
    return verdict.failed(
      'TRAIL_DELETED',
      { region, events: listed(deleted.map((e) => describeEvent(e, ''))) },
      evidence,
    );
  }
  if (events.length === 0) return verdict.passed('NO_TRAIL_CHANGES', names, evidence);
  return verdict.passed('TRAIL_CHANGES_RESOLVED', { ...names, count: events.length }, evidence);
}

function remediation(finding: Finding) {
  const region = shellQuote(finding.resource.region);
  const stopped = (finding.evidence['stoppedTrails'] ?? []) as string[];
  const lookup = (event: string) =>
    `aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=${event} --region ${region}`;
  return {
    text:
      'Find out who made these calls and whether they were meant (the evidence lists principal, time, source ' +
      'IP and user agent). Start every stopped trail again, recreate a deleted one, and limit ' +
      'cloudtrail:StopLogging, DeleteTrail and UpdateTrail to a break-glass role (an SCP does this for an organization).',
    commands: [
      ...stopped.map((trail) => `aws cloudtrail start-logging --name ${shellQuote(trail)} --region ${region}`),
      lookup(finding.reasonCode === 'TRAIL_DELETED' ? 'DeleteTrail' : 'StopLogging'),
    ],
  };
}

export default defineCheck({
  id: 'trailscan.trail-tampering',
  source: 'trailscan',
  title: 'No trail should have been stopped without being started again, or deleted, in the event history window',
  description:
    'With --history [DAYS] only: per Region, CloudTrail event history (LookupEvents, at most 2 requests per second ' +
    'per Region) of StopLogging, StartLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors, ' +
    'DeleteEventDataStore, StopEventDataStoreIngestion and DeregisterOrganizationDelegatedAdmin over the last ' +
    'DAYS days (90, all event history keeps, by default), each with its time, principal, source IP and user ' +
    'agent. Fails when a trail’s last StopLogging has no later StartLogging, or a trail was deleted; otherwise ' +
    'passes with the events as evidence. As the CloudTrail user guide describes event history and its ' +
    'security best practices advise watching these calls. Event times are whole seconds: a StartLogging in the ' +
    'same second as the StopLogging cannot be shown to come after it, and does not clear it.',
  severity: 'HIGH',
  resourceType: 'AwsAccount',
  documentationUrl: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html',
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html',
  ],
  tags: ['cloudtrail'],
  standards: [],
  optIn: 'history',
  compliance: { 'NIST SP 800-53 Rev. 5': ['AU-6', 'AU-9', 'SI-4'] },
  reasons,
  parameters: z.object({}).strict(),
  needs: () => ['eventHistory'],
  remediation,
  evaluate: (inventory, _params, verdict) =>
    inventory.regions.scanned.map((region) =>
      judge(accountResource(inventory, region), () => decide(region, inventory, verdict)),
    ),
});
