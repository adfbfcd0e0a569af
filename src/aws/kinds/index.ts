/** Every resource kind trailscan collects, in the order their records are found. */
import { accountPublicAccessKind, bucketKind } from './bucket.js';
import type { ResourceKind } from './kind.js';
import { trailKind } from './trail.js';

export const BUILTIN_KINDS: readonly ResourceKind[] = [accountPublicAccessKind, trailKind, bucketKind];
