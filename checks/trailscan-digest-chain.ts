/**
 * Digest chain intact (trailscan's own check, run by `trailscan verify-logs`): per trail and Region, the
 * digests of the window are all there, signed by CloudTrail and chained, and — with --verify-log-files —
 * every log file they list is unchanged. CloudTrail.4 only says validation is on; this says what it found.
 */
import { z } from 'zod';
import {
  defineCheck,
  evaluateElsewhere,
  failed,
  notAvailable,
  passed,
  SliceNotCollected,
  warning,
  type Finding,
  type Verdict,
} from '../src/model/check.js';
import type { Inventory, Trail } from '../src/model/inventory.js';
import type { Integrity, RegionChain } from '../src/model/integrity.js';
import {
  PROBLEM_KINDS,
  verifyChain,
  type ChainReport,
  type Problem,
  type VerifyContext,
} from '../src/integrity/verify.js';
import { allTrails, trailResource, unlistedRegionFindings } from './lib/resources.js';

/** Problems listed in a result's evidence; the count says how many more there were. */
const EVIDENCE_PROBLEMS = 100;

const describeProblem = (p: Problem) =>
  `${PROBLEM_KINDS[p.kind]}: ${p.object}${p.time === undefined ? '' : ` (${p.time})`}`;

function verdictOf(
  report: ChainReport,
  region: string,
  bucketOwner: string,
  evidence: Record<string, unknown>,
): Verdict {
  if (report.unreadable.length > 0 && report.unreadable.every((e) => e.code === 'NoSuchBucket')) {
    return failed('BUCKET_MISSING', `The trail's bucket does not exist: its digests and logs in ${region} are gone`, {
      ...evidence,
      errors: report.unreadable,
    });
  }
  if (report.unreadable.length > 0) {
    const denied = report.unreadable.every((e) => e.operation.startsWith('s3:') && e.code === 'AccessDenied');
    if (bucketOwner === 'other' && denied) {
      return warning(
        'S3_BUCKET_CROSS_ACCOUNT',
        `The digests in ${region} are in a bucket of another account that these credentials cannot read`,
        { ...evidence, errors: report.unreadable },
        evaluateElsewhere('the account that owns the log bucket'),
      );
    }
    return notAvailable(report.unreadable, 'API_ERROR', undefined, evidence);
  }
  if (report.problems.length > 0) {
    const kinds = [...new Set(report.problems.map((p) => p.kind))];
    const shown = report.problems.slice(0, 3).map(describeProblem).join('; ');
    const more = report.problems.length > 3 ? `; and ${report.problems.length - 3} more` : '';
    return failed(
      kinds.length === 1 && kinds[0] !== undefined ? kinds[0] : 'INTEGRITY_VIOLATIONS',
      `${report.problems.length} integrity problem${report.problems.length === 1 ? '' : 's'} in ${region}: ${shown}${more}`,
      evidence,
    );
  }
  if (report.digests.valid === 0) {
    return warning(
      'NO_DIGESTS_IN_WINDOW',
      `No digest was delivered in ${region} in the window: the trail was not logging (or validation was off) then`,
      evidence,
    );
  }
  const checked = `${report.digests.valid} digests${report.logFiles.verified > 0 ? ` and ${report.logFiles.verified} log files` : ''}`;
  if (report.gaps.length > 0) {
    const gaps = report.gaps.map((g) => `${g.from} to ${g.to}`).join(', ');
    return passed(
      'DIGEST_CHAIN_INTACT_WITH_GAPS',
      `${checked} in ${region} verified; no digests from ${gaps}: logging or validation was off, the chain restarts after`,
      evidence,
    );
  }
  return passed('DIGEST_CHAIN_INTACT', `${checked} in ${region} verified, chained without a break`, evidence);
}

/** Where a trail's log files land in a Region: other trails writing there share the folder. */
const logFolderOf = (trail: Trail) => `${trail.s3BucketName ?? ''}/${trail.s3KeyPrefix ?? ''}`;
const deliversIn = (trail: Trail, region: string) => trail.isMultiRegion || trail.homeRegion === region;

