/** Shared table of S3.22 (object writes) and S3.23 (object reads): one result for the account. */
import { describe, expect, it } from 'vitest';
import type { AdvancedEventSelector, Inventory, Trail, TrailSelectors } from '../../src/model/inventory.js';
import {
  ALL_MANAGEMENT,
  OTHER_ACCOUNT_ID,
  advanced,
  basic,
  checkById,
  err,
  inventory,
  ok,
  run,
  trail,
} from '../fixtures/inventory.js';

const S3_OBJECTS = { type: 'AWS::S3::Object', values: ['arn:aws:s3'] };
const data = (...more: AdvancedEventSelector['fieldSelectors']): AdvancedEventSelector => ({
  name: 'S3 objects',
  fieldSelectors: [
    { field: 'eventCategory', equals: ['Data'] },
    { field: 'resources.type', equals: ['AWS::S3::Object'] },
    ...more,
  ],
});
const MANAGEMENT = { name: 'Management', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] };
const withSelectors = (selectors: TrailSelectors, overrides: Partial<Trail> = {}) =>
  trail({ selectors: ok(selectors), ...overrides });

type Verdict = [status: string, reasonCode: string];
const RECORDED: Verdict = ['PASSED', 'S3_OBJECT_EVENTS_RECORDED'];
const NOT_RECORDED: Verdict = ['FAILED', 'S3_OBJECT_EVENTS_NOT_RECORDED'];

interface Case {
  name: string;
  trails: Trail[];
  /** What the owner of an organization trail read of it, when the scan covers the owner too. */
  ownerViews?: Inventory['ownerViews'];
  write: Verdict;
  read: Verdict;
}

const ORGANIZATION_TRAIL = trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true, selectors: undefined });

