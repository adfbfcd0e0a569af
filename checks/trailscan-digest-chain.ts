/**
 * Digest chain intact (trailscan's own check, run by `trailscan verify-logs`): per trail and Region, the
 * digests of the window are all there, signed by CloudTrail and chained, and — with --verify-log-files —
 * every log file they list is unchanged. CloudTrail.4 only says validation is on; this says what it found.
 */
import {
  allTrails,
  common,
  defineCheck,
  describeErrors,
  evaluateElsewhere,
  isForeignTrail,
  PROBLEM_KINDS,
  shellQuote,
  SliceNotCollected,
  trailResource,
  unlistedRegionFindings,
  verifyChain,
  z,
  type ChainReport,
  type Evidence,
  type Finding,
  type Integrity,
  type Inventory,
  type Problem,
  type ProblemKind,
  type RegionChain,
  type Trail,
  type Verdict,
  type Verdicts,
  type VerifyContext,
} from './api.js';

/** Problems listed in a result's evidence; the count says how many more there were. */
const EVIDENCE_PROBLEMS = 100;
/** Problems named in a result's reason. */
const REASON_PROBLEMS = 3;

/** One message for every kind of damage: the reason code says which kind, the message names the objects. */
const DAMAGED = 'Trail {trail} in {region}: {problems}';

const reasons = {
  DIGEST_CHAIN_INTACT: 'Trail {trail} in {region}: {verified} verified, chained without a break',
  DIGEST_CHAIN_INTACT_WITH_GAPS:
    'Trail {trail} in {region}: {verified} verified; no digests from {gaps}: logging or validation was off, the chain restarts after',
  NO_DIGESTS_IN_WINDOW:
    'Trail {trail} delivered no digest in {region} in the window: it was not logging, or validation was off, then',
  LOG_FILE_VALIDATION_DISABLED:
    'Trail {trail} has log file validation disabled: there are no digests to verify (see CloudTrail.4)',
  BUCKET_MISSING: 'Bucket {bucket} of trail {trail} does not exist: its digests and log files in {region} are gone',
  INTEGRITY_VIOLATIONS: DAMAGED,
  DIGEST_MISSING: DAMAGED,
  DIGEST_MALFORMED: DAMAGED,
  DIGEST_MOVED: DAMAGED,
  DIGEST_ACCOUNT_MISMATCH: DAMAGED,
  DIGEST_UNSIGNED: DAMAGED,
  DIGEST_ALGORITHM_UNEXPECTED: DAMAGED,
  DIGEST_PUBLIC_KEY_UNKNOWN: DAMAGED,
  DIGEST_PUBLIC_KEY_UNUSABLE: DAMAGED,
  DIGEST_SIGNATURE_INVALID: DAMAGED,
  DIGEST_CHAIN_BROKEN: DAMAGED,
  DIGEST_OUT_OF_CHAIN: DAMAGED,
  DIGESTS_STOPPED: DAMAGED,
  LOG_FILE_MISSING: DAMAGED,
  LOG_FILE_MODIFIED: DAMAGED,
  LOG_FILE_MALFORMED: DAMAGED,
  LOG_FILE_NOT_IN_DIGEST: DAMAGED,
} as const satisfies Record<ProblemKind, string> & Record<string, string>;

const describeProblem = (p: Problem) =>
  `${PROBLEM_KINDS[p.kind]}: ${p.object}${p.time === undefined ? '' : ` (${p.time})`}`;

function describeProblems(problems: readonly Problem[]): string {
  const shown = problems.slice(0, REASON_PROBLEMS).map(describeProblem).join('; ');
  return problems.length > REASON_PROBLEMS ? `${shown}; and ${problems.length - REASON_PROBLEMS} more` : shown;
}

interface Judged {
  trail: Trail;
  region: string;
  report: ChainReport;
  bucketOwner: Integrity['trails'][string]['bucketOwner'];
  evidence: Evidence;
}

