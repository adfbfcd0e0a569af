/**
 * The benchmark's worlds. What an ideal scanner needs for each (the minimal calls, and so the sockets and rate
 * limits they take) is derived from the collection declarations and what the scan found (`plannedCalls`).
 */
import {
  buildWorld,
  DEFAULT_REGIONS,
  OPT_IN_REGIONS,
  parseScenario,
  type Scenario,
  type ScenarioInput,
} from '../src/sandbox/index.js';

const OWNER = '200000000000';
type Fault = NonNullable<ScenarioInput['faults']>[number];

/**
 * 34 Regions, all enabled (the opt-in ones opted in); in every Region the maximum of 5 trails shows: 2
 * multi-Region trails (homed in us-east-1, one with advanced selectors) plus 3 single-Region trails homed
 * there; 60 buckets spread over the Regions.
 */
function largeWorld(faults: Fault[]): ScenarioInput {
  const regions = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS];
  const buckets = Array.from({ length: 60 }, (_, i) => ({
    name: `bench-trail-logs-${String(i).padStart(2, '0')}-${OWNER}`,
    region: regions[i % regions.length]!,
    ownerAccountId: OWNER,
    objectOwnership: 'BucketOwnerEnforced' as const,
    logging: { targetBucket: `bench-access-logs-${OWNER}`, targetPrefix: `${i}/` },
  }));
  const bucketFor = (i: number) => buckets[i % buckets.length]!.name;
  const multiRegion = [0, 1].map((i) => ({
    name: `organization-wide-${i}`,
    homeRegion: 'us-east-1',
    multiRegion: true,
    s3BucketName: bucketFor(i),
    kmsKeyId: `arn:aws:kms:us-east-1:${OWNER}:key/00000000-0000-4000-8000-00000000000${i}`,
    logFileValidation: true,
    ...(i === 1
      ? {
          advancedEventSelectors: [
            { name: 'management', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
            {
              name: 'lambda data',
              fieldSelectors: [
                { field: 'eventCategory', equals: ['Data'] },
                { field: 'resources.type', equals: ['AWS::Lambda::Function'] },
              ],
            },
          ],
        }
      : {}),
  }));
  const regional = regions.flatMap((region, r) =>
    [0, 1, 2].map((k) => ({
      name: `regional-${region}-${k}`,
      homeRegion: region,
      s3BucketName: bucketFor(2 + r * 3 + k),
      logFileValidation: k !== 0,
    })),
  );
  return {
    name: 'large',
    regions: regions.map((name) => ({ name, optIn: (OPT_IN_REGIONS as readonly string[]).includes(name) })),
    accounts: [
      {
        accessKeyId: 'TSBENCHLARGE0001',
        secretAccessKey: 'bench-secret',
        accountId: OWNER,
        optedInRegions: [...OPT_IN_REGIONS],
        trails: [...multiRegion, ...regional],
      },
    ],
    buckets,
    faults,
  };
}

export interface BenchWorld {
  name: string;
  scenario: Scenario;
  description: string;
  /** Options of the scan beyond the defaults. */
  scanOptions?: string[];
}

/** Every request waits this long in the sandbox, as a network round trip would. */
export function benchWorlds(latencyMs: number): BenchWorld[] {
  const latency: Fault = { operation: '*', latencyMs };
  return [
    {
      name: 'small',
      description: '17 Regions, one multi-Region trail, one bucket',
      scenario: buildWorld({ name: 'small', regions: 17, trails: 1, buckets: 1, faults: [latency] }),
    },
    {
      name: 'large',
      description: '34 Regions, 5 trails in each (2 multi-Region, 3 regional), 60 buckets, advanced selectors',
      scenario: parseScenario(largeWorld([latency]), 'large'),
    },
    {
      name: 'large-all',
      description: 'the large world, every check of every standard (--standard all)',
      scenario: parseScenario(largeWorld([latency]), 'large-all'),
      scanOptions: ['--standard', 'all'],
    },
    {
      name: 'throttled',
      description: 'the large world with 20% of calls throttled once',
      scenario: parseScenario(
        largeWorld([latency, { operation: '*', error: 'throttling', fraction: 0.2, seed: 42 }]),
        'throttled',
      ),
    },
  ];
}
