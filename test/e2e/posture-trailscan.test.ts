/**
 * trailscan's own posture checks, end to end: the built CLI, the real SDK, real HTTP to the sandbox.
 * Each case selects the checks it is about and asserts their verdicts; every report is validated.
 */
import { describe, expect, it } from 'vitest';
import { CIS_CLOUDTRAIL_CHANGES_PATTERN } from '../../src/sandbox/posture-scenario.js';
import { isolatedEnv, runCli } from '../support/cli.js';
import { scanWorld, verdicts } from './scan-world.js';
import { ACCOUNT_ID, LOG_BUCKET, bucket, trail, world, type WorldInput } from './worlds.js';

const at = (check: string, name = 'main', region = 'us-east-1') => `${check} ${name}@${region}`;
/** The id of the KMS key a trail of `worlds.ts` names. */
const keyIdOf = (t: ReturnType<typeof trail>) => (t.kmsKeyId ?? '').split('key/')[1] ?? '';

/** The CloudTrail user guide's bucket policy, with a Deny of requests without TLS. */
const guidePolicy = (name = LOG_BUCKET) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: `arn:aws:s3:::${name}`,
      Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/main` } },
    },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${name}/AWSLogs/${ACCOUNT_ID}/*`,
      Condition: {
        StringEquals: {
          's3:x-amz-acl': 'bucket-owner-full-control',
          'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/main`,
        },
      },
    },
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
});

describe.concurrent('trailscan.kms-key-usable', () => {
  const main = trail();
  const disabled = trail({ name: 'disabled', multiRegion: false });
  const gone = trail({ name: 'gone', multiRegion: false });
  const keys = [
    { id: keyIdOf(main), region: 'us-east-1' },
    { id: keyIdOf(disabled), region: 'us-east-1', state: 'Disabled' as const },
  ];

  it('an enabled key passes; a disabled and a missing key fail, exit 3', async () => {
    const { report, code } = await scanWorld(world({ trails: [main, disabled, gone], resources: { kmsKeys: keys } }), [
      '--checks',
      'trailscan.kms-key-usable',
    ]);
    expect(verdicts(report)).toEqual({
      [at('trailscan.kms-key-usable')]: 'PASSED KMS_KEY_USABLE',
      [at('trailscan.kms-key-usable', 'disabled')]: 'FAILED KMS_KEY_NOT_ENABLED',
      [at('trailscan.kms-key-usable', 'gone')]: 'FAILED KMS_KEY_MISSING',
    });
    expect(code).toBe(3);
  });

  it('a key policy open to any account’s trails fails', async () => {
    const open = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowCloudTrail',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
        },
      ],
    };
    const { report } = await scanWorld(
      world({ trails: [main], resources: { kmsKeys: [{ ...keys[0]!, policy: open }] } }),
      ['--checks', 'trailscan.kms-key-usable'],
    );
    expect(verdicts(report)).toEqual({ [at('trailscan.kms-key-usable')]: 'FAILED KEY_POLICY_CONFUSED_DEPUTY' });
  });

  it('GetKeyPolicy denied is NOT_AVAILABLE, exit 4', async () => {
    const { report, code } = await scanWorld(
      world({
        trails: [main],
        resources: { kmsKeys: keys },
        faults: [{ operation: 'kms:GetKeyPolicy', error: 'access-denied' }],
      }),
      ['--checks', 'trailscan.kms-key-usable'],
    );
    expect(verdicts(report)).toEqual({ [at('trailscan.kms-key-usable')]: 'NOT_AVAILABLE API_ERROR' });
    expect(code).toBe(4);
  });
});

