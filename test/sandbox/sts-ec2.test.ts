import { DescribeRegionsCommand, type DescribeRegionsCommandInput, type EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { failure, useSandbox } from './helpers.js';

const fixture = await useSandbox({
  regions: [
    { name: 'us-east-1' },
    { name: 'eu-west-1' },
    { name: 'af-south-1', optIn: true },
    { name: 'ap-east-1', optIn: true },
  ],
  accounts: [
    {
      name: 'auditor',
      accessKeyId: 'TSIDENTITY000001',
      secretAccessKey: 'secret',
      accountId: '123412341234',
      identityArn: 'arn:aws:sts::123412341234:assumed-role/Audit/session',
      optedInRegions: ['ap-east-1'],
    },
  ],
});
const stranger = fixture.clients({ accessKeyId: 'TSUNKNOWN0000001', secretAccessKey: 'x' });
const ec2 = (region: string): Promise<EC2Client> => fixture.clients().client('ec2', region);

describe('STS GetCallerIdentity', () => {
  it('names the account and identity of the access key, in any enabled Region', async () => {
    for (const region of ['us-east-1', 'ap-east-1']) {
      const identity = await (await fixture.clients().client('sts', region)).send(new GetCallerIdentityCommand({}));
      expect(identity).toMatchObject({
        Account: '123412341234',
        Arn: 'arn:aws:sts::123412341234:assumed-role/Audit/session',
      });
      expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    }
  });

  it('rejects an unknown key, and a Region not enabled, with InvalidClientTokenId', async () => {
    for (const client of [
      await stranger.client('sts', 'us-east-1'),
      await fixture.clients().client('sts', 'af-south-1'),
    ]) {
      const error = await failure(client.send(new GetCallerIdentityCommand({})));
      expect(error.name).toBe('InvalidClientTokenId');
      expect(error.$metadata?.httpStatusCode).toBe(403);
    }
  });
});

describe('EC2 DescribeRegions', () => {
  const regions = async (input: DescribeRegionsCommandInput) =>
    ((await (await ec2('eu-west-1')).send(new DescribeRegionsCommand(input))).Regions ?? []).map((r) => [
      r.RegionName,
      r.OptInStatus,
    ]);

  it('returns the enabled Regions, and every Region with AllRegions', async () => {
    expect(await regions({})).toEqual([
      ['us-east-1', 'opt-in-not-required'],
      ['eu-west-1', 'opt-in-not-required'],
      ['ap-east-1', 'opted-in'],
    ]);
    expect(await regions({ AllRegions: true })).toEqual([
      ['us-east-1', 'opt-in-not-required'],
      ['eu-west-1', 'opt-in-not-required'],
      ['af-south-1', 'not-opted-in'],
      ['ap-east-1', 'opted-in'],
    ]);
  });

  it('narrows by Region name and opt-in-status filter', async () => {
    expect(await regions({ RegionNames: ['eu-west-1'] })).toEqual([['eu-west-1', 'opt-in-not-required']]);
    expect(await regions({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }] })).toEqual(
      [['af-south-1', 'not-opted-in']],
    );
  });

  it('rejects an unknown key, and a Region not enabled, with AuthFailure', async () => {
    for (const client of [await stranger.client('ec2', 'us-east-1'), await ec2('af-south-1')]) {
      const error = await failure(client.send(new DescribeRegionsCommand({})));
      expect(error.name).toBe('AuthFailure');
      expect(error.$metadata?.httpStatusCode).toBe(401);
    }
  });
});

describe('requests without a SigV4 Authorization header', () => {
  it.each([
    [
      'STS',
      {
        method: 'POST',
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      403,
      'MissingAuthenticationToken',
    ],
    [
      'CloudTrail',
      { method: 'POST', body: '{}', headers: { 'x-amz-target': 'CloudTrail_20131101.DescribeTrails' } },
      400,
      'MissingAuthenticationTokenException',
    ],
    ['S3', { method: 'GET' }, 403, '<Code>AccessDenied</Code>'],
  ])('are refused in the words of %s', async (_, init, status, code) => {
    const response = await fetch(`${fixture.sandbox.url}/`, init);
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(code);
  });

  it('are not counted as calls', () => {
    expect(Object.keys(fixture.sandbox.counts())).not.toContain('s3:ListBuckets');
  });
});