const CASES: Case[] = [
  { name: 'management events only', trails: [withSelectors(ALL_MANAGEMENT)], write: NOT_RECORDED, read: NOT_RECORDED },
  {
    name: 'basic: all buckets (arn:aws:s3), reads and writes',
    trails: [withSelectors(basic({ dataResources: [S3_OBJECTS] }))],
    write: RECORDED,
    read: RECORDED,
  },
  {
    name: 'basic: all buckets written as arn:aws:s3:::',
    trails: [withSelectors(basic({ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::'] }] }))],
    write: RECORDED,
    read: RECORDED,
  },
  {
    name: 'basic: WriteOnly',
    trails: [withSelectors(basic({ readWriteType: 'WriteOnly', dataResources: [S3_OBJECTS] }))],
    write: RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'basic: ReadOnly',
    trails: [withSelectors(basic({ readWriteType: 'ReadOnly', dataResources: [S3_OBJECTS] }))],
    write: NOT_RECORDED,
    read: RECORDED,
  },
  {
    name: 'basic: one bucket is not all buckets',
    trails: [withSelectors(basic({ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::payroll/'] }] }))],
    write: NOT_RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'basic: another partition’s prefix',
    trails: [withSelectors(basic({ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws-cn:s3'] }] }))],
    write: NOT_RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'basic: Lambda data events are not S3 object events',
    trails: [withSelectors(basic({ dataResources: [{ type: 'AWS::Lambda::Function', values: ['arn:aws:lambda'] }] }))],
    write: NOT_RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'advanced: S3 object data events, no readOnly',
    trails: [withSelectors(advanced(MANAGEMENT, data()))],
    write: RECORDED,
    read: RECORDED,
  },
  {
    name: 'advanced: readOnly Equals false records writes only',
    trails: [withSelectors(advanced(data({ field: 'readOnly', equals: ['false'] })))],
    write: RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'advanced: readOnly NotEquals false records reads only',
    trails: [withSelectors(advanced(data({ field: 'readOnly', notEquals: ['false'] })))],
    write: NOT_RECORDED,
    read: RECORDED,
  },
  {
    name: 'advanced: resources.ARN StartsWith one bucket narrows it',
    trails: [withSelectors(advanced(data({ field: 'resources.ARN', startsWith: ['arn:aws:s3:::payroll/'] })))],
    write: NOT_RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'advanced: resources.ARN StartsWith the S3 prefix alone covers every bucket',
    trails: [withSelectors(advanced(data({ field: 'resources.ARN', startsWith: ['arn:aws:s3:::'] })))],
    write: RECORDED,
    read: RECORDED,
  },
  {
    name: 'advanced: resources.ARN NotStartsWith one bucket leaves it out',
    trails: [withSelectors(advanced(data({ field: 'resources.ARN', notStartsWith: ['arn:aws:s3:::scratch/'] })))],
    write: NOT_RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'advanced: an eventName condition narrows it',
    trails: [withSelectors(advanced(data({ field: 'eventName', equals: ['PutObject', 'GetObject'] })))],
    write: NOT_RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'advanced: S3 object data events of another resource type',
    trails: [
      withSelectors(
        advanced({
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3Express::Object'] },
          ],
        }),
      ),
    ],
    write: NOT_RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'a single-Region trail records them: not multi-Region',
    trails: [withSelectors(advanced(data()), { isMultiRegion: false })],
    write: ['FAILED', 'NO_MULTI_REGION_TRAIL'],
    read: ['FAILED', 'NO_MULTI_REGION_TRAIL'],
  },
  {
    name: 'the multi-Region trail that records them is not logging',
    trails: [withSelectors(advanced(data()), { status: ok({ isLogging: false }) })],
    write: ['FAILED', 'S3_OBJECT_EVENTS_TRAIL_NOT_LOGGING'],
    read: ['FAILED', 'S3_OBJECT_EVENTS_TRAIL_NOT_LOGGING'],
  },
  {
    name: 'one trail records them, another is logging: not on the same trail',
    trails: [
      withSelectors(advanced(data()), { name: 'data', status: ok({ isLogging: false }) }),
      withSelectors(ALL_MANAGEMENT, { name: 'management' }),
    ],
    write: ['FAILED', 'S3_OBJECT_EVENTS_TRAIL_NOT_LOGGING'],
    read: ['FAILED', 'S3_OBJECT_EVENTS_TRAIL_NOT_LOGGING'],
  },
  {
    name: 'selectors refused',
    trails: [trail({ selectors: err('cloudtrail:GetEventSelectors', 'us-east-1', 'AccessDeniedException') })],
    write: ['NOT_AVAILABLE', 'API_ERROR'],
    read: ['NOT_AVAILABLE', 'API_ERROR'],
  },
  {
    name: 'status refused, selectors record them',
    trails: [withSelectors(advanced(data()), { status: err('cloudtrail:GetTrailStatus', 'us-east-1') })],
    write: ['NOT_AVAILABLE', 'API_ERROR'],
    read: ['NOT_AVAILABLE', 'API_ERROR'],
  },
  {
    name: 'status refused, selectors do not record them: FAILED whatever the status',
    trails: [withSelectors(ALL_MANAGEMENT, { status: err('cloudtrail:GetTrailStatus', 'us-east-1') })],
    write: NOT_RECORDED,
    read: NOT_RECORDED,
  },
  {
    name: 'an organization trail seen from a member: its selectors are read in the management account',
    trails: [ORGANIZATION_TRAIL],
    write: ['WARNING', 'ORGANIZATION_TRAIL_UNREADABLE'],
    read: ['WARNING', 'ORGANIZATION_TRAIL_UNREADABLE'],
  },
  {
    name: 'an organization trail its owner, scanned too, reads as recording them: the member passes',
    trails: [ORGANIZATION_TRAIL],
    ownerViews: { [ORGANIZATION_TRAIL.arn]: { status: ok({ isLogging: true }), selectors: ok(advanced(data())) } },
    write: RECORDED,
    read: RECORDED,
  },
  {
    name: 'an organization trail its owner reads as management events only: the member fails',
    trails: [ORGANIZATION_TRAIL],
    ownerViews: { [ORGANIZATION_TRAIL.arn]: { status: ok({ isLogging: true }), selectors: ok(ALL_MANAGEMENT) } },
    write: NOT_RECORDED,
    read: NOT_RECORDED,
  },
  {
    // The member's own reading of the status says logging; the owner's is the truth.
    name: 'an organization trail recording them that its owner reads as stopped',
    trails: [{ ...ORGANIZATION_TRAIL, status: ok({ isLogging: true }) }],
    ownerViews: { [ORGANIZATION_TRAIL.arn]: { status: ok({ isLogging: false }), selectors: ok(advanced(data())) } },
    write: ['FAILED', 'S3_OBJECT_EVENTS_TRAIL_NOT_LOGGING'],
    read: ['FAILED', 'S3_OBJECT_EVENTS_TRAIL_NOT_LOGGING'],
  },
  {
    name: 'no trail at all',
    trails: [],
    write: ['FAILED', 'NO_MULTI_REGION_TRAIL'],
    read: ['FAILED', 'NO_MULTI_REGION_TRAIL'],
  },
];

export function describeObjectEventsCheck(check: 'S3.22' | 'S3.23'): void {
  const events = check === 'S3.22' ? 'write' : 'read';
  describe(check, () => {
    it('passes the healthy account of the fixtures', () => {
      expect(run(check, inventory())[0]).toMatchObject({ status: 'PASSED', reasonCode: 'S3_OBJECT_EVENTS_RECORDED' });
    });

    it.each(CASES)('$name', ({ trails, ownerViews, write, read }) => {
      const [status, reasonCode] = events === 'write' ? write : read;
      expect(run(check, { ...inventory({ trails }), ...(ownerViews === undefined ? {} : { ownerViews }) })).toEqual([
        expect.objectContaining({ status, reasonCode, resource: expect.objectContaining({ type: 'AwsAccount' }) }),
      ]);
    });

    it('takes the scanned partition’s prefix for all buckets', () => {
      const inv = inventory({
        trails: [withSelectors(basic({ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws-us-gov:s3'] }] }))],
      });
      inv.account = { ...inv.account, partition: 'aws-us-gov' };
      expect(run(check, inv)[0]).toMatchObject({ status: 'PASSED' });
    });

    it('is NOT_AVAILABLE when no Region was scanned, and when no Region’s trails could be listed', () => {
      expect(run(check, inventory({ regions: [] }))[0]).toMatchObject({
        status: 'NOT_AVAILABLE',
        reasonCode: 'NO_REGION_SCANNED',
      });
      const inv = inventory({ regions: ['us-east-1'] });
      inv.trailLists['us-east-1'] = err('cloudtrail:DescribeTrails', 'us-east-1');
      expect(run(check, inv)[0]).toMatchObject({ status: 'NOT_AVAILABLE', reasonCode: 'API_ERROR' });
    });

    it('fixes a trail with one call that keeps management events and adds the object events', () => {
      const [finding] = run(check, inventory({ trails: [withSelectors(ALL_MANAGEMENT)] }));
      const fix = checkById(check).remediation(finding!);
      expect(fix.commands).toHaveLength(1);
      expect(fix.commands[0]).toContain(`--trail-name ${trail().arn} --region us-east-1 --advanced-event-selectors`);
      expect(fix.commands[0]).toContain(`"Equals":["Management"]`);
      expect(fix.commands[0]).toContain(`{"Field":"readOnly","Equals":["${events === 'write' ? 'false' : 'true'}"]}`);
      expect(fix.text).toMatch(/replaces the trail's selectors/);
    });
  });
}