/** What the verification of one chain needs to know beyond the chain itself. */
function contextFor(inventory: Inventory, integrity: Integrity, trail: Trail, region: string): VerifyContext {
  const status = trail.status?.ok === true ? trail.status.value : undefined;
  const sharing = allTrails(inventory).filter(
    (t) => t.arn !== trail.arn && logFolderOf(t) === logFolderOf(trail) && deliversIn(t, region),
  );
  const chainOf = (t: Trail): RegionChain | undefined => integrity.trails[t.arn]?.regions[region];
  const listedByOtherTrails = new Set(
    sharing.flatMap((t) =>
      (chainOf(t)?.digests ?? []).flatMap((d) =>
        d.read.state === 'read' ? d.read.content.logFiles.map((f) => `${f.s3Bucket}/${f.s3Object}`) : [],
      ),
    ),
  );
  return {
    window: { start: new Date(integrity.window.start), end: new Date(integrity.window.end) },
    verifyLogFiles: integrity.verifyLogFiles,
    logging: status?.isLogging,
    collectedAt: new Date(inventory.collectedAt),
    listedByOtherTrails,
    unverifiedTrailsSharingLogs: sharing.filter((t) => chainOf(t) === undefined).map((t) => t.arn),
  };
}

function judgeTrail(inventory: Inventory, integrity: Integrity, trail: Trail): Finding[] {
  const record = integrity.trails[trail.arn];
  if (record === undefined) return [];
  const resource = trailResource(inventory, trail);
  if (trail.ownerAccountId !== inventory.account.id) {
    return [
      {
        resource,
        ...warning(
          'TRAIL_MANAGED_BY_ANOTHER_ACCOUNT',
          `Trail ${trail.name} is an organization trail of account ${trail.ownerAccountId}: verify its digests there`,
          { ownerAccountId: trail.ownerAccountId },
          evaluateElsewhere(`account ${trail.ownerAccountId}`),
        ),
      },
    ];
  }
  if (!trail.logFileValidationEnabled) {
    return [
      {
        resource,
        ...warning(
          'LOG_FILE_VALIDATION_DISABLED',
          `Trail ${trail.name} has log file validation disabled: there are no digests to verify (see CloudTrail.4)`,
        ),
      },
    ];
  }
  return Object.entries(record.regions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, chain]) => {
      const report = verifyChain(chain, contextFor(inventory, integrity, trail, region));
      const evidence = {
        window: integrity.window,
        ...(report.covered === undefined ? {} : { covered: report.covered }),
        digestsVerified: report.digests.valid,
        backfillDigestsVerified: report.digests.backfill,
        logFilesListed: report.logFiles.listed,
        logFilesVerified: integrity.verifyLogFiles ? report.logFiles.verified : 'not verified (--verify-log-files)',
        gaps: report.gaps,
        problems: report.problems.slice(0, EVIDENCE_PROBLEMS),
        ...(report.problems.length > EVIDENCE_PROBLEMS ? { problemCount: report.problems.length } : {}),
        ...(report.unlistedNotChecked === undefined ? {} : { unlistedLogFilesNotChecked: report.unlistedNotChecked }),
      };
      return { resource: { ...resource, region }, ...verdictOf(report, region, record.bucketOwner, evidence) };
    });
}

export const trailscanDigestChain = defineCheck({
  id: 'trailscan.digest-chain',
  title: 'CloudTrail digest chain should be intact',
  description:
    'Verifies the digest files CloudTrail delivered in the window, per trail and Region, as AWS documents: ' +
    'each present, where CloudTrail put it, signed SHA256withRSA by the Region key ListPublicKeys gives for ' +
    'its fingerprint, and chained to its predecessor by previousDigestSignature and previousDigestHashValue; ' +
    'with --verify-log-files, every listed log file hashes to its SHA-256 and no log file is left unlisted. ' +
    'Periods when the trail was not logging are gaps, not failures.',
  severity: 'HIGH',
  resourceType: 'AwsCloudTrailTrail',
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html',
  ],
  compliance: {},
  parameters: z.object({}),
  needs: () => ['trails', 'trailStatus', 'digests'],
  remediation: (finding) => {
    const { window } = finding.evidence as { window?: { start: string; end: string } };
    const range = window === undefined ? '' : ` --start-time ${window.start} --end-time ${window.end}`;
    return {
      text:
        'Find who deleted or changed the objects (S3 server access logs, CloudTrail data events on the bucket), ' +
        'restore them from a replica or earlier versions, and protect the bucket against deletion (Object Lock, ' +
        'or versioning with MFA delete). The AWS CLI shows the same chain:',
      commands: [
        `aws cloudtrail validate-logs --trail-arn ${finding.resource.id}${range} --region ${finding.resource.region} --verbose`,
      ],
    };
  },
  evaluate: (inventory) => {
    const { integrity } = inventory;
    if (integrity === undefined) throw new SliceNotCollected('the digest chains were not collected');
    return [
      ...allTrails(inventory).flatMap((trail) => judgeTrail(inventory, integrity, trail)),
      ...unlistedRegionFindings(inventory),
    ];
  },
});
