/** The scope shared by the trail-bucket controls (CloudTrail.6, CloudTrail.7): one result per distinct trail bucket. */
import type { Finding, Verdict } from '../../src/model/check.js';
import type { Bucket, Inventory, Trail } from '../../src/model/inventory.js';
import { judgeReferences, type TrailReference } from './reference-scope.js';
import { bucketResource } from './resources.js';

export const TRAIL_BUCKET: TrailReference<Bucket> = {
  noun: 'bucket',
  named: (trail) => trail.s3BucketName,
  records: (inventory) => inventory.buckets,
  resource: bucketResource,
  reasons: { missing: 'S3_BUCKET_MISSING', foreign: 'S3_BUCKET_CROSS_ACCOUNT', unnamed: 'S3_BUCKET_UNKNOWN' },
};

export interface OwnedBucket {
  bucket: Bucket;
  region: string;
  trails: Trail[];
}

export function judgeTrailBuckets(inventory: Inventory, decide: (owned: OwnedBucket) => Verdict): Finding[] {
  return judgeReferences(inventory, TRAIL_BUCKET, ({ record, region, trails }) =>
    decide({ bucket: record, region, trails }),
  );
}
