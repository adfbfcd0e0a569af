/**
 * Faults injected by the sandbox, end to end: throttling is retried, an unreadable Region is
 * NOT_AVAILABLE for that Region only, a hung request times out, a malformed answer is an error result.
 * Every fault for every operation is in `fault-matrix.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, startSandbox, type ScenarioInput } from '../../src/sandbox/index.js';
import { isolatedEnv, runCli } from '../support/cli.js';
import { scanWorld, verdicts } from './scan-world.js';
import { ACCOUNT_ID, LOG_BUCKET, bucket, organizationWorld, trail, world } from './worlds.js';

type Fault = NonNullable<ScenarioInput['faults']>[number];

/** Every control has failures here: a stopped multi-Region trail, a neglected regional one, a public bucket. */
const troubled = (faults: Fault[] = []) =>
  world({
    trails: [
      trail({ logging: false }),
      trail({
        name: 'legacy',
        homeRegion: 'eu-west-1',
        multiRegion: false,
        kmsKeyId: undefined,
        logFileValidation: false,
        cloudWatchLogs: undefined,
        s3BucketName: 'legacy-logs-e2e',
      }),
    ],
    buckets: [
      bucket(),
      bucket({
        name: 'legacy-logs-e2e',
        region: 'eu-west-1',
        grants: [{ group: 'AllUsers', permission: 'READ' }],
        logging: undefined,
      }),
    ],
    faults,
  });

const FAST_FAIL = ['--max-attempts', '2', '--timeout', '2'];

