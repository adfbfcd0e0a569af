import {
  accountResource,
  allTrails,
  and,
  combineCoverage,
  type CombinedCoverage,
  defineCheck,
  type Finding,
  type Inventory,
  isForeignTrail,
  isUnknown,
  judge,
  multiRegionTrailsVisible,
  ownerSelectors,
  ownerLogging,
  type ManagementCoverage,
  selectorCoverages,
  selectorsReadByOwner,
  shellQuote,
  test,
  type Trail,
  type Tri,
  unreadableTrails,
  z,
} from './api.js';

const parameters = z
  .object({
    splitReadWriteSelectors: z
      .enum(['WARNING', 'PASSED', 'FAILED'])
      .default('WARNING')
      .describe(
        'The verdict when read and write management events are recorded only by separate selectors of one ' +
          'trail. AWS does not document it; CIS asks for one selector without readOnly. Split across two trails ' +
          'always fails: no one trail records them all.',
      ),
  })
  .strict();

interface Candidate {
  trail: Trail;
  logging: Tri;
  /** Each selector's coverage, and their combination; undefined when the selectors could not be read. */
  coverages: ManagementCoverage[] | undefined;
  combined: CombinedCoverage | undefined;
  qualifies: Tri;
  /** Another account's trail (an organization trail seen from a member): its selectors are not ours to read. */
  managedElsewhere: boolean;
}

function assess(inventory: Inventory, trail: Trail): Candidate {
  // AWS answers GetEventSelectors only to the trail's own account, so they are not collected for others;
  // an organization trail's come from its owner when the scan covers the management account too.
  const logging = ownerLogging(inventory, trail);
  const selectors = ownerSelectors(inventory, trail);
  const managedElsewhere = selectors === undefined;
  const coverages = selectors?.ok === true ? selectorCoverages(selectors.value) : undefined;
  const combined = coverages === undefined ? undefined : combineCoverage(coverages);
  const recordsAll =
    selectors === undefined ? selectorsReadByOwner(trail) : test(selectors, () => combined?.all === true);
  return { trail, logging, coverages, combined, qualifies: and(logging, recordsAll), managedElsewhere };
}

const describe = (c: Candidate) => ({
  arn: c.trail.arn,
  homeRegion: c.trail.homeRegion,
  isLogging: isUnknown(c.logging) ? null : c.logging,
  recordsAllManagementEvents: c.combined?.all ?? null,
  narrowedBy: c.combined?.narrowedBy ?? [],
});

