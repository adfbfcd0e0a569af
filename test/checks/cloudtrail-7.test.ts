import { describe, expect, it } from 'vitest';
import { describeTrailBucketScope } from './per-bucket.js';
import type { Bucket } from '../../src/model/inventory.js';
import { bucket, err, inventory, ok, run } from '../fixtures/inventory.js';

const cases: { name: string; bucket: Partial<Bucket>; status: string; reasonCode: string }[] = [
  { name: 'access logging on', bucket: {}, status: 'PASSED', reasonCode: 'S3_ACCESS_LOGGING_ENABLED' },
  {
    name: 'access logging off',
    bucket: { logging: ok(null) },
    status: 'FAILED',
    reasonCode: 'S3_ACCESS_LOGGING_DISABLED',
  },
  {
    name: 'GetBucketLogging failed',
    bucket: { logging: err('s3:GetBucketLogging', 'us-east-1') },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
];

describe('CloudTrail.7', () => {
  it.each(cases)('$name → $status $reasonCode', ({ bucket: b, status, reasonCode }) => {
    expect(run('CloudTrail.7', inventory({ buckets: [bucket(b)] }))).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({ type: 'AwsS3Bucket', id: 'arn:aws:s3:::trail-logs' }),
      }),
    ]);
  });

  it('reports the bucket in its own Region', () => {
    const inv = inventory({ buckets: [bucket({ presence: ok({ state: 'owned', region: 'eu-west-1' }) })] });
    expect(run('CloudTrail.7', inv)[0]?.resource.region).toBe('eu-west-1');
  });
});

describeTrailBucketScope('CloudTrail.7');
