import {
  accountResource,
  defineCheck,
  isUnknown,
  judge,
  or,
  ownerLogging,
  read,
  shellQuote,
  type Trail,
  trailStatusLeftUnread,
  unreadableTrails,
  z,
} from './api.js';

const summarize = (t: Trail) => ({ arn: t.arn, homeRegion: t.homeRegion, isMultiRegion: t.isMultiRegion });

export default defineCheck({
  id: 'CloudTrail.3',
  title: 'At least one CloudTrail trail should be enabled',
  description:
    'Checks, in every enabled Region, that some logging trail records that Region: a trail homed there, or a ' +
    'multi-Region or organization trail. A single-Region trail in us-east-1 leaves the other Regions failed.',
  severity: 'HIGH',
  resourceType: 'AwsAccount',
  source: 'security-hub',
  documentationUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-3',
  tags: ['cloudtrail'],
  standards: ['aws-foundational'],
  references: ['https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-enabled.html'],
  compliance: {
    'PCI DSS v3.2.1': [
      '10.1',
      '10.2.1',
      '10.2.2',
      '10.2.3',
      '10.2.4',
      '10.2.5',
      '10.2.6',
      '10.2.7',
      '10.3.1',
      '10.3.2',
      '10.3.3',
      '10.3.4',
      '10.3.5',
      '10.3.6',
    ],
  },
  reasons: {
    TRAIL_LOGGING: '{region} is recorded by {trails}',
    NO_TRAIL_IN_REGION: 'No trail records {region}',
    TRAIL_NOT_LOGGING: 'The trails recording {region} are not logging',
  },
  parameters: z.object({}),
  needs: () => ['trails', 'loggingCoverage'],
  remediation: (finding) => ({
    text:
      finding.reasonCode === 'TRAIL_NOT_LOGGING'
        ? 'Start logging on a trail that records this Region, or create a multi-Region trail.'
        : 'Create a multi-Region trail (it records every Region, including ones enabled later) and start it ' +
          '(replace <trail-name> and <log-bucket>).',
    commands:
      finding.reasonCode === 'TRAIL_NOT_LOGGING'
        ? (finding.evidence['trails'] as { arn: string; homeRegion: string }[]).map(
            (t) => `aws cloudtrail start-logging --name ${shellQuote(t.arn)} --region ${shellQuote(t.homeRegion)}`,
          )
        : [
            `aws cloudtrail create-trail --name <trail-name> --s3-bucket-name <log-bucket> --is-multi-region-trail --enable-log-file-validation --region ${shellQuote(finding.resource.region)}`,
            `aws cloudtrail start-logging --name <trail-name> --region ${shellQuote(finding.resource.region)}`,
          ],
  }),
  evaluate: (inventory, _params, verdict) =>
    inventory.regions.scanned.map((region) =>
      judge(accountResource(inventory, region), () => {
        const arns = read(inventory.trailLists[region], `DescribeTrails in ${region}`);
        const trails = arns.map((arn) => inventory.trails[arn]).filter((t): t is Trail => t !== undefined);
        if (trails.length === 0) {
          return verdict.failed('NO_TRAIL_IN_REGION', { region }, { trails: [] });
        }
        // A Region's own trail is not asked whether it logs when one of the account's multi-Region trails
        // listed there says it does: that trail records the Region.
        const asked = trails.filter(
          (t) => t.status !== undefined || !trailStatusLeftUnread(t, trails, inventory.account.id),
        );
        const logging = asked.map((t) => ownerLogging(inventory, t));
        const recording = asked.filter((_, i) => logging[i] === true);
        if (recording.length > 0) {
          return verdict.passed(
            'TRAIL_LOGGING',
            { region, trails: recording.map((t) => t.name).join(', ') },
            { trails: recording.map(summarize) },
          );
        }
        const anyLogging = or(...logging);
        if (isUnknown(anyLogging)) return unreadableTrails(inventory, anyLogging);
        return verdict.failed('TRAIL_NOT_LOGGING', { region }, { trails: trails.map(summarize) });
      }),
    ),
});
