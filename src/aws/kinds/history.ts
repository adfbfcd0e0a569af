/**
 * CloudTrail event history (LookupEvents) of the events that stop, delete or change trails, per Region,
 * over the window the tampering check asks for. LookupEvents takes one attribute per call and allows 2
 * calls per second per Region (the catalogue's limit), so each event name is one paginated lookup.
 */
import type { HistoryEvent, RegionHistory } from '../../model/inventory.js';
import { TAMPERING_EVENTS } from '../../model/monitoring.js';
import { allPages, required } from '../caller.js';
import { OPERATIONS } from '../catalogue.js';
import { regionalKind } from './kind.js';

/** What the event's own record says that LookupEvents does not give as a field. */
function fromRecord(json: string | undefined): { sourceIpAddress: string | null; userAgent: string | null } {
  try {
    const record = JSON.parse(json ?? '{}') as { sourceIPAddress?: unknown; userAgent?: unknown };
    return {
      sourceIpAddress: typeof record.sourceIPAddress === 'string' ? record.sourceIPAddress : null,
      userAgent: typeof record.userAgent === 'string' ? record.userAgent : null,
    };
  } catch {
    return { sourceIpAddress: null, userAgent: null };
  }
}

export const historyKind = regionalKind<RegionHistory>({
  name: 'history',
  field: 'histories',
  reads: [
    {
      slice: 'eventHistory',
      field: 'events',
      operation: OPERATIONS.cloudtrail.LookupEvents,
      plannedCalls: (history) => history.calls ?? TAMPERING_EVENTS.length,
      async run({ caller, historyDays }, history, region) {
        const { LookupEventsCommand } = await import('../sdk/cloudtrail.js');
        const end = new Date();
        const start = new Date(end.getTime() - historyDays * 86_400_000);
        history.since = start.toISOString();
        history.calls = 0;
        const events: HistoryEvent[] = [];
        for (const eventName of TAMPERING_EVENTS) {
          const named = await allPages((token) => {
            history.calls = (history.calls ?? 0) + 1;
            const input = {
              LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: eventName }],
              StartTime: start,
              EndTime: end,
              MaxResults: 50,
              NextToken: token,
            };
            return caller.call(OPERATIONS.cloudtrail.LookupEvents, region, async (cloudtrail, abortSignal) => {
              const answer = await cloudtrail.send(new LookupEventsCommand(input), { abortSignal });
              return {
                items: required(answer.Events, 'LookupEvents', 'Events').map((event): HistoryEvent => ({
                  eventName: required(event.EventName, 'LookupEvents', 'EventName'),
                  time: required(event.EventTime, 'LookupEvents', 'EventTime').toISOString(),
                  resourceNames: (event.Resources ?? []).flatMap((r) =>
                    r.ResourceName === undefined ? [] : [r.ResourceName],
                  ),
                  user: event.Username ?? null,
                  ...fromRecord(event.CloudTrailEvent),
                })),
                next: answer.NextToken,
              };
            });
          });
          if (!named.ok) return named;
          events.push(...named.value);
        }
        events.sort((a, b) => a.time.localeCompare(b.time));
        return { ok: true, value: events };
      },
    },
  ],
});
