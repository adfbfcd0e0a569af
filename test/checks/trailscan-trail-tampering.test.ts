import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/model/inventory.js';
import { ACCOUNT_ID, TRAIL_ARN, checkById, err, history, inventory, ok, run } from '../fixtures/inventory.js';

const CHECK = 'trailscan.trail-tampering';

const event = (eventName: string, time: string, resourceName: string | null = 'main'): HistoryEvent => ({
  eventName,
  time: `2026-11-${time}:00.000Z`,
  resourceNames: resourceName === null ? [] : [resourceName],
  user: 'mallory',
  sourceIpAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.15.0',
});

const cases: { name: string; events: HistoryEvent[]; status: string; reasonCode: string }[] = [
  { name: 'nothing happened', events: [], status: 'PASSED', reasonCode: 'NO_TRAIL_CHANGES' },
  {
    name: 'stopped, then started again',
    events: [event('StopLogging', '10T01:00'), event('StartLogging', '10T01:05')],
    status: 'PASSED',
    reasonCode: 'TRAIL_CHANGES_RESOLVED',
  },
  {
    name: 'selectors and settings changed: evidence, not a failure',
    events: [event('PutEventSelectors', '10T01:00'), event('UpdateTrail', '11T02:00')],
    status: 'PASSED',
    reasonCode: 'TRAIL_CHANGES_RESOLVED',
  },
  {
    name: 'stopped and never started again',
    events: [event('StopLogging', '10T01:00')],
    status: 'FAILED',
    reasonCode: 'TRAIL_STOPPED_NOT_RESTARTED',
  },
  {
    name: 'trap: started, then stopped again: the last stop counts',
    events: [event('StopLogging', '10T01:00'), event('StartLogging', '10T01:05'), event('StopLogging', '12T03:00')],
    status: 'FAILED',
    reasonCode: 'TRAIL_STOPPED_NOT_RESTARTED',
  },
  {
    name: 'trap: a start in the same second as the stop cannot be shown to come after it (a scripted start, stop)',
    events: [event('StopLogging', '10T01:00'), event('StartLogging', '10T01:00')],
    status: 'FAILED',
    reasonCode: 'TRAIL_STOPPED_NOT_RESTARTED',
  },
  {
    name: 'a start a second after the stop restarts it',
    events: [
      event('StopLogging', '10T01:00'),
      { ...event('StartLogging', '10T01:00'), time: '2026-11-10T01:00:01.000Z' },
    ],
    status: 'PASSED',
    reasonCode: 'TRAIL_CHANGES_RESOLVED',
  },
  {
    name: 'trap: stopped by ARN, started by name: the same trail',
    events: [event('StopLogging', '10T01:00', TRAIL_ARN), event('StartLogging', '10T01:05', 'main')],
    status: 'PASSED',
    reasonCode: 'TRAIL_CHANGES_RESOLVED',
  },
  {
    name: 'trap: another trail started does not restart the stopped one',
    events: [event('StopLogging', '10T01:00', 'main'), event('StartLogging', '10T01:05', 'other')],
    status: 'FAILED',
    reasonCode: 'TRAIL_STOPPED_NOT_RESTARTED',
  },
  {
    name: 'a trail deleted',
    events: [event('DeleteTrail', '10T01:00')],
    status: 'FAILED',
    reasonCode: 'TRAIL_DELETED',
  },
  {
    name: 'the delegated administrator deregistered, with no resource name',
    events: [event('DeregisterOrganizationDelegatedAdmin', '10T01:00', null)],
    status: 'PASSED',
    reasonCode: 'TRAIL_CHANGES_RESOLVED',
  },
];

describe(CHECK, () => {
  it.each(cases)('$name → $status $reasonCode', ({ events, status, reasonCode }) => {
    const inv = inventory({ regions: ['us-east-1'], histories: [history({ events: ok(events) })] });
    expect(run(CHECK, inv)).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({
          type: 'AwsAccount',
          id: `AWS::::Account:${ACCOUNT_ID}`,
          region: 'us-east-1',
        }),
      }),
    ]);
  });

  it('LookupEvents throttled after retries: NOT_AVAILABLE for that Region only', () => {
    const inv = inventory({
      regions: ['us-east-1', 'eu-west-1'],
      histories: [
        history(),
        history({ region: 'eu-west-1', events: err('cloudtrail:LookupEvents', 'eu-west-1', 'ThrottlingException') }),
      ],
    });
    expect(run(CHECK, inv).map((f) => [f.resource.region, f.status, f.reasonCode])).toEqual([
      ['us-east-1', 'PASSED', 'NO_TRAIL_CHANGES'],
      ['eu-west-1', 'NOT_AVAILABLE', 'API_ERROR'],
    ]);
  });

  it('says who stopped which trail, when and from where, and lists the events, newest first', () => {
    const events = [
      event('UpdateTrail', '09T00:00'),
      event('StopLogging', '10T01:00'),
      event('DeleteTrail', '11T02:00', 'old'),
    ];
    const [finding] = run(CHECK, inventory({ regions: ['us-east-1'], histories: [history({ events: ok(events) })] }));
    expect(finding?.reason).toBe(
      'In us-east-1: StopLogging of main at 2026-11-10T01:00:00.000Z by mallory from 198.51.100.7, never followed by ' +
        'StartLogging; DeleteTrail of old at 2026-11-11T02:00:00.000Z by mallory from 198.51.100.7',
    );
    expect(finding?.evidence).toMatchObject({
      since: '2026-08-22T10:00:00.000Z',
      eventCount: 3,
      stoppedTrails: ['main'],
      deletedTrails: ['old'],
      events: [...events].reverse(),
    });
    expect(finding === undefined ? [] : checkById(CHECK).remediation(finding).commands).toEqual([
      'aws cloudtrail start-logging --name main --region us-east-1',
      'aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=StopLogging --region us-east-1',
    ]);
  });

  it('is opt-in: no standard runs it without --history', () => {
    expect(checkById(CHECK)).toMatchObject({ optIn: 'history', standards: [] });
  });
});
