/**
 * Every fault the sandbox can inject, on every operation a full scan calls: errors as AWS gives them, an
 * error echoing the caller's credentials, no answer, headers then a stall, a trickling body, a reset
 * connection, and HTTP 200 answers that are not the answer (cut short, empty, `{}` or a bare XML root, an
 * HTML page). Each scan runs the command line in process (the real SDK, real HTTP to the sandbox) and
 * writes every output. It must:
 * - give no PASSED that a calm scan of the same world would not give;
 * - end within a bound set by --timeout, whatever the endpoint does;
 * - be incomplete (exit 4, SARIF executionSuccessful false with a notification per failed call) whenever
 *   a call failed, and report the faulted operation as failed unless its answer is a valid one;
 * - print the credentials nowhere: not on stderr, in the JSON, SARIF, JUnit or text reports, nor in the
 *   saved inventory.
 * Discovery (who the caller is, which Regions) cannot be worked around: there it is one line, exit 2.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { SERVICES, type ServiceName } from '../../src/aws/catalogue.js';
import { operationsFor } from '../../src/aws/plan.js';
import { selectChecks } from '../../src/cli/selection.js';
import { requiredSlices } from '../../src/engine/evaluate.js';
import type { ScanReport } from '../../src/model/report.js';
import { FAULT_ERRORS } from '../../src/sandbox/scenario.js';
import {
  compliantAccountResources,
  parseScenario,
  startSandbox,
  type RunningSandbox,
  type ScenarioInput,
} from '../../src/sandbox/index.js';
import { runInProcess } from '../support/in-process.js';
import { verdicts } from './scan-world.js';
import { ACCOUNT_ID, LOG_BUCKET, bucket, trail } from './worlds.js';

const ACCESS_KEY_ID = 'TSMATRIX00000001';
const SECRET_ACCESS_KEY = 'matrix-secret-access-key';
// Neither looks like an AWS credential: only knowing the credentials in use can keep them out.
const SESSION_TOKEN = 'matrix-session-token-of-the-caller';
const SECRETS = [ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN];

const home = mkdtempSync(path.join(tmpdir(), 'trailscan-matrix-'));
// This file's worker has its own environment: the in-process scans take their credentials from it.
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
  AWS_SESSION_TOKEN: SESSION_TOKEN,
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: path.join(home, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
});
delete process.env['AWS_PROFILE'];
delete process.env['AWS_ENDPOINT_URL'];

type Fault = NonNullable<ScenarioInput['faults']>[number];
type FaultKind = NonNullable<Fault['error']>;

/**
 * A world where every operation is called and matters: a stopped multi-Region trail; a trail whose bucket
 * is public through its ACL (with bucket Block Public Access and Object Ownership set, so those reads
 * answer); a bucket public through its policy; a trail whose bucket is another account's (located with
 * GetBucketLocation); account-level Block Public Access that hides nothing.
 */
const MATRIX_TRAILS = [
  trail({ logging: false }),
  trail({ name: 'legacy', homeRegion: 'eu-west-1', multiRegion: false, s3BucketName: 'legacy-logs-e2e' }),
  trail({ name: 'archived', homeRegion: 'us-west-2', multiRegion: false, s3BucketName: 'central-archive-e2e' }),
];

