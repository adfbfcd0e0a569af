/**
 * The scope shared by the trail-bucket controls (CloudTrail.6, CloudTrail.7): one result per distinct
 * trail bucket; only a bucket owned by the scanned account is evaluated. Like Security Hub, a bucket in
 * another account (a central log archive) gets WARNING, never a verdict, and a deleted bucket is
 * NOT_AVAILABLE, never "public" or "not logged".
 */
import {
  evaluateElsewhere,
  judge,
  notAvailable,
  read,
  warning,
  type Finding,
  type Verdict,
} from '../../src/model/check.js';
import type { Bucket, Inventory, Trail } from '../../src/model/inventory.js';
import { allTrails, bucketResource, trailBuckets, trailResource, unlistedRegionFindings } from './resources.js';

export interface OwnedBucket {
  bucket: Bucket;
  region: string;
  trails: Trail[];
}

export function judgeTrailBuckets(inventory: Inventory, decide: (owned: OwnedBucket) => Verdict): Finding[] {
  const judged = trailBuckets(inventory).map(({ bucket, trails }) =>
    judge(bucketResource(inventory, bucket), () => {
      const trailArns = trails.map((t) => t.arn);
      const presence = read(bucket.presence, `presence of bucket ${bucket.name}`);
      switch (presence.state) {
        case 'missing':
          return notAvailable(
            [presence.observed],
            'S3_BUCKET_MISSING',
            `Bucket ${bucket.name} does not exist: its trails cannot deliver logs there`,
            { trails: trailArns },
          );
        case 'foreign':
          return warning(
            'S3_BUCKET_CROSS_ACCOUNT',
            `Bucket ${bucket.name} belongs to another account: evaluate it in the account that owns it`,
            { trails: trailArns },
            evaluateElsewhere('the account that owns the bucket'),
          );
        case 'owned':
          return decide({ bucket, region: presence.region, trails });
      }
    }),
  );
  // A trail that names no bucket (as some organization trails show in member accounts) cannot be followed.
  const unknownBuckets = allTrails(inventory)
    .filter((trail) => trail.s3BucketName === undefined)
    .map((trail) =>
      judge(trailResource(inventory, trail), () =>
        warning(
          'S3_BUCKET_UNKNOWN',
          `Trail ${trail.name} does not say which bucket it delivers to`,
          { ownerAccountId: trail.ownerAccountId },
          evaluateElsewhere(`account ${trail.ownerAccountId}`),
        ),
      ),
    );
  return [...judged, ...unknownBuckets, ...unlistedRegionFindings(inventory)];
}
