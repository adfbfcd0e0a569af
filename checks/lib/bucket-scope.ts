/**
 * The scope shared by the trail-bucket controls (CloudTrail.6, CloudTrail.7): one result per distinct
 * trail bucket; only a bucket owned by the scanned account is evaluated. Like Security Hub, a bucket in
 * another account (a central log archive) gets WARNING, never a verdict, and a deleted bucket is
 * NOT_AVAILABLE, never "public" or "not logged".
 */
import { judge, notAvailable, read, warning, type Finding, type Verdict } from '../../src/model/check.js';
import type { Bucket, Inventory, Trail } from '../../src/model/inventory.js';
import { bucketResource, trailBuckets, unlistedRegionFindings } from './resources.js';

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
            [],
            'S3_BUCKET_MISSING',
            `Bucket ${bucket.name} does not exist: its trails cannot deliver logs there`,
            { trails: trailArns },
          );
        case 'foreign':
          return warning(
            'S3_BUCKET_CROSS_ACCOUNT',
            `Bucket ${bucket.name} belongs to another account: evaluate it in the account that owns it`,
            { trails: trailArns },
          );
        case 'owned':
          return decide({ bucket, region: presence.region, trails });
      }
    }),
  );
  return [...judged, ...unlistedRegionFindings(inventory)];
}