export default defineCheck({
  id: 'CloudTrail.1',
  title:
    'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
  description:
    'Checks that at least one multi-Region trail is logging and records all read and write management events, ' +
    'with no excluded event source (ExcludeManagementEventSources, or an eventSource condition in advanced ' +
    'selectors). All criteria must hold on the same trail.',
  severity: 'HIGH',
  resourceType: 'AwsAccount',
  source: 'security-hub',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1',
  tags: ['cloudtrail'],
  standards: ['aws-foundational'],
  // CIS asks for one selector that records reads and writes.
  standardParameters: {
    'cis-1.4': { splitReadWriteSelectors: 'FAILED' },
    'cis-3.0': { splitReadWriteSelectors: 'FAILED' },
    'cis-5.0': { splitReadWriteSelectors: 'FAILED' },
  },
  references: ['https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html'],
  compliance: {
    'AWS Foundational Security Best Practices v1.0.0': ['CloudTrail.1'],
    'CIS AWS Foundations Benchmark v1.2.0': ['2.1'],
    'CIS AWS Foundations Benchmark v1.4.0': ['3.1'],
    'CIS AWS Foundations Benchmark v3.0.0': ['3.1'],
    'CIS AWS Foundations Benchmark v5.0.0': ['3.1'],
  },
  reasons: {
    MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS:
      'Multi-Region trail {trail} is logging all read and write management events',
    ORGANIZATION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS:
      'Organization trail {trail} of management account {owner} is logging all read and write management events',
    NO_MULTI_REGION_TRAIL: 'The account has no multi-Region trail',
    MULTI_REGION_TRAIL_NOT_LOGGING: 'No multi-Region trail is logging',
    SPLIT_READ_WRITE_SELECTORS:
      'Read and write management events are recorded only by separate selectors of one trail, one read-only and one write-only',
    MANAGEMENT_EVENTS_NOT_FULLY_RECORDED:
      'No logging multi-Region trail records all read and write management events ({narrowedBy})',
    NO_REGION_SCANNED: 'No Region was scanned',
  },
  parameters,
  needs: () => ['trails', 'loggingCoverage', 'multiRegionEventSelectors'],
  remediation: (finding) => {
    const candidates = (finding.evidence['candidates'] ?? []) as ReturnType<typeof describe>[];
    if (finding.reasonCode === 'MULTI_REGION_TRAIL_NOT_LOGGING') {
      return {
        text: 'Start logging on the multi-Region trail.',
        commands: candidates.map(
          (c) => `aws cloudtrail start-logging --name ${shellQuote(c.arn)} --region ${shellQuote(c.homeRegion)}`,
        ),
      };
    }
    if (finding.reasonCode === 'NO_MULTI_REGION_TRAIL') {
      return {
        text:
          'Create a multi-Region trail that records all management events and start it (replace <trail-name>, ' +
          '<log-bucket> and <region>). New trails record all read and write management events by default.',
        commands: [
          'aws cloudtrail create-trail --name <trail-name> --s3-bucket-name <log-bucket> --is-multi-region-trail --enable-log-file-validation --region <region>',
          'aws cloudtrail start-logging --name <trail-name> --region <region>',
        ],
      };
    }
    return {
      text:
        'Record all management events on one multi-Region trail: one selector with eventCategory = Management ' +
        'and no readOnly or eventSource condition. Keep any data-event selectors the trail already has in the ' +
        'same call, as it replaces them.',
      commands: candidates.map(
        (c) =>
          `aws cloudtrail put-event-selectors --trail-name ${shellQuote(c.arn)} --region ${shellQuote(c.homeRegion)} --advanced-event-selectors '[{"Name":"All management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]'`,
      ),
    };
  },
  evaluate: (inventory, params, verdict): Finding[] => [
    judge(accountResource(inventory), () => {
      if (!multiRegionTrailsVisible(inventory)) return verdict.notAvailable([], 'NO_REGION_SCANNED');
      const candidates = allTrails(inventory)
        .filter((t) => t.isMultiRegion)
        .map((trail) => assess(inventory, trail));
      const evidence = { candidates: candidates.map(describe) };
      if (candidates.length === 0) {
        return verdict.failed('NO_MULTI_REGION_TRAIL', {}, evidence);
      }
      const qualifying = candidates.find((c) => c.qualifies === true);
      if (qualifying && isForeignTrail(inventory, qualifying.trail)) {
        return verdict.passed(
          'ORGANIZATION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
          { trail: qualifying.trail.name, owner: qualifying.trail.ownerAccountId },
          { trail: qualifying.trail.arn, ...evidence },
        );
      }
      if (qualifying) {
        return verdict.passed(
          'MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
          { trail: qualifying.trail.name },
          { trail: qualifying.trail.arn, ...evidence },
        );
      }
      const unknowns = candidates.filter((c) => isUnknown(c.qualifies));
      if (unknowns.length > 0) {
        return unreadableTrails(
          inventory,
          {
            unknown: true,
            errors: unknowns.flatMap((c) => (isUnknown(c.qualifies) ? c.qualifies.errors : [])),
            undetermined: [],
          },
          unknowns.filter((c) => c.managedElsewhere).map((c) => c.trail),
        );
      }
      const logging = candidates.filter((c) => c.logging === true);
      if (logging.length === 0) {
        return verdict.failed('MULTI_REGION_TRAIL_NOT_LOGGING', {}, evidence);
      }
      // Reads on one selector and writes on another of the same trail: AWS does not say whether that
      // complies. Split across two trails, no one trail has them all: that fails, as in Security Hub.
      const combined = combineCoverage(logging.flatMap((c) => c.coverages ?? []));
      if (logging.some((c) => c.combined?.readsAndWritesSplit === true)) {
        const status = params.splitReadWriteSelectors;
        return status === 'PASSED'
          ? verdict.passed('SPLIT_READ_WRITE_SELECTORS', {}, evidence)
          : status === 'FAILED'
            ? verdict.failed('SPLIT_READ_WRITE_SELECTORS', {}, evidence)
            : verdict.warning('SPLIT_READ_WRITE_SELECTORS', {}, evidence);
      }
      return verdict.failed(
        'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
        { narrowedBy: combined.narrowedBy.join('; ') || 'no management events recorded' },
        evidence,
      );
    }),
  ],
});