describe.concurrent('faults', () => {
  it('throttling is retried and the verdicts are those of a calm scan', async () => {
    const calm = await scanWorld(troubled());
    const throttled = await scanWorld(troubled([{ operation: '*', error: 'throttling', fraction: 0.3, seed: 7 }]));
    expect(verdicts(throttled.report)).toEqual(verdicts(calm.report));
    expect(throttled.code).toBe(calm.code);
    const requests = (counts: typeof calm.counts) =>
      Object.values(counts)
        .flatMap((byRegion) => Object.values(byRegion))
        .reduce((a, b) => a + b, 0);
    expect(requests(throttled.counts)).toBeGreaterThan(requests(calm.counts));
    expect(throttled.report.scan.apiCalls.total).toBe(calm.report.scan.apiCalls.total);
  });

  it('AccessDenied on one Region’s DescribeTrails: NOT_AVAILABLE for that Region only, exit 4', async () => {
    const { code, report } = await scanWorld(
      world({ faults: [{ operation: 'cloudtrail:DescribeTrails', region: 'us-west-2', error: 'access-denied' }] }),
    );
    const notAvailable = report.results.filter((r) => r.status === 'NOT_AVAILABLE');
    expect(new Set(notAvailable.map((r) => r.resource.region))).toEqual(new Set(['us-west-2']));
    expect(verdicts(report)).toMatchObject({
      [`CloudTrail.3 ${ACCOUNT_ID}@us-west-2`]: 'NOT_AVAILABLE API_ERROR',
      [`CloudTrail.3 ${ACCOUNT_ID}@us-east-1`]: 'PASSED TRAIL_LOGGING',
      [`CloudTrail.1 ${ACCOUNT_ID}@global`]: 'PASSED MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
      [`CloudTrail.4 ${ACCOUNT_ID}@us-west-2`]: 'NOT_AVAILABLE TRAILS_NOT_LISTED',
    });
    expect(notAvailable[0]?.errors).toEqual([
      expect.objectContaining({
        operation: 'cloudtrail:DescribeTrails',
        region: 'us-west-2',
        code: 'AccessDeniedException',
      }),
    ]);
    expect(report.gate).toMatchObject({ exitCode: 4, complete: false });
    expect(code).toBe(4);
  });

  it('a request that never answers times out within the configured limit', async () => {
    const started = Date.now();
    const { code, report } = await scanWorld(
      world({ faults: [{ operation: 'cloudtrail:GetTrailStatus', error: 'hang' }] }),
      ['--timeout', '1', '--max-attempts', '2'],
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(verdicts(report)[`CloudTrail.1 ${ACCOUNT_ID}@global`]).toBe('NOT_AVAILABLE API_ERROR');
    expect(report.errors).toEqual([
      expect.objectContaining({ operation: 'cloudtrail:GetTrailStatus', code: 'TimeoutError' }),
    ]);
    expect(code).toBe(4);
  });

  it.each(['stall-after-headers', 'trickle-body'] as const)(
    '%s: the attempt is abandoned after --timeout, body included',
    async (error) => {
      const started = Date.now();
      const { code, report } = await scanWorld(world({ faults: [{ operation: 'cloudtrail:GetTrailStatus', error }] }), [
        '--timeout',
        '1',
        '--max-attempts',
        '2',
      ]);
      // Two attempts of 1 s, a backoff and the scan itself; a body a byte a second would take minutes.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(report.errors).toEqual([
        expect.objectContaining({ operation: 'cloudtrail:GetTrailStatus', code: 'TimeoutError' }),
      ]);
      expect(code).toBe(4);
    },
  );

  it('a 5xx on an organization trail’s status, seen from a member account, makes the scan incomplete', async () => {
    const input = organizationWorld();
    input.faults = [{ operation: 'cloudtrail:GetTrailStatus', error: 'internal-error' }];
    const { code, report } = await scanWorld(input, ['--fail-on', 'none', ...FAST_FAIL]);
    expect(report.errors.map((e) => `${e.operation} ${e.code}`)).toEqual(['cloudtrail:GetTrailStatus InternalFailure']);
    expect(report.gate).toMatchObject({ complete: false, exitCode: 4 });
    expect(code).toBe(4);
  });

  it('a malformed answer is an error result, not a crash', async () => {
    const { code, report } = await scanWorld(
      world({ faults: [{ operation: 'cloudtrail:GetEventSelectors', error: 'malformed-body' }] }),
      FAST_FAIL,
    );
    expect(verdicts(report)[`CloudTrail.1 ${ACCOUNT_ID}@global`]).toBe('NOT_AVAILABLE API_ERROR');
    expect(report.errors).toHaveLength(1);
    expect(code).toBe(4);
  });

  it('a reset connection is reported as ECONNRESET, not as a timeout', async () => {
    const { report } = await scanWorld(
      world({ faults: [{ operation: 'cloudtrail:GetTrailStatus', error: 'connection-reset' }] }),
      FAST_FAIL,
    );
    expect(report.errors).toEqual([
      expect.objectContaining({ operation: 'cloudtrail:GetTrailStatus', code: 'ECONNRESET' }),
    ]);
  });

  it.each([
    ['access-denied', 'UnauthorizedOperation', /; grant ec2:DescribeRegions\n$/],
    ['internal-error', 'InternalError', /^(?!.*grant ec2:DescribeRegions)/],
  ] as const)(
    'DescribeRegions %s: one line that says %s, and advises granting it only when refused',
    async (error, code, advice) => {
      const sandbox = await startSandbox(
        parseScenario(world({ faults: [{ operation: 'ec2:DescribeRegions', error }] }), 'regions'),
      );
      try {
        const keys = sandbox.accounts[0]!;
        const run = await runCli(['scan', '--quiet', ...FAST_FAIL], {
          env: isolatedEnv({
            AWS_ENDPOINT_URL: sandbox.url,
            AWS_ACCESS_KEY_ID: keys.accessKeyId,
            AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
            AWS_REGION: 'us-east-1',
          }),
        });
        expect(run.code).toBe(2);
        expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(run.stderr).toContain(`ec2:DescribeRegions failed: ${code}`);
        expect(run.stderr).toMatch(advice);
      } finally {
        await sandbox.close();
      }
    },
  );

  it('a bucket read failing in its own Region is reported with that Region', async () => {
    const { report } = await scanWorld(
      world({ faults: [{ operation: 's3:GetBucketLogging', error: 'access-denied' }] }),
      FAST_FAIL,
    );
    expect(report.results.find((r) => r.checkId === 'CloudTrail.7')).toMatchObject({
      status: 'NOT_AVAILABLE',
      resource: { name: LOG_BUCKET, region: 'us-east-1' },
      errors: [
        expect.objectContaining({ operation: 's3:GetBucketLogging', code: 'AccessDenied', resource: LOG_BUCKET }),
      ],
    });
  });
});