const world = (faults: Fault[] = []): ScenarioInput => ({
  name: 'fault matrix',
  regions: [{ name: 'us-east-1' }, { name: 'us-west-2' }, { name: 'eu-west-1' }],
  accounts: [
    {
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      accountId: ACCOUNT_ID,
      publicAccessBlock: { blockPublicPolicy: true },
      eventDataStores: [{ name: 'audit-lake', region: 'us-east-1' }],
      eventRules: [
        {
          name: 'trail-changes',
          region: 'us-east-1',
          eventPattern: { source: ['aws.cloudtrail'], 'detail-type': ['AWS API Call via CloudTrail'] },
          targets: [`arn:aws:sns:us-east-1:${ACCOUNT_ID}:security-alerts`],
        },
      ],
      trails: MATRIX_TRAILS,
      ...compliantAccountResources(ACCOUNT_ID, MATRIX_TRAILS),
    },
  ],
  buckets: [
    bucket({
      // Versioning on, so that the scan also asks for Object Lock (which needs it).
      versioning: { status: 'Enabled' },
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${LOG_BUCKET}/*` },
        ],
      },
      policyIsPublic: true,
    }),
    bucket({
      name: 'legacy-logs-e2e',
      region: 'eu-west-1',
      grants: [{ group: 'AllUsers', permission: 'READ' }],
      publicAccessBlock: { blockPublicAcls: true },
      objectOwnership: 'ObjectWriter',
      logging: undefined,
    }),
    bucket({ name: 'central-archive-e2e', region: 'us-west-2', ownerAccountId: '444455556666' }),
  ],
  faults,
});

/**
 * A fault that never answers in full holds its call for one attempt of 3 s, keeping the scan quick. Every
 * other call of that scan, and of the others, has room to spare: scans run side by side in this process,
 * on a machine that may be busy, and a sound call timing out would hide the fault under test.
 */
const UNANSWERED: ReadonlySet<FaultKind> = new Set(['hang', 'stall-after-headers', 'trickle-body']);
const timeoutFlags = (fault: FaultKind | undefined) =>
  fault !== undefined && UNANSWERED.has(fault)
    ? ['--timeout', '3', '--max-attempts', '1']
    : ['--timeout', '10', '--max-attempts', '2'];
/** Generous for a loaded machine, far below what a scan held by a stalled call would take. */
const MAX_SCAN_MS = 20_000;

/** Answers that are valid AWS answers, so the call does not fail and the verdicts follow them. */
const VALID_ANSWERS: Record<string, string> = {
  's3:GetBucketLocation access-denied': 'a bucket the account may not locate belongs to another account',
  's3:GetBucketLocation echo-credentials': 'an AccessDenied, whatever its message: another account’s bucket',
  's3:GetBucketLocation empty-document': 'an empty LocationConstraint is a us-east-1 bucket',
  's3:GetBucketLogging empty-document': 'an empty BucketLoggingStatus is logging disabled',
  's3:GetBucketVersioning empty-document': 'an empty VersioningConfiguration is versioning never enabled',
  's3:GetObjectLockConfiguration empty-document': 'an empty ObjectLockConfiguration is no Object Lock',
  'sns:ListSubscriptionsByTopic empty-document': 'an empty list is a topic without subscriptions',
};

const DISCOVERY = new Set(['sts:GetCallerIdentity', 'ec2:DescribeRegions']);

/** Every check of every standard: the widest scan there is. */
const selected = selectChecks(builtinChecks, undefined, undefined, 'all');
const OPERATIONS = operationsFor(requiredSlices(selected)).map((o) => o.id);

const validateReport = new Ajv2020({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object,
);

interface MatrixScan {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
  /** Every file the scan wrote, by name. */
  files: Record<string, string>;
}

async function scan(faults: Fault[], fault?: FaultKind): Promise<MatrixScan> {
  const sandbox: RunningSandbox = await startSandbox(parseScenario(world(faults), 'fault matrix'));
  const out = mkdtempSync(path.join(tmpdir(), 'trailscan-matrix-out-'));
  try {
    const run = await runInProcess([
      'scan',
      '--endpoint-url',
      sandbox.url,
      '--format',
      'json',
      '--fail-on',
      'none',
      '--standard',
      'all',
      '--quiet',
      ...timeoutFlags(fault),
      ...['sarif', 'junit', 'text', 'html', 'asff', 'ocsf'].flatMap((format) => [
        '-o',
        `${format}=${path.join(out, `report.${format}`)}`,
      ]),
      '--save-inventory',
      path.join(out, 'inventory.json'),
    ]);
    const files = Object.fromEntries(
      readdirSync(out).map((name) => [name, readFileSync(path.join(out, name), 'utf8')]),
    );
    return { ...run, files };
  } finally {
    await sandbox.close();
  }
}

let calm: ScanReport;
beforeAll(async () => {
  const run = await scan([]);
  calm = JSON.parse(run.stdout) as ScanReport;
});

describe('the calm world', () => {
  it('is scanned completely, and every operation of a full scan is part of it', () => {
    expect(calm.gate).toMatchObject({ complete: true, exitCode: 0 });
    expect(Object.keys(calm.scan.apiCalls.byOperation).sort()).toEqual([...OPERATIONS].sort());
    expect(Object.values(verdicts(calm)).filter((v) => v.startsWith('FAILED')).length).toBeGreaterThan(3);
  });
});

/**
 * A covering sample of the matrix: every operation once (with faults in turn), and every fault on one
 * operation of each wire protocol (JSON, query, REST-XML), since what differs between runtimes is the HTTP
 * stack and the protocols' parsers, not the checks.
 */
function coveringCases(): (readonly [string, FaultKind])[] {
  const everyOperation = OPERATIONS.map((operation, i) => [operation, FAULT_ERRORS[i % FAULT_ERRORS.length]!] as const);
  const protocolKind = (operation: string) => SERVICES[operation.split(':')[0] as ServiceName].protocol.kind;
  const onePerProtocol = [...new Map(OPERATIONS.map((operation) => [protocolKind(operation), operation])).values()];
  const everyFault = onePerProtocol.flatMap((operation) => FAULT_ERRORS.map((fault) => [operation, fault] as const));
  const unique = new Map([...everyOperation, ...everyFault].map((c) => [c.join(' '), c]));
  return [...unique.values()];
}

/**
 * Every fault on every operation; with TRAILSCAN_FAULT_MATRIX=covering (how `.ci/run` runs the end-to-end
 * tests on its other Node.js versions, the full matrix having run once on 22), the covering sample.
 */
const cases =
  process.env['TRAILSCAN_FAULT_MATRIX'] === 'covering'
    ? coveringCases()
    : OPERATIONS.flatMap((operation) => FAULT_ERRORS.map((fault) => [operation, fault] as const));

describe.concurrent('every fault on every operation', () => {
  it.each(cases)('%s %s', async (operation, fault: FaultKind) => {
    const run = await scan([{ operation, error: fault }], fault);
    const outputs = { stdout: run.stdout, stderr: run.stderr, ...run.files };

    expect(run.ms, 'no hang past the timeout').toBeLessThan(MAX_SCAN_MS);
    for (const [name, text] of Object.entries(outputs)) {
      for (const secret of SECRETS) expect(text, `${secret} in ${name}`).not.toContain(secret);
    }

    if (DISCOVERY.has(operation)) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^trailscan: /);
      return;
    }

    const report = JSON.parse(run.stdout) as ScanReport;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    const before = verdicts(calm);
    for (const [key, verdict] of Object.entries(verdicts(report))) {
      if (verdict.startsWith('PASSED')) expect(before[key], `${key} PASSED only under the fault`).toBe(verdict);
    }

    const failedCall = report.errors.length > 0;
    if (VALID_ANSWERS[`${operation} ${fault}`] === undefined) {
      expect(report.errors.map((e) => e.operation)).toContain(operation);
    }
    expect(report.gate.complete).toBe(!failedCall);
    expect(run.code).toBe(failedCall ? 4 : 0);
    const sarif = JSON.parse(run.files['report.sarif'] ?? '') as {
      runs: {
        invocations: { executionSuccessful: boolean; toolExecutionNotifications: { descriptor: { id: string } }[] }[];
      }[];
    };
    const [invocation] = sarif.runs[0]?.invocations ?? [];
    expect(invocation?.executionSuccessful).toBe(!failedCall);
    const callNotifications = invocation?.toolExecutionNotifications.filter((n) => n.descriptor.id === 'TS1002');
    expect(callNotifications).toHaveLength(report.errors.length);
  });
});
