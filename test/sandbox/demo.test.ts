/** The demo world holds what the README's demo promises, read the way the collectors will read it. */
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import {
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../src/sandbox/builtins.js';
import { failure, useSandbox } from './helpers.js';

const fixture = await useSandbox(BUILTIN_SCENARIOS['demo']!());
const clients = fixture.clients();

it('has five enabled Regions and af-south-1 not opted in, which refuses the credentials', async () => {
  const ec2 = await clients.client('ec2', 'us-east-1');
  const all = (await ec2.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions ?? [];
  expect(all.filter((r) => r.OptInStatus === 'not-opted-in').map((r) => r.RegionName)).toEqual(['af-south-1']);
  const enabled = (await ec2.send(new DescribeRegionsCommand({}))).Regions ?? [];
  expect(enabled.map((r) => r.RegionName)).toEqual([
    'us-east-1',
    'us-east-2',
    'us-west-2',
    'eu-west-1',
    'ap-southeast-2',
  ]);
  const error = await failure((await clients.client('cloudtrail', 'af-south-1')).send(new DescribeTrailsCommand({})));
  expect(error.name).toBe('UnrecognizedClientException');
});

it('has a compliant multi-Region trail, a compliant us-east-2 trail whose logs were tampered with, and a single-Region eu-west-1 trail with problems', async () => {
  const trails = new Map<string, Trail>();
  for (const region of ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'ap-southeast-2']) {
    const listed =
      (await (await clients.client('cloudtrail', region)).send(new DescribeTrailsCommand({}))).trailList ?? [];
    for (const trail of listed) trails.set(trail.TrailARN!, trail);
  }
  const named = (name: string) => [...trails.values()].find((t) => t.Name === name);
  const [compliant, tampered, problems] = [named('management-events'), named('payments-audit'), named('eu-app-trail')];
  expect(tampered).toMatchObject({ Name: 'payments-audit', LogFileValidationEnabled: true, HomeRegion: 'us-east-2' });
  expect(compliant).toMatchObject({
    IsMultiRegionTrail: true,
    LogFileValidationEnabled: true,
    HomeRegion: 'us-east-1',
  });
  expect(compliant?.KmsKeyId).toBeTruthy();
  expect(compliant?.CloudWatchLogsLogGroupArn).toBeTruthy();
  expect(problems).toMatchObject({
    IsMultiRegionTrail: false,
    LogFileValidationEnabled: false,
    HomeRegion: 'eu-west-1',
  });
  expect(problems?.KmsKeyId).toBeUndefined();
  expect(problems?.CloudWatchLogsLogGroupArn).toBeUndefined();

  const home = await clients.client('cloudtrail', 'us-east-1');
  expect((await home.send(new GetTrailStatusCommand({ Name: compliant!.TrailARN! }))).IsLogging).toBe(true);
  const selectors = await home.send(new GetEventSelectorsCommand({ TrailName: compliant!.TrailARN! }));
  expect(selectors.AdvancedEventSelectors?.map((s) => s.FieldSelectors)).toEqual([
    [{ Field: 'eventCategory', Equals: ['Management'] }],
    [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
    ],
  ]);
});

it('logs to a private bucket with access logging, and to a public bucket without', async () => {
  const s3 = await clients.client('s3', 'us-east-1');
  const privateBucket = 'demo-cloudtrail-123456789012';
  expect((await s3.send(new GetBucketLocationCommand({ Bucket: privateBucket }))).LocationConstraint).toBeFalsy();
  expect((await s3.send(new GetBucketLoggingCommand({ Bucket: privateBucket }))).LoggingEnabled).toBeDefined();
  const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: privateBucket }));
  expect(pab.PublicAccessBlockConfiguration?.IgnorePublicAcls).toBe(true);

  const publicBucket = 'demo-eu-trail-123456789012';
  expect((await s3.send(new GetBucketLocationCommand({ Bucket: publicBucket }))).LocationConstraint).toBe('eu-west-1');
  const eu = await clients.client('s3', 'eu-west-1');
  const grants = (await eu.send(new GetBucketAclCommand({ Bucket: publicBucket }))).Grants ?? [];
  expect(grants.map((g) => g.Grantee?.URI)).toContain('http://acs.amazonaws.com/groups/global/AllUsers');
  expect((await eu.send(new GetBucketLoggingCommand({ Bucket: publicBucket }))).LoggingEnabled).toBeUndefined();
  expect((await failure(eu.send(new GetPublicAccessBlockCommand({ Bucket: publicBucket })))).name).toBe(
    'NoSuchPublicAccessBlockConfiguration',
  );
});
