/** The registry of built-in checks, sorted by id. */
import type { Check } from './api.js';
import cloudTrail1 from './cloudtrail-1.js';
import cloudTrail2 from './cloudtrail-2.js';
import cloudTrail3 from './cloudtrail-3.js';
import cloudTrail4 from './cloudtrail-4.js';
import cloudTrail5 from './cloudtrail-5.js';
import cloudTrail6 from './cloudtrail-6.js';
import cloudTrail7 from './cloudtrail-7.js';
import cloudTrail9 from './cloudtrail-9.js';
import cloudTrail10 from './cloudtrail-10.js';
import cloudWatch5 from './cloudwatch-5.js';
import kms4 from './kms-4.js';
import s3_22 from './s3-22.js';
import s3_23 from './s3-23.js';
import trailscanDigestChain from './trailscan-digest-chain.js';
import trailscanInsightsEnabled from './trailscan-insights-enabled.js';
import trailscanKmsKeyUsable from './trailscan-kms-key-usable.js';
import trailscanLogBucketDeletionProtection from './trailscan-log-bucket-deletion-protection.js';
import trailscanLogBucketPolicy from './trailscan-log-bucket-policy.js';
import trailscanTrailChangesMonitored from './trailscan-trail-changes-monitored.js';
import trailscanTrailDelivering from './trailscan-trail-delivering.js';
import trailscanTrailTampering from './trailscan-trail-tampering.js';

export const builtinChecks: readonly Check[] = [
  cloudTrail1,
  cloudTrail2,
  cloudTrail3,
  cloudTrail4,
  cloudTrail5,
  cloudTrail6,
  cloudTrail7,
  cloudTrail9,
  cloudTrail10,
  cloudWatch5,
  kms4,
  s3_22,
  s3_23,
  trailscanDigestChain,
  trailscanInsightsEnabled,
  trailscanKmsKeyUsable,
  trailscanLogBucketDeletionProtection,
  trailscanLogBucketPolicy,
  trailscanTrailChangesMonitored,
  trailscanTrailDelivering,
  trailscanTrailTampering,
];

/**
 * The checks `trailscan verify-logs` runs: those that read digest chains. They belong to no standard, so
 * a scan runs them only when named, and it is verify-logs that says which window to read.
 */
export const verifyLogsChecks: readonly Check[] = builtinChecks.filter((c) =>
  c.needs(c.parameters.parse({})).includes('digests'),
);