describe.concurrent('trail buckets: policy and deletion protection', () => {
  const checks = ['--checks', 'trailscan.log-bucket-policy,trailscan.log-bucket-deletion-protection'];

  it('the user guide’s policy and MFA delete pass; a bucket with neither fails both', async () => {
    const other = `other-logs-${ACCOUNT_ID}`;
    const { report, code } = await scanWorld(
      world({
        trails: [trail(), trail({ name: 'second', multiRegion: false, s3BucketName: other })],
        buckets: [
          bucket({ policy: guidePolicy(), policyIsPublic: false, versioning: { status: 'Enabled', mfaDelete: true } }),
          bucket({ name: other, versioning: { status: 'Enabled' } }),
        ],
      }),
      checks,
    );
    expect(verdicts(report)).toEqual({
      [`trailscan.log-bucket-policy ${LOG_BUCKET}@us-east-1`]: 'PASSED BUCKET_POLICY_AS_GUIDED',
      [`trailscan.log-bucket-policy ${other}@us-east-1`]: 'FAILED BUCKET_POLICY_MISSING',
      [`trailscan.log-bucket-deletion-protection ${LOG_BUCKET}@us-east-1`]: 'PASSED MFA_DELETE_ENABLED',
      [`trailscan.log-bucket-deletion-protection ${other}@us-east-1`]: 'FAILED VERSIONING_WITHOUT_MFA_DELETE',
    });
    expect(code).toBe(3);
  });

  it('a bucket without versioning fails, with no Object Lock read: Object Lock needs versioning on', async () => {
    const { report, counts } = await scanWorld(world({ buckets: [bucket({ versioning: undefined })] }), [
      '--checks',
      'trailscan.log-bucket-deletion-protection',
    ]);
    expect(verdicts(report)).toEqual({
      [`trailscan.log-bucket-deletion-protection ${LOG_BUCKET}@us-east-1`]: 'FAILED NOT_PROTECTED_AGAINST_DELETION',
    });
    expect(counts['s3:GetBucketVersioning']).toEqual({ 'us-east-1': 1 });
    expect(counts).not.toHaveProperty('s3:GetObjectLockConfiguration');
  });

  it('Object Lock with a retention protects the bucket; GetBucketVersioning denied does not matter then', async () => {
    const { report } = await scanWorld(
      world({
        buckets: [
          bucket({
            versioning: { status: 'Enabled' },
            objectLock: { retention: { mode: 'COMPLIANCE', days: 365 } },
          }),
        ],
        faults: [{ operation: 's3:GetBucketVersioning', error: 'access-denied' }],
      }),
      ['--checks', 'trailscan.log-bucket-deletion-protection'],
    );
    expect(verdicts(report)).toEqual({
      [`trailscan.log-bucket-deletion-protection ${LOG_BUCKET}@us-east-1`]: 'PASSED OBJECT_LOCK_RETENTION',
    });
  });
});

describe.concurrent('trailscan.trail-delivering and trailscan.insights-enabled', () => {
  it('a delivery error and a stale delivery fail; Insights off fails (informational)', async () => {
    const { report } = await scanWorld(
      world({
        trails: [
          trail({ insightSelectors: ['ApiCallRateInsight'] }),
          trail({ name: 'denied', status: { latestDeliveryError: 'AccessDenied' } }),
          trail({ name: 'stale', multiRegion: false, status: { latestDeliveryTime: '3d' } }),
          trail({ name: 'stopped', multiRegion: false, logging: false }),
        ],
      }),
      ['--checks', 'trailscan.trail-delivering,trailscan.insights-enabled'],
    );
    expect(verdicts(report)).toEqual({
      [at('trailscan.trail-delivering')]: 'PASSED TRAIL_DELIVERING',
      [at('trailscan.trail-delivering', 'denied')]: 'FAILED DELIVERY_ERRORS',
      [at('trailscan.trail-delivering', 'stale')]: 'FAILED DELIVERY_STALE',
      [at('trailscan.insights-enabled')]: 'PASSED INSIGHTS_ENABLED',
      [at('trailscan.insights-enabled', 'denied')]: 'FAILED INSIGHTS_NOT_ENABLED',
    });
  });
});

