import { describe, expect, it } from 'vitest';
import type { TrailStatus } from '../../src/model/inventory.js';
import { OTHER_ACCOUNT_ID, checkById, err, inventory, ok, run, trail } from '../fixtures/inventory.js';
import { describePerTrailCheck } from './per-trail.js';

const CHECK = 'trailscan.trail-delivering';
// The inventory is collected at 2026-11-20T10:00:00Z.
const status = (fields: Partial<TrailStatus> = {}) =>
  ok({ isLogging: true, latestDeliveryTime: '2026-11-20T09:55:00.000Z', ...fields });

describePerTrailCheck(CHECK, [
  { name: 'delivered 5 minutes ago', trail: trail(), status: 'PASSED', reasonCode: 'TRAIL_DELIVERING' },
  {
    name: 'the bucket refuses delivery',
    trail: trail({ status: status({ latestDeliveryError: 'AccessDenied' }) }),
    status: 'FAILED',
    reasonCode: 'DELIVERY_ERRORS',
  },
  {
    name: 'the KMS key refuses encryption',
    trail: trail({ status: status({ latestDeliveryError: 'InsufficientEncryptionPolicyException' }) }),
    status: 'FAILED',
    reasonCode: 'DELIVERY_ERRORS',
  },
  {
    name: 'digests fail to deliver while validation is on',
    trail: trail({ status: status({ latestDigestDeliveryError: 'NoSuchBucket' }) }),
    status: 'FAILED',
    reasonCode: 'DELIVERY_ERRORS',
  },
  {
    name: 'trap: an old digest error after validation was turned off',
    trail: trail({ logFileValidationEnabled: false, status: status({ latestDigestDeliveryError: 'NoSuchBucket' }) }),
    status: 'PASSED',
    reasonCode: 'TRAIL_DELIVERING',
  },
  {
    name: 'CloudWatch Logs refuses delivery',
    trail: trail({ status: status({ latestCloudWatchLogsDeliveryError: 'AccessDeniedException' }) }),
    status: 'FAILED',
    reasonCode: 'DELIVERY_ERRORS',
  },
  {
    name: 'trap: an old CloudWatch Logs error after the log group was detached',
    trail: trail({
      cloudWatchLogsLogGroupArn: undefined,
      status: status({ latestCloudWatchLogsDeliveryError: 'AccessDeniedException' }),
    }),
    status: 'PASSED',
    reasonCode: 'TRAIL_DELIVERING',
  },
  {
    name: 'SNS notifications fail',
    trail: trail({ status: status({ latestNotificationError: 'AuthorizationError' }) }),
    status: 'FAILED',
    reasonCode: 'DELIVERY_ERRORS',
  },
  {
    name: 'last delivery two days ago',
    trail: trail({ status: status({ latestDeliveryTime: '2026-11-18T09:00:00.000Z' }) }),
    status: 'FAILED',
    reasonCode: 'DELIVERY_STALE',
  },
  {
    name: 'last delivery two days ago, within a week’s limit',
    trail: trail({ status: status({ latestDeliveryTime: '2026-11-18T09:00:00.000Z' }) }),
    params: { maxDeliveryAgeHours: 168 },
    status: 'PASSED',
    reasonCode: 'TRAIL_DELIVERING',
  },
  {
    name: 'logging, never delivered',
    trail: trail({ status: ok({ isLogging: true }) }),
    status: 'FAILED',
    reasonCode: 'NEVER_DELIVERED',
  },
  {
    name: 'an unreadable delivery time',
    trail: trail({ status: status({ latestDeliveryTime: 'yesterday' }) }),
    status: 'WARNING',
    reasonCode: 'DELIVERY_TIME_INVALID',
  },
  {
    name: 'GetTrailStatus denied: it may be logging',
    trail: trail({ status: err('cloudtrail:GetTrailStatus', 'us-east-1') }),
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
]);

describe(`${CHECK}: scope and evidence`, () => {
  it('leaves a trail that is not logging to CloudTrail.1 and .3, whatever its errors', () => {
    const stopped = trail({
      name: 'stopped',
      status: ok({ isLogging: false, latestDeliveryError: 'AccessDenied' }),
    });
    expect(run(CHECK, inventory({ trails: [stopped, trail()] })).map((f) => f.resource.name)).toEqual(['main']);
  });

  it('an organization trail is judged in the management account, even when its status shows here', () => {
    const org = trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    expect(run(CHECK, inventory({ trails: [org] }))).toEqual([
      expect.objectContaining({ status: 'WARNING', reasonCode: 'TRAIL_MANAGED_BY_ANOTHER_ACCOUNT' }),
    ]);
  });

  it('names every error, and shows them with the last delivery as evidence', () => {
    const t = trail({ status: status({ latestDeliveryError: 'AccessDenied', latestNotificationError: 'NotFound' }) });
    const [finding] = run(CHECK, inventory({ trails: [t] }));
    expect(finding?.reason).toBe(
      'Trail main reports delivery errors: S3 delivery: AccessDenied; SNS notification: NotFound',
    );
    expect(finding?.evidence).toEqual({
      latestDeliveryTime: '2026-11-20T09:55:00.000Z',
      latestDeliveryError: 'AccessDenied',
      latestNotificationError: 'NotFound',
    });
  });

  it('says how old the last delivery is', () => {
    const t = trail({ status: status({ latestDeliveryTime: '2026-11-18T09:00:00.000Z' }) });
    expect(run(CHECK, inventory({ trails: [t] }))[0]?.reason).toBe(
      'Trail main last delivered log files 2 days before the scan (limit 24 h)',
    );
    const older = trail({ status: status({ latestDeliveryTime: '2026-11-01T09:00:00.000Z' }) });
    expect(run(CHECK, inventory({ trails: [older] }))[0]?.reason).toContain('19 days before the scan');
  });

  it('the fix starts from the status and the selectors of the trail, in its home Region', () => {
    const [finding] = run(CHECK, inventory({ trails: [trail({ status: status({ latestDeliveryError: 'x' }) })] }));
    expect(finding === undefined ? [] : checkById(CHECK).remediation(finding).commands).toEqual([
      `aws cloudtrail get-trail-status --name ${finding?.resource.id} --region us-east-1`,
      `aws cloudtrail get-event-selectors --trail-name ${finding?.resource.id} --region us-east-1`,
    ]);
  });
});
