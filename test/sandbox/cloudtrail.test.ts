import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  LookupEventsCommand,
  type CloudTrailClient,
} from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import { failure, useSandbox } from './helpers.js';

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const arn = (region: string, account: string, name: string) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const ORG_TRAIL = arn('us-east-1', MANAGEMENT, 'org-trail');
const MULTI_TRAIL = arn('us-west-2', MANAGEMENT, 'multi');
const LOCAL_TRAIL = arn('eu-west-1', MANAGEMENT, 'local');

const fixture = await useSandbox({
  regions: [{ name: 'us-east-1' }, { name: 'us-west-2' }, { name: 'eu-west-1' }, { name: 'af-south-1', optIn: true }],
  accounts: [
    {
      name: 'management',
      accessKeyId: 'TSCTMANAGEMENT01',
      secretAccessKey: 'secret',
      accountId: MANAGEMENT,
      organization: { id: 'o-testorg0001', management: true },
      history: [
        { region: 'us-east-1', eventName: 'StopLogging', time: '2025-03-01T12:00:00.789Z', resourceName: 'org-trail' },
      ],
      trails: [
        {
          name: 'org-trail',
          homeRegion: 'us-east-1',
          multiRegion: true,
          organization: true,
          s3BucketName: 'org-logs',
          kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k',
          logFileValidation: true,
          cloudWatchLogs: {
            logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:ct:*',
            roleArn: 'arn:aws:iam::111111111111:role/ct',
          },
          status: { latestDeliveryTime: '2025-03-01T12:00:00Z', latestCloudWatchLogsDeliveryTime: '2h' },
        },
        {
          name: 'multi',
          homeRegion: 'us-west-2',
          multiRegion: true,
          s3BucketName: 'multi-logs',
          advancedEventSelectors: [
            { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
          ],
          insightSelectors: ['ApiCallRateInsight'],
          tags: { owner: 'security' },
        },
        {
          name: 'local',
          homeRegion: 'eu-west-1',
          s3BucketName: 'local-logs',
          logging: false,
          eventSelectors: [{ readWriteType: 'WriteOnly', excludeManagementEventSources: ['kms.amazonaws.com'] }],
        },
      ],
    },
    {
      name: 'member',
      accessKeyId: 'TSCTMEMBER000001',
      secretAccessKey: 'secret',
      accountId: MEMBER,
      organization: { id: 'o-testorg0001' },
      trails: [{ name: 'member-local', homeRegion: 'us-east-1', s3BucketName: 'member-logs' }],
    },
    { name: 'outsider', accessKeyId: 'TSCTOUTSIDER0001', secretAccessKey: 'secret', accountId: '333333333333' },
  ],
});

const cloudtrail = (region: string, account = 0): Promise<CloudTrailClient> =>
  fixture.clients(account).client('cloudtrail', region);
const trailArns = async (region: string, account = 0, input = {}) =>
  ((await (await cloudtrail(region, account)).send(new DescribeTrailsCommand(input))).trailList ?? []).map(
    (t) => t.TrailARN,
  );

describe('DescribeTrails', () => {
  it("returns the Region's own trails plus multi-Region and organization trails homed elsewhere", async () => {
    expect(await trailArns('us-east-1')).toEqual([ORG_TRAIL, MULTI_TRAIL]);
    expect(await trailArns('eu-west-1')).toEqual([ORG_TRAIL, MULTI_TRAIL, LOCAL_TRAIL]);
    expect(await trailArns('us-west-2', 1)).toEqual([ORG_TRAIL]);
    expect(await trailArns('us-east-1', 1)).toEqual([ORG_TRAIL, arn('us-east-1', MEMBER, 'member-local')]);
    expect(await trailArns('us-east-1', 2)).toEqual([]);
  });

  it('leaves shadow trails out when asked', async () => {
    expect(await trailArns('us-west-2', 0, { includeShadowTrails: false })).toEqual([MULTI_TRAIL]);
    expect(await trailArns('eu-west-1', 1, { includeShadowTrails: false })).toEqual([]);
  });

  it('matches names in the current Region only, and ARNs anywhere', async () => {
    expect(await trailArns('us-east-1', 0, { trailNameList: ['local'] })).toEqual([]);
    expect(await trailArns('eu-west-1', 0, { trailNameList: ['local'] })).toEqual([LOCAL_TRAIL]);
    expect(await trailArns('us-east-1', 0, { trailNameList: [LOCAL_TRAIL] })).toEqual([LOCAL_TRAIL]);
  });

  it('describes every setting of a trail', async () => {
    const [trail] =
      (await (await cloudtrail('us-east-1')).send(new DescribeTrailsCommand({ trailNameList: ['org-trail'] })))
        .trailList ?? [];
    expect(trail).toEqual({
      Name: 'org-trail',
      S3BucketName: 'org-logs',
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      HomeRegion: 'us-east-1',
      TrailARN: ORG_TRAIL,
      LogFileValidationEnabled: true,
      CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:ct:*',
      CloudWatchLogsRoleArn: 'arn:aws:iam::111111111111:role/ct',
      KmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k',
      HasCustomEventSelectors: false,
      HasInsightSelectors: false,
      IsOrganizationTrail: true,
    });
  });
});

describe('per-trail calls resolve only in the home Region', () => {
  it('answers by name or ARN in the home Region', async () => {
    const client = await cloudtrail('us-west-2');
    for (const name of ['multi', MULTI_TRAIL]) {
      await expect(client.send(new GetTrailStatusCommand({ Name: name }))).resolves.toMatchObject({ IsLogging: true });
    }
  });

  it('fails a name elsewhere with TrailNotFoundException naming the ARN built from it', async () => {
    const error = await failure(
      (await cloudtrail('us-east-1')).send(new GetEventSelectorsCommand({ TrailName: 'multi' })),
    );
    expect(error.name).toBe('TrailNotFoundException');
    expect(error.message).toBe(`Unknown trail: ${arn('us-east-1', MANAGEMENT, 'multi')} for the user: ${MANAGEMENT}`);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('fails an ARN of another Region with CloudTrailARNInvalidException', async () => {
    const client = await cloudtrail('eu-west-1');
    const calls = [
      () => client.send(new GetTrailStatusCommand({ Name: MULTI_TRAIL })),
      () => client.send(new GetEventSelectorsCommand({ TrailName: MULTI_TRAIL })),
    ];
    for (const call of calls) {
      const error = await failure(call());
      expect(error.name).toBe('CloudTrailARNInvalidException');
      expect(error.message).toBe('Region in ARN is wrong, you can only access resources in region eu-west-1.');
    }
  });

  it('lets a member read the status of its organization trail by ARN, but not its configuration', async () => {
    const client = await cloudtrail('us-east-1', 1);
    await expect(client.send(new GetTrailStatusCommand({ Name: ORG_TRAIL }))).resolves.toMatchObject({
      IsLogging: true,
    });
    const calls = [
      () => client.send(new GetEventSelectorsCommand({ TrailName: ORG_TRAIL })),
      () => client.send(new ListTagsCommand({ ResourceIdList: [ORG_TRAIL] })),
    ];
    for (const call of calls) {
      const error = await failure(call());
      expect(error.name).toBe('CloudTrailARNInvalidException');
      expect(error.message).toBe(`AccountID in ARN is wrong, you can only access resources with AccountID ${MEMBER}.`);
    }
    const byName = await failure(client.send(new GetTrailStatusCommand({ Name: 'org-trail' })));
    expect(byName.name).toBe('TrailNotFoundException');
  });

  it("refuses another account's trail that is not shared with it", async () => {
    const error = await failure(
      (await cloudtrail('us-east-1', 2)).send(new GetTrailStatusCommand({ Name: ORG_TRAIL })),
    );
    expect(error.name).toBe('CloudTrailARNInvalidException');
  });
});

describe('GetTrailStatus', () => {
  it('reports IsLogging and the delivery times', async () => {
    const before = Date.now();
    const status = await (await cloudtrail('us-east-1')).send(new GetTrailStatusCommand({ Name: ORG_TRAIL }));
    expect(status.IsLogging).toBe(true);
    expect(status.LatestDeliveryTime).toEqual(new Date('2025-03-01T12:00:00Z'));
    const cloudWatch = status.LatestCloudWatchLogsDeliveryTime!.getTime();
    expect(before - cloudWatch).toBeGreaterThanOrEqual(2 * 3_600_000 - 1_000);
    expect(before - cloudWatch).toBeLessThan(2 * 3_600_000 + 60_000);
    expect(status.LatestDigestDeliveryTime).toBeInstanceOf(Date);
    expect(status.StopLoggingTime).toBeUndefined();
  });

  it('reports a stopped trail as not logging, with when it stopped', async () => {
    const status = await (await cloudtrail('eu-west-1')).send(new GetTrailStatusCommand({ Name: 'local' }));
    expect(status.IsLogging).toBe(false);
    expect(status.StopLoggingTime).toBeInstanceOf(Date);
    expect(status.LatestCloudWatchLogsDeliveryTime).toBeUndefined();
  });
});

describe('event selectors, tags and insights', () => {
  it('returns the default selector for a trail without custom selectors', async () => {
    const selectors = await (
      await cloudtrail('us-east-1')
    ).send(new GetEventSelectorsCommand({ TrailName: ORG_TRAIL }));
    expect(selectors.TrailARN).toBe(ORG_TRAIL);
    expect(selectors.EventSelectors).toEqual([
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
    ]);
    expect(selectors.AdvancedEventSelectors).toBeUndefined();
  });

  it('returns basic or advanced selectors as configured', async () => {
    const basic = await (await cloudtrail('eu-west-1')).send(new GetEventSelectorsCommand({ TrailName: LOCAL_TRAIL }));
    expect(basic.EventSelectors).toEqual([
      {
        ReadWriteType: 'WriteOnly',
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: ['kms.amazonaws.com'],
      },
    ]);
    const advanced = await (
      await cloudtrail('us-west-2')
    ).send(new GetEventSelectorsCommand({ TrailName: MULTI_TRAIL }));
    expect(advanced.EventSelectors).toBeUndefined();
    expect(advanced.AdvancedEventSelectors).toEqual([
      { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    ]);
  });

  it('lists tags by ARN in the home Region', async () => {
    const client = await cloudtrail('us-west-2');
    const tags = await client.send(new ListTagsCommand({ ResourceIdList: [MULTI_TRAIL] }));
    expect(tags.ResourceTagList).toEqual([
      { ResourceId: MULTI_TRAIL, TagsList: [{ Key: 'owner', Value: 'security' }] },
    ]);
    expect((await failure(client.send(new ListTagsCommand({ ResourceIdList: [ORG_TRAIL] })))).name).toBe(
      'CloudTrailARNInvalidException',
    );
  });

  it('returns insight selectors, or InsightNotEnabledException', async () => {
    const insights = await (
      await cloudtrail('us-west-2')
    ).send(new GetInsightSelectorsCommand({ TrailName: MULTI_TRAIL }));
    expect(insights.InsightSelectors).toEqual([{ InsightType: 'ApiCallRateInsight' }]);
    const error = await failure(
      (await cloudtrail('us-east-1')).send(new GetInsightSelectorsCommand({ TrailName: ORG_TRAIL })),
    );
    expect(error.name).toBe('InsightNotEnabledException');
  });
});

describe('event history', () => {
  it('gives event times in whole seconds, as CloudTrail records them', async () => {
    const answer = await (
      await cloudtrail('us-east-1')
    ).send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StopLogging' }],
        StartTime: new Date('2025-03-01T00:00:00Z'),
        EndTime: new Date('2025-03-02T00:00:00Z'),
      }),
    );
    expect(answer.Events?.map((e) => e.EventTime?.toISOString())).toEqual(['2025-03-01T12:00:00.000Z']);
    const record = JSON.parse(answer.Events?.[0]?.CloudTrailEvent ?? '{}') as { eventTime?: string };
    expect(record.eventTime).toBe('2025-03-01T12:00:00Z');
  });
});

describe('credentials', () => {
  it('rejects an unknown access key and a Region the account has not enabled alike', async () => {
    const stranger = fixture.clients({ accessKeyId: 'TSUNKNOWN0000001', secretAccessKey: 'x' });
    for (const client of [await stranger.client('cloudtrail', 'us-east-1'), await cloudtrail('af-south-1')]) {
      const error = await failure(client.send(new DescribeTrailsCommand({})));
      expect(error.name).toBe('UnrecognizedClientException');
      expect(error.message).toBe('The security token included in the request is invalid.');
    }
  });
});