describe.concurrent('trailscan.trail-changes-monitored', () => {
  const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:security-alerts`;
  const topics = [{ name: 'security-alerts', region: 'us-east-1', subscriptions: [{ endpoint: 'sec@example.com' }] }];
  const alarmChain = {
    logGroups: [
      {
        name: 'cloudtrail',
        region: 'us-east-1',
        metricFilters: [
          { name: 'cloudtrail-changes', pattern: CIS_CLOUDTRAIL_CHANGES_PATTERN, metricName: 'CloudTrailChangeCount' },
        ],
      },
    ],
    alarms: [
      { name: 'cloudtrail-changes', region: 'us-east-1', metricName: 'CloudTrailChangeCount', actions: [topicArn] },
    ],
    topics,
  };
  const rule = (targets: string[], narrowing: Record<string, unknown> = {}) => ({
    eventRules: [
      {
        name: 'cloudtrail-changes',
        region: 'us-east-1',
        eventPattern: {
          source: ['aws.cloudtrail'],
          detail: { eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail'], ...narrowing },
        },
        targets,
      },
    ],
  });
  const verdictOf = async (resources: WorldInput['resources']) =>
    Object.values(
      verdicts((await scanWorld(world({ resources }), ['--checks', 'trailscan.trail-changes-monitored'])).report),
    );

  it('the CIS alarm chain to a subscribed topic passes', async () => {
    expect(await verdictOf(alarmChain)).toEqual(['PASSED CHANGES_ALARMED']);
  });

  it('an EventBridge rule with a target passes', async () => {
    expect(await verdictOf({ topics, alarms: [], ...rule([topicArn]) })).toEqual(['PASSED CHANGES_ROUTED_BY_RULE']);
  });

  it('a rule without a target and no alarm fail', async () => {
    expect(await verdictOf({ topics, alarms: [], ...rule([]) })).toEqual(['FAILED CHANGES_NOT_MONITORED']);
  });

  it('a rule on the watched calls that fail only hears some of them: it fails', async () => {
    const narrowed = rule([topicArn], { errorCode: ['AccessDenied'] });
    expect(await verdictOf({ topics, alarms: [], ...narrowed })).toEqual(['FAILED CHANGES_NOT_MONITORED']);
  });
});

describe.concurrent('trailscan.trail-tampering (--history)', () => {
  const history = [
    { region: 'us-east-1', eventName: 'StopLogging' as const, time: '3d', resourceName: 'main', userName: 'mallory' },
    { region: 'eu-west-1', eventName: 'StopLogging' as const, time: '5d', resourceName: 'regional' },
    { region: 'eu-west-1', eventName: 'StartLogging' as const, time: '4d', resourceName: 'regional' },
    { region: 'us-west-2', eventName: 'DeleteTrail' as const, time: '40d', resourceName: 'old' },
  ];
  const tampered = world({ resources: { history } });
  const tampering = (region: string) => at('trailscan.trail-tampering', ACCOUNT_ID, region);

  it('a stop never followed by a start fails, with who, when and from where', async () => {
    const { report, code, counts } = await scanWorld(tampered, [
      '--history',
      '30',
      '--checks',
      'trailscan.trail-tampering',
    ]);
    expect(verdicts(report)).toEqual({
      [tampering('us-east-1')]: 'FAILED TRAIL_STOPPED_NOT_RESTARTED',
      [tampering('us-west-2')]: 'PASSED NO_TRAIL_CHANGES',
      [tampering('eu-west-1')]: 'PASSED TRAIL_CHANGES_RESOLVED',
    });
    expect(code).toBe(3);
    const stopped = report.results.find((r) => r.resource.region === 'us-east-1');
    expect(stopped?.reason).toMatch(/^In us-east-1: StopLogging of main at \S+ by mallory from 203\.0\.113\.10, never/);
    // One lookup per event name in each Region.
    expect(counts['cloudtrail:LookupEvents']).toEqual({ 'us-east-1': 9, 'us-west-2': 9, 'eu-west-1': 9 });
  });

  it('a start in the same second as the stop is not shown to come after it: the stop fails', async () => {
    // One instant for both: a relative age would resolve against each lookup's own clock.
    const time = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 86_400_000).toISOString();
    const sameSecond = world({
      resources: {
        history: [
          { region: 'us-east-1', eventName: 'StartLogging' as const, time, resourceName: 'main' },
          { region: 'us-east-1', eventName: 'StopLogging' as const, time, resourceName: 'main' },
        ],
      },
    });
    const { report } = await scanWorld(sameSecond, ['--history', '30', '--checks', 'trailscan.trail-tampering']);
    expect(verdicts(report)[tampering('us-east-1')]).toBe('FAILED TRAIL_STOPPED_NOT_RESTARTED');
  });

  it('the default window is 90 days: a deletion 40 days ago fails', async () => {
    const { report } = await scanWorld(tampered, ['--history', '--checks', 'trailscan.trail-tampering']);
    expect(verdicts(report)[tampering('us-west-2')]).toBe('FAILED TRAIL_DELETED');
  });

  it('without --history no standard runs it, and no event history is read', async () => {
    const { report, counts } = await scanWorld(tampered, ['--standard', 'all']);
    expect(report.results.some((r) => r.checkId === 'trailscan.trail-tampering')).toBe(false);
    expect(counts['cloudtrail:LookupEvents']).toBeUndefined();
  });

  it('naming it without --history is a usage error, exit 2', async () => {
    const run = await runCli(['scan', '--checks', 'trailscan.trail-tampering'], { env: isolatedEnv({}) });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'trailscan: trailscan.trail-tampering reads CloudTrail event history: add --history',
    );
  });
});
