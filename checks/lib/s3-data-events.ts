/**
 * S3 object-level data events (Security Hub S3.22 for writes, S3.23 for reads): does one logging
 * multi-Region trail record every object write (or read) in every current and future bucket? As AWS Config's
 * cloudtrail-all-write-s3-data-event-check and cloudtrail-all-read-s3-data-event-check decide it, with the
 * shared selector evaluator for advanced selectors.
 */
import { judge, type Finding, type Verdicts } from '../../src/model/check.js';
import type {
  AdvancedEventSelector,
  FieldSelector,
  Inventory,
  Trail,
  TrailSelectors,
} from '../../src/model/inventory.js';
import type { Remediation } from '../../src/model/result.js';
import {
  accountResource,
  allTrails,
  isForeignTrail,
  multiRegionTrailsVisible,
  ownerLogging,
  ownerSelectors,
  selectorsReadByOwner,
} from './resources.js';
import { shellQuote } from './shell.js';
import { fieldMatches, hasConditions } from './selectors.js';
import { and, isUnknown, test, type Tri } from './three-valued.js';
import { unreadableTrails } from './trail-status.js';

export type ObjectEvents = 'write' | 'read';

const S3_OBJECT = 'AWS::S3::Object';

/** The data resource values AWS documents as "all current and future buckets". */
const allBuckets = (partition: string) => [`arn:${partition}:s3`, `arn:${partition}:s3:::`];

/** `field` Equals exactly one value (with no other operator), as eventCategory and resources.type are written. */
const equalsOnly = (selector: FieldSelector, value: string): boolean => {
  const { field: _field, equals, ...others } = selector;
  return equals?.includes(value) === true && Object.values<unknown>(others).every((values) => values === undefined);
};

/** A resources.ARN condition that lets every object of every bucket through: StartsWith the S3 prefix alone. */
const coversEveryObject = (selector: FieldSelector, partition: string): boolean => {
  const { field: _field, startsWith, ...others } = selector;
  return (
    Object.values<unknown>(others).every((values) => values === undefined) &&
    (startsWith ?? []).some((prefix) => allBuckets(partition).includes(prefix))
  );
};

function advancedRecords(selector: AdvancedEventSelector, events: ObjectEvents, partition: string): boolean {
  const fields = selector.fieldSelectors;
  const ofField = (name: string) => fields.filter((f) => f.field === name);
  const category = ofField('eventCategory');
  const type = ofField('resources.type');
  if (category.length === 0 || !category.every((f) => equalsOnly(f, 'Data'))) return false;
  if (type.length === 0 || !type.every((f) => equalsOnly(f, S3_OBJECT))) return false;
  // readOnly = false is a write, true a read; a condition that lets the other kind through only also does not narrow.
  if (!ofField('readOnly').every((f) => fieldMatches(f, events === 'write' ? 'false' : 'true'))) return false;
  if (!ofField('resources.ARN').every((f) => coversEveryObject(f, partition))) return false;
  // Any other condition (eventName, eventSource, userIdentity.arn …) leaves some object events out.
  return fields.every(
    (f) => ['eventCategory', 'resources.type', 'readOnly', 'resources.ARN'].includes(f.field) || !hasConditions(f),
  );
}

/** Whether one of a trail's selectors records every S3 object write (or read) in every bucket. */
export function recordsAllObjectEvents(selectors: TrailSelectors, events: ObjectEvents, partition: string): boolean {
  const readWrite = events === 'write' ? 'WriteOnly' : 'ReadOnly';
  return (
    selectors.eventSelectors.some(
      (s) =>
        (s.readWriteType === 'All' || s.readWriteType === readWrite) &&
        s.dataResources.some(
          (resource) => resource.type === S3_OBJECT && resource.values.some((v) => allBuckets(partition).includes(v)),
        ),
    ) || selectors.advancedEventSelectors.some((s) => advancedRecords(s, events, partition))
  );
}

export const S3_OBJECT_EVENT_REASONS = {
  S3_OBJECT_EVENTS_RECORDED: 'Multi-Region trail {trail} records S3 object-level {events} events for all buckets',
  NO_MULTI_REGION_TRAIL: 'The account has no multi-Region trail',
  S3_OBJECT_EVENTS_NOT_RECORDED: 'No multi-Region trail records S3 object-level {events} events for all buckets',
  S3_OBJECT_EVENTS_TRAIL_NOT_LOGGING:
    'Multi-Region trail {trail} records S3 object-level {events} events but is not logging',
  NO_REGION_SCANNED: 'No Region was scanned',
} as const;

interface Candidate {
  trail: Trail;
  logging: Tri;
  records: Tri;
}

