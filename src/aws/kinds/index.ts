/** Every resource kind trailscan collects, in the order their records are found. */
import { accountPublicAccessKind, bucketKind } from './bucket.js';
import { eventDataStoreKind } from './event-data-store.js';
import { historyKind } from './history.js';
import type { ResourceKind } from './kind.js';
import { kmsKeyKind } from './kms-key.js';
import { eventBusKind, eventRuleKind, logGroupKind, metricKind, topicKind } from './monitoring.js';
import { trailKind } from './trail.js';

export const BUILTIN_KINDS: readonly ResourceKind[] = [
  accountPublicAccessKind,
  trailKind,
  bucketKind,
  eventDataStoreKind,
  kmsKeyKind,
  logGroupKind,
  metricKind,
  topicKind,
  eventBusKind,
  eventRuleKind,
  historyKind,
];
