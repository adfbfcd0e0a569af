import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/sandbox/services/index.js';
import {
  buildWorld,
  builtinScenarioNames,
  loadScenario,
  parseScenario,
  ScenarioError,
  type ScenarioInput,
} from '../../src/sandbox/index.js';

const minimal = (): ScenarioInput => ({
  regions: [{ name: 'us-east-1' }, { name: 'af-south-1', optIn: true }],
  accounts: [{ accessKeyId: 'TSTEST0000000001', secretAccessKey: 's', accountId: '111122223333', trails: [] }],
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailscan-scenario-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** The one-line message loading the file fails with. */
async function loadError(path: string): Promise<string> {
  const error = await loadScenario(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScenarioError);
  const message = (error as ScenarioError).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('scenario files', () => {
  it('loads YAML and JSON, applying defaults', async () => {
    const yaml = await file(
      'ok.yaml',
      [
        'regions:',
        '  - name: us-east-1',
        'accounts:',
        '  - accessKeyId: TSTEST0000000001',
        '    secretAccessKey: s',
        "    accountId: '111122223333'",
      ].join('\n'),
    );
    const json = await file('ok.json', JSON.stringify(minimal()));
    for (const path of [yaml, json]) {
      const scenario = await loadScenario(path);
      expect(scenario.accounts[0]).toMatchObject({ accountId: '111122223333', trails: [], optedInRegions: [] });
      expect(scenario.faults).toEqual([]);
    }
  });

  it('names the file and the offending path in one line', async () => {
    const bad = minimal();
    bad.accounts[0]!.trails = [
      { name: 'ok-trail', homeRegion: 'us-east-1', s3BucketName: 'b' },
      { name: 'bad-trail', homeRegion: 'us-east-9', s3BucketName: 'b' },
    ];
    const path = await file('demo.yaml', JSON.stringify(bad));
    expect(await loadError(path)).toBe(
      `scenario ${path}: accounts[0].trails[1].homeRegion: "us-east-9" is not a Region of the world`,
    );
  });

  it.each([
    [
      'a misspelt key',
      (s: ScenarioInput) => Object.assign(s.accounts[0]!, { acessKeyId: 'x' }),
      'accounts[0]: Unrecognized key: "acessKeyId"',
    ],
    [
      'a wrong type',
      (s: ScenarioInput) => Object.assign(s.accounts[0]!, { accountId: 1234 }),
      'accounts[0].accountId: Invalid input: expected string, received number',
    ],
    [
      'a real-looking key',
      // A made-up key in the shape of a real one, assembled so the source never holds that shape.
      (s: ScenarioInput) => Object.assign(s.accounts[0]!, { accessKeyId: ['AKIA', 'ABCDEFGHIJKLMNOP'].join('') }),
      'accounts[0].accessKeyId: looks like a real AWS access key',
    ],
    [
      'an opt-in Region not enabled',
      (s: ScenarioInput) =>
        Object.assign(s.accounts[0]!, { trails: [{ name: 'x-trail', homeRegion: 'af-south-1', s3BucketName: 'b' }] }),
      'accounts[0].trails[0].homeRegion: af-south-1 is not enabled for this account',
    ],
    [
      'an organization trail outside a management account',
      (s: ScenarioInput) =>
        Object.assign(s.accounts[0]!, {
          trails: [{ name: 'org', homeRegion: 'us-east-1', s3BucketName: 'b', organization: true }],
        }),
      'accounts[0].trails[0].organization: only the management account',
    ],
    [
      'a fault on an unknown operation',
      (s: ScenarioInput) =>
        Object.assign(s, { faults: [{ operation: 'cloudtrail:StopLogging', error: 'throttling' }] }),
      'faults[0].operation: "cloudtrail:StopLogging" is not an operation the sandbox serves',
    ],
    [
      'a policy status without a policy',
      (s: ScenarioInput) =>
        Object.assign(s, {
          buckets: [{ name: 'bucket-1', region: 'us-east-1', ownerAccountId: '111122223333', policyIsPublic: true }],
        }),
      'buckets[0].policyIsPublic: a bucket without a policy has no policy status',
    ],
    [
      'a policy without its status (S3 computes it; the sandbox does not guess)',
      (s: ScenarioInput) =>
        Object.assign(s, {
          buckets: [
            { name: 'bucket-1', region: 'us-east-1', ownerAccountId: '111122223333', policy: { Statement: [] } },
          ],
        }),
      'buckets[0].policyIsPublic: say whether S3 reports the policy as public',
    ],
  ])('rejects %s', async (_, change, expected) => {
    const scenario = minimal();
    change(scenario);
    const message = await loadError(await file('bad.json', JSON.stringify(scenario)));
    expect(message).toContain(`bad.json: ${expected}`);
  });

  it('reports unreadable files and syntax errors in one line', async () => {
    expect(await loadError(join(dir, 'missing.yaml'))).toMatch(
      /missing\.yaml: no such file, and no built-in scenario \(demo, large, organization\)$/,
    );
    expect(await loadError(await file('broken.yaml', 'regions: [\n  - name: x\n'))).toMatch(
      /broken\.yaml is not valid YAML or JSON: .+ at line \d+, column \d+$/,
    );
    expect(await loadError(await file('broken.json', '{"regions": ['))).toMatch(/broken\.json is not valid JSON: /);
  });

  it('lets faults name every operation the sandbox serves', () => {
    expect([...OPERATIONS].sort()).toEqual([
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetEventDataStore',
      'cloudtrail:GetEventSelectors',
      'cloudtrail:GetInsightSelectors',
      'cloudtrail:GetTrailStatus',
      'cloudtrail:ListEventDataStores',
      'cloudtrail:ListPublicKeys',
      'cloudtrail:ListTags',
      'cloudtrail:LookupEvents',
      'cloudwatch:DescribeAlarmsForMetric',
      'ec2:DescribeRegions',
      'events:ListRules',
      'events:ListTargetsByRule',
      'kms:DescribeKey',
      'kms:GetKeyPolicy',
      'kms:GetKeyRotationStatus',
      'logs:DescribeMetricFilters',
      'organizations:ListAccounts',
      's3:GetBucketAcl',
      's3:GetBucketLocation',
      's3:GetBucketLogging',
      's3:GetBucketOwnershipControls',
      's3:GetBucketPolicy',
      's3:GetBucketPolicyStatus',
      's3:GetBucketVersioning',
      's3:GetObject',
      's3:GetObjectLockConfiguration',
      's3:GetPublicAccessBlock',
      's3:HeadBucket',
      's3:HeadObject',
      's3:ListBuckets',
      's3:ListObjects',
      's3:ListObjectsV2',
      's3control:GetPublicAccessBlock',
      'sns:ListSubscriptionsByTopic',
      'sts:AssumeRole',
      'sts:GetCallerIdentity',
    ]);
    const faults = [...OPERATIONS, 's3:*', '*'].map((operation) => ({ operation, latencyMs: 1 }));
    expect(parseScenario({ ...minimal(), faults }, 'inline').faults).toHaveLength(OPERATIONS.length + 2);
  });

  it('parses objects built in code with the same rules', () => {
    expect(() => parseScenario({ regions: [], accounts: [] }, 'inline')).toThrow(/^scenario inline: regions: /);
  });
});

describe('built-in scenarios and builders', () => {
  it('loads every built-in scenario by name', async () => {
    expect(builtinScenarioNames()).toEqual(['demo', 'large', 'organization']);
    for (const name of builtinScenarioNames()) await expect(loadScenario(name)).resolves.toMatchObject({ name });
  });

  it('builds worlds of any size with deterministic names', () => {
    const world = buildWorld({ regions: 17, optInRegions: 3, trails: 5, buckets: 2, members: 2 });
    expect(world.regions.filter((r) => !r.optIn)).toHaveLength(17);
    expect(world.accounts.map((a) => a.accountId)).toEqual(['100000000000', '100000000001', '100000000002']);
    expect(world.accounts[1]!.optedInRegions).toEqual(['af-south-1', 'ap-east-2']);
    const trails = world.accounts[0]!.trails;
    expect(trails).toHaveLength(5);
    expect(trails[0]).toMatchObject({ multiRegion: true, organization: true });
    expect(new Set(trails.map((t) => t.s3BucketName))).toEqual(new Set(world.buckets.map((b) => b.name)));
    expect(buildWorld({ trails: 5 })).toEqual(buildWorld({ trails: 5 }));
  });
});
