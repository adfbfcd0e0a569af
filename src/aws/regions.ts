/** Region names and partitions. The enabled set always comes from ec2:DescribeRegions, never from a list. */

/** The shape of a Region name: `us-east-1`, `us-gov-west-1`, `eusc-de-east-1`. */
export const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

export const isRegionName = (name: string): boolean => REGION_PATTERN.test(name);

const PARTITION_PREFIXES: [prefix: string, partition: string][] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-iso-', 'aws-iso'],
  ['eusc-', 'aws-eusc'],
];

export function partitionOf(region: string): string {
  return PARTITION_PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` */
export function parseArn(
  arn: string,
): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}
