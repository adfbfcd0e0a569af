import { describe, expect, it } from 'vitest';
import { ALL_OPERATIONS, isReadOnly, READ_OPERATIONS } from '../../src/aws/catalogue.js';
import { allSlices, iamPolicy, operationsFor, requiredIamActions, servicesFor } from '../../src/aws/plan.js';
import { SLICES } from '../../src/model/inventory.js';

describe('the catalogue of AWS operations', () => {
  it.each(READ_OPERATIONS)('$id is a read and so is its IAM action $iamAction', (operation) => {
    expect(isReadOnly(operation.name)).toBe(true);
    expect(isReadOnly(operation.iamAction.split(':')[1] ?? '')).toBe(true);
  });

  it('only ListAccounts and AssumeRole obtain access to accounts, and AssumeRole is the one non-read', () => {
    const access = ALL_OPERATIONS.filter((o) => o.accountAccess);
    expect(access.map((o) => o.id).sort()).toEqual(['organizations:ListAccounts', 'sts:AssumeRole']);
    expect(access.filter((o) => !isReadOnly(o.name)).map((o) => o.id)).toEqual(['sts:AssumeRole']);
  });

  it('recognises writes as writes', () => {
    for (const name of ['PutEventSelectors', 'StopLogging', 'DeleteTrail', 'CreateTrail', 'UpdateTrail', 'Getaway']) {
      expect(isReadOnly(name)).toBe(false);
    }
  });

  it('every slice of the inventory model is fed by a declared read, and nothing else is', () => {
    expect([...allSlices()].sort(), 'SLICES in src/model/inventory.ts and the reads in src/aws/kinds/').toEqual(
      [...SLICES].sort(),
    );
  });

  it('every operation of the catalogue is used by some slice', () => {
    expect(operationsFor(allSlices())).toEqual(expect.arrayContaining([...READ_OPERATIONS]));
  });
});

describe('what a scan of some slices needs follows from the declarations', () => {
  it('the services a scan talks to', () => {
    expect(servicesFor(['trails'])).toEqual(['sts', 'ec2', 'cloudtrail']);
    expect(servicesFor(['trails', 'bucketLogging'])).toEqual(['sts', 'ec2', 'cloudtrail', 's3']);
    expect(servicesFor(['trails', 'bucketPublicAccess'])).toEqual(['sts', 'ec2', 'cloudtrail', 's3', 's3control']);
  });

  it('a bucket slice alone still lists the trails that name the buckets', () => {
    expect(operationsFor(['bucketLogging']).map((o) => o.id)).toEqual([
      'sts:GetCallerIdentity',
      'ec2:DescribeRegions',
      'cloudtrail:DescribeTrails',
      's3:ListBuckets',
      's3:GetBucketLocation',
      's3:GetBucketLogging',
    ]);
  });

  it('a scan of CloudTrail.4 alone needs no S3 permission', () => {
    expect(requiredIamActions(['trails'])).toEqual([
      'cloudtrail:DescribeTrails',
      'ec2:DescribeRegions',
      'sts:GetCallerIdentity',
    ]);
  });

  it('the policy for every slice lists every action of the catalogue once, sorted', () => {
    const actions = requiredIamActions(allSlices());
    expect(actions).toEqual([...new Set(READ_OPERATIONS.map((o) => o.iamAction))].sort());
    expect(iamPolicy(allSlices())).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'TrailscanReadOnly', Effect: 'Allow', Action: actions, Resource: '*' }],
    });
  });
});
