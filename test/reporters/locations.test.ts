import { describe, expect, it } from 'vitest';
import { regionPath, resourcePath } from '../../reporters/locations.js';
import type { Resource } from '../../src/model/result.js';
import { ACCOUNT_ID, OTHER_ACCOUNT_ID } from '../fixtures/inventory.js';
import { uriProblems } from './sarif-checks.js';

const trailResource = (name: string, owner = ACCOUNT_ID): Resource => ({
  type: 'AwsCloudTrailTrail',
  id: `arn:aws:cloudtrail:eu-west-1:${owner}:trail/${name}`,
  name,
  region: 'eu-west-1',
  accountId: ACCOUNT_ID,
  partition: 'aws',
});

describe('resourcePath', () => {
  it.each<[string, Resource, string]>([
    ['a trail', trailResource('legacy'), `trailscan/aws/${ACCOUNT_ID}/eu-west-1/cloudtrail/trail/legacy`],
    [
      'a bucket',
      {
        type: 'AwsS3Bucket',
        id: 'arn:aws:s3:::trail-logs',
        name: 'trail-logs',
        region: 'us-east-1',
        accountId: ACCOUNT_ID,
        partition: 'aws',
      },
      `trailscan/aws/${ACCOUNT_ID}/us-east-1/s3/bucket/trail-logs`,
    ],
    [
      'the account',
      {
        type: 'AwsAccount',
        id: `AWS::::Account:${ACCOUNT_ID}`,
        name: ACCOUNT_ID,
        region: 'global',
        accountId: ACCOUNT_ID,
        partition: 'aws',
      },
      `trailscan/aws/${ACCOUNT_ID}/global/account/account/${ACCOUNT_ID}`,
    ],
  ])('places %s under its account, Region, service and type', (_, resource, path) => {
    expect(resourcePath(resource)).toBe(path);
    expect(uriProblems(path)).toEqual([]);
  });

  it('files an organization trail under the account that owns it', () => {
    const local = resourcePath(trailResource('main'));
    const organization = resourcePath(trailResource('main', OTHER_ACCOUNT_ID));
    expect(organization).toBe(`trailscan/aws/${OTHER_ACCOUNT_ID}/eu-west-1/cloudtrail/trail/main`);
    expect(organization).not.toBe(local);
  });

  it.each([
    ['spaces and reserved characters', 'my trail#1?a=%b:c/d', 'my%20trail%231%3Fa%3D%25b%3Ac%2Fd'],
    ['non-ASCII characters', 'journal-é', 'journal-%C3%A9'],
    ['a dot-segment', '..', '%2E%2E'],
  ])('percent-encodes %s so the path stays one valid URI reference', (_, name, segment) => {
    const path = resourcePath(trailResource(name));
    expect(path.split('/').at(-1)).toBe(segment);
    expect(uriProblems(path)).toEqual([]);
    expect(decodeURIComponent(segment)).toBe(name);
  });
});

describe('regionPath', () => {
  it('names a Region of an account', () => {
    expect(regionPath(ACCOUNT_ID, 'ap-southeast-3')).toBe(`trailscan/aws/${ACCOUNT_ID}/ap-southeast-3`);
  });
});
