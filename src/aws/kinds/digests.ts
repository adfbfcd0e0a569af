/**
 * Digest verification as collection sees it: not a kind of record but a phase run after the others, for
 * the `digests` slice, over the trails found. It locates each trail's bucket as the bucket kind does (the
 * one ListBuckets of the scan), then lists and reads objects and the Regions' public keys.
 */
import { OPERATIONS, type Operation } from '../catalogue.js';
import type { Slice } from '../../model/inventory.js';
import { bucketKind } from './bucket.js';

export const DIGESTS_PHASE: { slice: Slice; operations: readonly Operation[] } = {
  slice: 'digests',
  operations: [
    ...(bucketKind.source === 'reference' ? bucketKind.locate.operations : []),
    OPERATIONS.cloudtrail.ListPublicKeys,
    OPERATIONS.s3.ListObjectsV2,
    OPERATIONS.s3.GetObject,
  ],
};