/** One result for the account: the first multi-Region trail that is logging and records every such event. */
export function judgeObjectEvents(
  inventory: Inventory,
  events: ObjectEvents,
  verdict: Verdicts<typeof S3_OBJECT_EVENT_REASONS>,
): Finding[] {
  return [
    judge(accountResource(inventory), () => {
      if (!multiRegionTrailsVisible(inventory)) return verdict.notAvailable([], 'NO_REGION_SCANNED');

      const candidates = allTrails(inventory)
        .filter((t) => t.isMultiRegion)
        .map((trail): Candidate => {
          // An organization trail's status and selectors come from its owner when the scan covers it too.
          const logging = ownerLogging(inventory, trail);
          const selectors = ownerSelectors(inventory, trail);
          const records =
            selectors === undefined
              ? selectorsReadByOwner(trail)
              : test(selectors, (s) => recordsAllObjectEvents(s, events, inventory.account.partition));
          return { trail, logging, records };
        });
      const evidence = {
        candidates: candidates.map((c) => ({
          arn: c.trail.arn,
          homeRegion: c.trail.homeRegion,
          isLogging: isUnknown(c.logging) ? null : c.logging,
          recordsAllObjectEvents: isUnknown(c.records) ? null : c.records,
        })),
      };
      if (candidates.length === 0) return verdict.failed('NO_MULTI_REGION_TRAIL', {}, evidence);
      const qualifying = candidates.find((c) => and(c.logging, c.records) === true);
      if (qualifying !== undefined) {
        return verdict.passed(
          'S3_OBJECT_EVENTS_RECORDED',
          { trail: qualifying.trail.name, events },
          { trail: qualifying.trail.arn, ...evidence },
        );
      }
      const unknown = candidates.filter((c) => isUnknown(and(c.logging, c.records)));
      if (unknown.length > 0) {
        const errors = unknown.flatMap((c) => {
          const combined = and(c.logging, c.records);
          return isUnknown(combined) ? combined.errors : [];
        });
        const elsewhere = unknown.filter((c) => isForeignTrail(inventory, c.trail)).map((c) => c.trail);
        return unreadableTrails(inventory, { unknown: true, errors, undetermined: [] }, elsewhere);
      }
      const stopped = candidates.find((c) => c.records === true);
      if (stopped !== undefined) {
        return verdict.failed('S3_OBJECT_EVENTS_TRAIL_NOT_LOGGING', { trail: stopped.trail.name, events }, evidence);
      }
      return verdict.failed('S3_OBJECT_EVENTS_NOT_RECORDED', { events }, evidence);
    }),
  ];
}

/** The advanced selectors that record all management events and every S3 object write (or read). */
function selectorsJson(events: ObjectEvents): string {
  return JSON.stringify([
    { Name: 'All management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    {
      Name: `S3 object-level ${events} events`,
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: [S3_OBJECT] },
        { Field: 'readOnly', Equals: [events === 'write' ? 'false' : 'true'] },
      ],
    },
  ]);
}

/** The fix: a multi-Region trail that records the events, started if it is not logging. */
export function objectEventsRemediation(finding: Finding, events: ObjectEvents): Omit<Remediation, 'url'> {
  const candidates = (finding.evidence['candidates'] ?? []) as { arn: string; homeRegion: string }[];
  const putSelectors = (trail: string, region: string) =>
    `aws cloudtrail put-event-selectors --trail-name ${trail} --region ${region} --advanced-event-selectors ${shellQuote(selectorsJson(events))}`;
  if (finding.reasonCode === 'S3_OBJECT_EVENTS_TRAIL_NOT_LOGGING') {
    return {
      text: 'Start logging on the multi-Region trail that records the events.',
      commands: candidates.map(
        (c) => `aws cloudtrail start-logging --name ${shellQuote(c.arn)} --region ${shellQuote(c.homeRegion)}`,
      ),
    };
  }
  const cost = 'Data events are charged per event; S3 object events can be numerous.';
  if (candidates.length === 0) {
    return {
      text: `Create a multi-Region trail that records all management events and S3 object-level ${events} events for all buckets, and start it (replace <trail-name>, <log-bucket> and <region>). ${cost}`,
      commands: [
        'aws cloudtrail create-trail --name <trail-name> --s3-bucket-name <log-bucket> --is-multi-region-trail --enable-log-file-validation --region <region>',
        putSelectors('<trail-name>', '<region>'),
        'aws cloudtrail start-logging --name <trail-name> --region <region>',
      ],
    };
  }
  return {
    text:
      `Record S3 object-level ${events} events for all buckets on a multi-Region trail. put-event-selectors ` +
      `replaces the trail's selectors: add any other selectors it has to the list first. ${cost}`,
    commands: candidates.map((c) => putSelectors(shellQuote(c.arn), shellQuote(c.homeRegion))),
  };
}
