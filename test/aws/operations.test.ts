import { describe, expect, it } from 'vitest';
import { OPERATIONS, iamPolicy, isReadOnly, requiredIamActions, servicesFor } from '../../src/aws/operations.js';

describe('the declared AWS operations', () => {
  it.each(Object.values(OPERATIONS))('$service:$name is a read and so is its IAM action $iamAction', (operation) => {
    expect(isReadOnly(operation.name)).toBe(true);
    expect(isReadOnly(operation.iamAction.split(':')[1] ?? '')).toBe(true);
  });

  it('recognises writes as writes', () => {
    for (const name of ['PutEventSelectors', 'StopLogging', 'DeleteTrail', 'CreateTrail', 'UpdateTrail', 'Getaway']) {
      expect(isReadOnly(name)).toBe(false);
    }
  });

  it('the services a scan talks to follow from the same table', () => {
    expect(servicesFor(['trails'])).toEqual(['sts', 'ec2', 'cloudtrail']);
    expect(servicesFor(['trails', 'bucketLogging'])).toEqual(['sts', 'ec2', 'cloudtrail', 's3']);
    expect(servicesFor(['trails', 'bucketPublicAccess'])).toEqual(['sts', 'ec2', 'cloudtrail', 's3', 's3control']);
  });

  it('a scan of CloudTrail.4 alone needs no S3 permission', () => {
    expect(requiredIamActions(['trails'])).toEqual([
      'cloudtrail:DescribeTrails',
      'ec2:DescribeRegions',
      'sts:GetCallerIdentity',
    ]);
  });

  it('the full policy lists every action once, sorted', () => {
    const actions = requiredIamActions();
    expect(actions).toEqual([...new Set(Object.values(OPERATIONS).map((o) => o.iamAction))].sort());
    expect(iamPolicy()).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'TrailscanReadOnly', Effect: 'Allow', Action: actions, Resource: '*' }],
    });
  });
});
