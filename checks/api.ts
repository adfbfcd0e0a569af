/**
 * The public check API (`trailscan/check`): everything a check module needs, and all the built-in checks
 * use. Checks are pure: they read the inventory, never AWS, and return a finding for every resource in
 * scope. Versioned with the package under semantic versioning (see the README).
 */
/** zod, for parameter schemas: the instance trailscan validates with, so a plugin needs no copy of its own. */
export * as z from 'zod';
export {
  checkIdProblem,
  collected,
  collectedOr,
  common,
  COMMON_REASONS,
  defineCheck,
  describeErrors,
  evaluateElsewhere,
  formatMessage,
  judge,
  notAvailable,
  read,
  SliceNotCollected,
  SliceUnavailable,
  type Check,
  type CheckDefinition,
  type CheckMetadata,
  type CheckSource,
  type Evidence,
  type Finding,
  type ReasonCode,
  type Reasons,
  type Verdict,
  type Verdicts,
} from '../src/model/check.js';
export type {
  AclGrant,
  AdvancedEventSelector,
  BasicEventSelector,
  Bucket,
  CollectionError,
  Envelope,
  FieldSelector,
  HistoryEvent,
  Inventory,
  Presence,
  PublicAccessBlock,
  Slice,
  Trail,
  TrailSelectors,
  TrailStatus,
} from '../src/model/inventory.js';
export type { Remediation, Resource, ResourceType, Result, Severity, Status } from '../src/model/result.js';
export { shellQuote } from './lib/shell.js';
export type { DigestObject, Integrity, LogFileObject, RegionChain, TrailIntegrity } from '../src/model/integrity.js';
export {
  PROBLEM_KINDS,
  verifyChain,
  type ChainReport,
  type Gap,
  type Problem,
  type ProblemKind,
  type VerifyContext,
} from '../src/integrity/verify.js';
export { analyzeBucketPolicy, type PolicyAnalysis, type PublicStatement } from './lib/bucket-policy.js';
export { judgeTrailBuckets, TRAIL_BUCKET, type OwnedBucket } from './lib/bucket-scope.js';
export {
  conditionTests,
  coversAction,
  coversResource,
  coversService,
  limitedToAccounts,
  namesEveryone,
  namesService,
  policyStatements,
  type AccountKeys,
  type ConditionTest,
  type PolicyStatement,
} from './lib/policy.js';
export { judgeReferences, type OwnedReference, type TrailReference } from './lib/reference-scope.js';
export {
  accountResource,
  allTrails,
  bucketResource,
  isForeignTrail,
  multiRegionTrailsVisible,
  ownerLogging,
  ownerSelectors,
  ownerView,
  regionFlag,
  selectorsReadByOwner,
  trailResource,
  trailsBy,
  unlistedRegionFindings,
} from './lib/resources.js';
export {
  combineCoverage,
  fieldMatches,
  selectorCoverages,
  type CombinedCoverage,
  type ManagementCoverage,
} from './lib/selectors.js';
export { and, isUnknown, not, or, test, undetermined, type Tri, type Unknown } from './lib/three-valued.js';
export {
  ALARM_CHAIN_SLICES,
  alarmChainCandidates,
  bestWalk,
  cloudTrailChangesAlarm,
  followAlarmChain,
  trailEventRules,
  type AlarmChain,
  type ChainBreak,
  type ChainWalk,
  type TrailEventRule,
} from './lib/trail-change-alerts.js';
export { WATCHED_TRAIL_EVENTS } from '../src/model/monitoring.js';
export { judgeTrails } from './lib/trail-scope.js';
export { unreadableTrails } from './lib/trail-status.js';
export type { EventDataStore, KmsKey, LogGroup, Metric, MetricFilter, Topic } from '../src/model/inventory.js';
export { kmsKeyArn } from '../src/model/inventory.js';
export {
  bucketFieldsLeftUnread,
  trailStatusLeftUnread,
  type BucketFieldsLeftUnread,
} from '../src/model/left-unread.js';
export { isCisTrailChangesPattern } from '../src/model/monitoring.js';
export { allEventDataStores, eventDataStoreResource, unlistedEventDataStoreRegions } from './lib/event-data-stores.js';
export {
  judgeObjectEvents,
  objectEventsRemediation,
  recordsAllObjectEvents,
  S3_OBJECT_EVENT_REASONS,
  type ObjectEvents,
} from './lib/s3-data-events.js';