function verdictOf(verdict: Verdicts<typeof reasons>, judged: Judged): Verdict {
  const { trail, region, report, bucketOwner, evidence } = judged;
  const { unreadable, problems } = report;
  if (unreadable.length > 0 && unreadable.every((e) => e.code === 'NoSuchBucket')) {
    return verdict.failed(
      'BUCKET_MISSING',
      { bucket: trail.s3BucketName ?? '', trail: trail.name, region },
      { ...evidence, errors: unreadable },
    );
  }
  if (unreadable.length > 0) {
    const denied = unreadable.every((e) => e.operation.startsWith('s3:') && e.code === 'AccessDenied');
    if (bucketOwner === 'other' && denied) {
      return common.warning(
        'S3_BUCKET_CROSS_ACCOUNT',
        { name: trail.s3BucketName ?? '' },
        { ...evidence, errors: unreadable },
        evaluateElsewhere('the account that owns the log bucket'),
      );
    }
    return common.notAvailable(unreadable, 'API_ERROR', { calls: describeErrors(unreadable) }, evidence);
  }
  if (problems.length > 0) {
    const kinds = [...new Set(problems.map((p) => p.kind))];
    const code = kinds.length === 1 && kinds[0] !== undefined ? kinds[0] : 'INTEGRITY_VIOLATIONS';
    return verdict.failed(code, { trail: trail.name, region, problems: describeProblems(problems) }, evidence);
  }
  // Silence up to now is missing digests only if the trail logs; without its status, that is not known.
  if (report.silentSince !== undefined && trail.status?.ok === false) {
    const errors = [trail.status.error];
    return common.notAvailable(errors, 'API_ERROR', { calls: describeErrors(errors) }, evidence);
  }
  if (report.digests.valid === 0)
    return verdict.warning('NO_DIGESTS_IN_WINDOW', { trail: trail.name, region }, evidence);
  const verified = `${report.digests.valid} digests${report.logFiles.verified > 0 ? ` and ${report.logFiles.verified} log files` : ''}`;
  if (report.gaps.length > 0) {
    const gaps = report.gaps.map((g) => `${g.from} to ${g.to}`).join(', ');
    return verdict.passed('DIGEST_CHAIN_INTACT_WITH_GAPS', { trail: trail.name, region, verified, gaps }, evidence);
  }
  return verdict.passed('DIGEST_CHAIN_INTACT', { trail: trail.name, region, verified }, evidence);
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

function judgeTrail(
  inventory: Inventory,
  integrity: Integrity,
  trail: Trail,
  verdict: Verdicts<typeof reasons>,
): Finding[] {
  const record = integrity.trails[trail.arn];
  if (record === undefined) return [];
  const resource = trailResource(inventory, trail);
  if (isForeignTrail(inventory, trail)) {
    return [
      {
        resource,
        ...common.warning(
          'TRAIL_MANAGED_BY_ANOTHER_ACCOUNT',
          { trail: trail.name, owner: trail.ownerAccountId },
          { ownerAccountId: trail.ownerAccountId },
          evaluateElsewhere(`account ${trail.ownerAccountId}`),
        ),
      },
    ];
  }
  if (!trail.logFileValidationEnabled)
    return [{ resource, ...verdict.warning('LOG_FILE_VALIDATION_DISABLED', { trail: trail.name }) }];
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
      const judged = { trail, region, report, bucketOwner: record.bucketOwner, evidence };
      return { resource: { ...resource, region }, ...verdictOf(verdict, judged) };
    });
}

export default defineCheck({
  id: 'trailscan.digest-chain',
  title: 'CloudTrail digest chain should be intact',
  description:
    'Verifies the digest files CloudTrail delivered in the window, per trail and Region, as AWS documents: ' +
    'each present, where CloudTrail put it, signed SHA256withRSA by the Region key ListPublicKeys gives for ' +
    'its fingerprint, and chained to its predecessor by previousDigestSignature and previousDigestHashValue; ' +
    'with --verify-log-files, every listed log file hashes to its SHA-256 and no log file is left unlisted. ' +
    'Periods when the trail was not logging are gaps, not failures. Run by trailscan verify-logs.',
  severity: 'HIGH',
  resourceType: 'AwsCloudTrailTrail',
  source: 'trailscan',
  documentationUrl:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
  tags: ['cloudtrail', 's3'],
  // In no standard: it reads every digest of a window, so it runs when named, as trailscan verify-logs does.
  standards: [],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html',
  ],
  compliance: {},
  reasons,
  parameters: z.object({}),
  needs: () => ['trails', 'trailStatus', 'digests'],
  remediation: (finding) => {
    const { window } = finding.evidence as { window?: { start: string; end: string } };
    const range =
      window === undefined ? '' : ` --start-time ${shellQuote(window.start)} --end-time ${shellQuote(window.end)}`;
    return {
      text:
        'Find who deleted or changed the objects (S3 server access logs, CloudTrail data events on the bucket), ' +
        'restore them from a replica or earlier versions, and protect the bucket against deletion (Object Lock, ' +
        'or versioning with MFA delete). The AWS CLI shows the same chain:',
      commands: [
        `aws cloudtrail validate-logs --trail-arn ${shellQuote(finding.resource.id)}${range} ` +
          `--region ${shellQuote(finding.resource.region)} --verbose`,
      ],
    };
  },
  evaluate: (inventory, _params, verdict) => {
    const integrity = inventory.integrity;
    // The engine answers NOT_COLLECTED when the slice is missing: a slice without its data is a broken inventory.
    if (integrity === undefined) throw new SliceNotCollected('digest chains were not collected');
    return [
      ...allTrails(inventory).flatMap((trail) => judgeTrail(inventory, integrity, trail, verdict)),
      ...unlistedRegionFindings(inventory),
    ];
  },
});
