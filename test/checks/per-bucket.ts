/** Shared tests of the trail-bucket controls (CloudTrail.6, .7): one result per distinct trail bucket. */
import { describe, expect, it } from 'vitest';
import { MISSING_BUCKET, bucket, err, inventory, ok, run, trail } from '../fixtures/inventory.js';

export function describeTrailBucketScope(check: string): void {
  describe(`${check}: which buckets are judged`, () => {
    it('one result per distinct bucket, however many trails share it', () => {
      const inv = inventory({
        trails: [trail(), trail({ name: 'regional', homeRegion: 'eu-west-1', isMultiRegion: false })],
      });
      expect(run(check, inv).map((f) => f.resource.id)).toEqual(['arn:aws:s3:::trail-logs']);
    });

    it('a bucket of another account is a WARNING with advice, not a verdict', () => {
      const [finding] = run(check, inventory({ buckets: [bucket({ presence: ok({ state: 'foreign' }) })] }));
      expect(finding).toMatchObject({
        status: 'WARNING',
        reasonCode: 'S3_BUCKET_CROSS_ACCOUNT',
        remediation: { commands: [] },
      });
    });

    it('a deleted bucket is NOT_AVAILABLE and names the NoSuchBucket answer', () => {
      const [finding] = run(check, inventory({ buckets: [bucket({ presence: MISSING_BUCKET })] }));
      expect(finding).toMatchObject({ status: 'NOT_AVAILABLE', reasonCode: 'S3_BUCKET_MISSING' });
      expect(finding?.errors).toEqual([
        expect.objectContaining({ operation: 's3:GetBucketLocation', code: 'NoSuchBucket' }),
      ]);
    });

    it('a trail that names no bucket is a WARNING of its own, not a silent gap', () => {
      const inv = inventory({ trails: [trail({ s3BucketName: undefined })], buckets: [] });
      expect(run(check, inv)).toEqual([
        expect.objectContaining({
          status: 'WARNING',
          reasonCode: 'S3_BUCKET_UNKNOWN',
          resource: expect.objectContaining({ type: 'AwsCloudTrailTrail' }),
        }),
      ]);
    });

    it('says which Regions it could not list trails (and so buckets) in', () => {
      const inv = inventory();
      inv.trailLists['eu-west-1'] = err('cloudtrail:DescribeTrails', 'eu-west-1');
      expect(run(check, inv).map((f) => [f.status, f.reasonCode, f.resource.region])).toEqual([
        ['PASSED', expect.any(String), 'us-east-1'],
        ['NOT_AVAILABLE', 'TRAILS_NOT_LISTED', 'eu-west-1'],
      ]);
    });
  });
}
