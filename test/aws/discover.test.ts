import { describe, expect, it } from 'vitest';
import { planRegions, type RegionList } from '../../src/aws/discover.js';
import { partitionOf } from '../../src/aws/regions.js';

const regions: RegionList = [
  { name: 'us-east-1', optInStatus: 'opt-in-not-required' },
  { name: 'eu-west-1', optInStatus: 'opt-in-not-required' },
  { name: 'af-south-1', optInStatus: 'not-opted-in' },
  { name: 'me-south-1', optInStatus: 'opted-in' },
  { name: 'cn-north-1', optInStatus: 'opt-in-not-required' },
];

describe('planRegions', () => {
  it('scans the enabled Regions of the caller’s partition and lists the disabled ones as skipped', () => {
    expect(planRegions(regions, 'aws', {})).toEqual({
      scanned: ['eu-west-1', 'me-south-1', 'us-east-1'],
      skipped: [{ region: 'af-south-1', reason: 'not enabled (opt-in Region)' }],
    });
  });

  it('narrows to --regions and leaves out --exclude-regions', () => {
    expect(planRegions(regions, 'aws', { include: ['us-east-1', 'af-south-1'] })).toEqual({
      scanned: ['us-east-1'],
      skipped: [{ region: 'af-south-1', reason: 'not enabled (opt-in Region)' }],
    });
    expect(planRegions(regions, 'aws', { exclude: ['eu-west-1'] }).scanned).toEqual(['me-south-1', 'us-east-1']);
  });

  it('rejects a Region the partition does not have', () => {
    expect(() => planRegions(regions, 'aws', { include: ['us-east-9'] })).toThrow(
      'Region us-east-9 is not a Region of partition aws',
    );
    expect(() => planRegions(regions, 'aws', { exclude: ['cn-north-1'] })).toThrow(
      'Region cn-north-1 is not a Region of partition aws',
    );
  });

  it('knows the partitions by Region name', () => {
    expect(['us-east-1', 'cn-northwest-1', 'us-gov-west-1', 'eusc-de-east-1'].map(partitionOf)).toEqual([
      'aws',
      'aws-cn',
      'aws-us-gov',
      'aws-eusc',
    ]);
  });
});
