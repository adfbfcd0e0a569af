/**
 * What comes back from a plugin check is checked before it becomes a result, and a check that fails is
 * NOT_AVAILABLE for its whole scope. (The worker and its time budget are tested through the built CLI.)
 */
import { describe, expect, it } from 'vitest';
import { centralLogBucket, trailOwnerTag } from '../../examples/acme-checks/index.js';
import { defineCheck, z, type Check } from '../../checks/api.js';
import type { Inventory } from '../../src/model/inventory.js';
import { checkErrorFindings, validateFindings } from '../../src/plugins/isolate.js';
import { runCheck } from '../../src/plugins/run-check.js';
import { ACCOUNT_ID, bucket, inventory, trail } from '../fixtures/inventory.js';

const ORIGIN = { url: 'file:///checks/acme.js', exportName: 'default', label: 'checks/acme.js' };
const PARAMS = { centralBucket: 'trail-logs' };
const twoTrails = () => inventory({ trails: [trail(), trail({ name: 'legacy', s3BucketName: 'legacy-logs' })] });

/** A check of the given resource type whose evaluate does what it is told. */
function pluginCheck(evaluate: () => unknown, resourceType: Check['resourceType'] = 'AwsCloudTrailTrail'): Check {
  return defineCheck({
    ...centralLogBucket,
    parameters: z.object({}),
    resourceType,
    reasons: { OK: 'fine', BAD: 'not fine' },
    remediation: () => ({ text: 'fix it', commands: [] }),
    evaluate: evaluate as () => [],
  });
}

const good = (overrides: Record<string, unknown> = {}) => {
  const inv = inventory();
  const [finding] = centralLogBucket.evaluate(inv, PARAMS);
  return { ...finding, remediation: { text: 'fix', commands: [] }, ...overrides };
};

describe('runCheck then validateFindings', () => {
  it('passes well-formed findings through, with the remediation of each failure', () => {
    const run = runCheck(centralLogBucket, twoTrails(), PARAMS);
    expect(run.ok).toBe(true);
    const outcome = validateFindings(centralLogBucket, run.ok ? run.findings : []);
    expect(outcome.ok && outcome.findings.map((f) => [f.status, f.reasonCode, f.remediation?.commands.length])).toEqual(
      [
        ['FAILED', 'OTHER_BUCKET', 1],
        ['PASSED', 'CENTRAL_BUCKET', undefined],
      ],
    );
  });

  it.each<[string, () => unknown, string]>([
    [
      'throws',
      () => {
        throw new TypeError("Cannot read properties of undefined (reading 'tags')");
      },
      "threw TypeError: Cannot read properties of undefined (reading 'tags')",
    ],
    [
      'returns a promise',
      () => Promise.resolve([]),
      'evaluate returned a promise (evaluate is synchronous), not a list of findings',
    ],
    ['returns no list', () => ({ findings: [] }), 'evaluate returned object, not a list of findings'],
  ])('fails a check that %s', (_, evaluate, message) => {
    expect(runCheck(pluginCheck(evaluate), inventory(), {})).toEqual({ ok: false, message });
  });

  it('fails a check whose remediation throws', () => {
    const check = defineCheck({
      ...centralLogBucket,
      remediation: () => {
        throw new Error('no template');
      },
    });
    expect(runCheck(check, twoTrails(), PARAMS)).toEqual({
      ok: false,
      message: 'remediation threw Error: no template',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'an unknown status',
      { status: 'OK' },
      '[0].status: Invalid option: expected one of "FAILED"|"WARNING"|"NOT_AVAILABLE"|"PASSED" (got "OK")',
    ],
    [
      'a reason code it does not declare',
      { reasonCode: 'LOOKS_FINE' },
      '[0].reasonCode: LOOKS_FINE is not a reason the check declares (CENTRAL_BUCKET, OTHER_BUCKET)',
    ],
    ['no resource', { resource: undefined }, '[0].resource: Invalid input: expected object, received undefined'],
    [
      'a resource of an unknown type',
      { resource: { ...good().resource, type: 'AwsIamRole' } },
      '[0].resource.type: Invalid option: expected one of "AwsAccount"|"AwsCloudTrailEventDataStore"|"AwsCloudTrailTrail"|"AwsKmsKey"|"AwsS3Bucket" (got "AwsIamRole")',
    ],
    [
      'evidence that is no record',
      { evidence: 'bucket: x' },
      '[0].evidence: Invalid input: expected record, received string (got "bucket: x")',
    ],
    [
      'a failure without remediation',
      { status: 'FAILED', remediation: undefined },
      '[0].remediation: a FAILED or WARNING finding needs a remediation',
    ],
  ])('rejects a finding with %s', (_, overrides, problem) => {
    expect(validateFindings(centralLogBucket, [good(overrides)])).toEqual({
      ok: false,
      message: `returned a malformed finding: ${problem}`,
    });
  });

  it('accepts the common reasons the shared scopes give', () => {
    expect(validateFindings(centralLogBucket, [good({ status: 'NOT_AVAILABLE', reasonCode: 'API_ERROR' })]).ok).toBe(
      true,
    );
  });
});

describe('checkErrorFindings', () => {
  const verdictsOf = (inv: Inventory, check: Check) =>
    checkErrorFindings(inv, { check, params: {}, origin: ORIGIN }, 'threw Error: boom').map((f) => ({
      id: f.resource.id,
      status: f.status,
      reasonCode: f.reasonCode,
      reason: f.reason,
      evidence: f.evidence,
    }));

  it('makes every trail NOT_AVAILABLE for a trail check, with the reason and the plugin', () => {
    const expected = (name: string) => ({
      id: `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/${name}`,
      status: 'NOT_AVAILABLE',
      reasonCode: 'CHECK_ERROR',
      reason: 'Check acme.central-log-bucket could not be evaluated: threw Error: boom',
      evidence: { plugin: 'checks/acme.js' },
    });
    expect(verdictsOf(twoTrails(), centralLogBucket)).toEqual([expected('legacy'), expected('main')]);
  });

  it('makes every bucket NOT_AVAILABLE for a bucket check', () => {
    const inv = inventory({ buckets: [bucket(), bucket({ name: 'legacy-logs' })] });
    expect(
      verdictsOf(
        inv,
        pluginCheck(() => [], 'AwsS3Bucket'),
      ).map((f) => f.id),
    ).toEqual(['arn:aws:s3:::trail-logs', 'arn:aws:s3:::legacy-logs']);
  });

  it('makes the account NOT_AVAILABLE when there is nothing of its type, so the failure is never silent', () => {
    expect(verdictsOf(inventory({ trails: [] }), trailOwnerTag).map((f) => [f.id, f.status])).toEqual([
      [`AWS::::Account:${ACCOUNT_ID}`, 'NOT_AVAILABLE'],
    ]);
    expect(
      verdictsOf(
        inventory(),
        pluginCheck(() => [], 'AwsAccount'),
      ).map((f) => f.id),
    ).toEqual([`AWS::::Account:${ACCOUNT_ID}`]);
  });
});
