import { expect, it } from 'vitest';
import { describePerTrailCheck } from './per-trail.js';
import { checkById, err, ok, trail } from '../fixtures/inventory.js';

const deliveredAt = (time: string) =>
  trail({ status: ok({ isLogging: true, latestCloudWatchLogsDeliveryTime: time }) });

describePerTrailCheck('CloudTrail.5', [
  { name: 'log group set', trail: trail(), status: 'PASSED', reasonCode: 'CLOUDWATCH_LOGS_CONFIGURED' },
  {
    name: 'no log group',
    trail: trail({ cloudWatchLogsLogGroupArn: undefined }),
    status: 'FAILED',
    reasonCode: 'CLOUDWATCH_LOGS_NOT_CONFIGURED',
  },
  {
    name: 'stale delivery passes by default, as in Security Hub',
    trail: deliveredAt('2026-11-01T00:00:00.000Z'),
    status: 'PASSED',
    reasonCode: 'CLOUDWATCH_LOGS_CONFIGURED',
  },
  {
    name: 'stale delivery fails under the CIS v1.x parameter',
    trail: deliveredAt('2026-11-01T00:00:00.000Z'),
    params: { maxDeliveryAgeHours: 24 },
    status: 'FAILED',
    reasonCode: 'CLOUDWATCH_LOGS_DELIVERY_STALE',
  },
  {
    name: 'recent delivery passes under the CIS v1.x parameter',
    trail: deliveredAt('2026-11-20T09:00:00.000Z'),
    params: { maxDeliveryAgeHours: 24 },
    status: 'PASSED',
    reasonCode: 'CLOUDWATCH_LOGS_CONFIGURED',
  },
  {
    name: 'never delivered fails under the CIS v1.x parameter',
    trail: trail({ status: ok({ isLogging: true }) }),
    params: { maxDeliveryAgeHours: 24 },
    status: 'FAILED',
    reasonCode: 'CLOUDWATCH_LOGS_DELIVERY_STALE',
  },
  {
    name: 'trap: a recent S3 delivery is not a CloudWatch Logs delivery',
    trail: trail({
      status: ok({
        isLogging: true,
        latestDeliveryTime: '2026-11-20T09:55:00.000Z',
        latestCloudWatchLogsDeliveryTime: '2026-11-01T00:00:00.000Z',
      }),
    }),
    params: { maxDeliveryAgeHours: 24 },
    status: 'FAILED',
    reasonCode: 'CLOUDWATCH_LOGS_DELIVERY_STALE',
  },
  {
    name: 'trap: a recent S3 delivery and no CloudWatch Logs delivery at all',
    trail: trail({ status: ok({ isLogging: true, latestDeliveryTime: '2026-11-20T09:55:00.000Z' }) }),
    params: { maxDeliveryAgeHours: 24 },
    status: 'FAILED',
    reasonCode: 'CLOUDWATCH_LOGS_DELIVERY_STALE',
  },
  {
    name: 'an unreadable delivery time under the CIS v1.x parameter',
    trail: deliveredAt('yesterday'),
    params: { maxDeliveryAgeHours: 24 },
    status: 'WARNING',
    reasonCode: 'CLOUDWATCH_LOGS_DELIVERY_TIME_INVALID',
  },
  {
    name: 'a delivery time after the scan (clock skew) counts as recent',
    trail: deliveredAt('2026-11-20T10:05:00.000Z'),
    params: { maxDeliveryAgeHours: 24 },
    status: 'PASSED',
    reasonCode: 'CLOUDWATCH_LOGS_CONFIGURED',
  },
  {
    name: 'GetTrailStatus failed under the CIS v1.x parameter',
    trail: trail({ status: err('cloudtrail:GetTrailStatus', 'us-east-1') }),
    params: { maxDeliveryAgeHours: 24 },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
]);

it('CloudTrail.5 reads GetTrailStatus only with the CIS parameter', () => {
  const check = checkById('CloudTrail.5');
  expect(check.needs(check.parameters.parse({}))).toEqual(['trails']);
  expect(check.needs(check.parameters.parse({ maxDeliveryAgeHours: 24 }))).toContain('trailStatus');
});
