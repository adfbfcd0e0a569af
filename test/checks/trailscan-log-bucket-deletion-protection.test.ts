import { describe, expect, it } from 'vitest';
import { describeTrailBucketScope } from './per-bucket.js';
import type { Bucket } from '../../src/model/inventory.js';
import { bucket, checkById, err, inventory, ok, run } from '../fixtures/inventory.js';

const CHECK = 'trailscan.log-bucket-deletion-protection';
const lock = (retention: { mode: string; days?: number; years?: number } | null) =>
  ok({ enabled: true, defaultRetention: retention });
const versioning = (status: 'Enabled' | 'Suspended' | null, mfaDelete = false) => ok({ status, mfaDelete });

const cases: { name: string; bucket: Partial<Bucket>; params?: object; status: string; reasonCode: string }[] = [
  { name: 'versioning with MFA delete', bucket: {}, status: 'PASSED', reasonCode: 'MFA_DELETE_ENABLED' },
  {
    name: 'Object Lock with a default retention',
    bucket: { versioning: versioning('Enabled'), objectLock: lock({ mode: 'COMPLIANCE', days: 365 }) },
    status: 'PASSED',
    reasonCode: 'OBJECT_LOCK_RETENTION',
  },
  {
    name: 'Object Lock decides even when versioning cannot be read',
    bucket: {
      versioning: err('s3:GetBucketVersioning', 'us-east-1'),
      objectLock: lock({ mode: 'GOVERNANCE', years: 1 }),
    },
    status: 'PASSED',
    reasonCode: 'OBJECT_LOCK_RETENTION',
  },
  {
    name: 'trap: versioning without MFA delete',
    bucket: { versioning: versioning('Enabled') },
    status: 'FAILED',
    reasonCode: 'VERSIONING_WITHOUT_MFA_DELETE',
  },
  {
    name: 'trap: MFA delete left on a suspended versioning protects no new object',
    bucket: { versioning: versioning('Suspended', true) },
    status: 'FAILED',
    reasonCode: 'NOT_PROTECTED_AGAINST_DELETION',
  },
  {
    name: 'versioning never enabled',
    bucket: { versioning: versioning(null) },
    status: 'FAILED',
    reasonCode: 'NOT_PROTECTED_AGAINST_DELETION',
  },
  {
    name: 'versioning never enabled, so the scan did not ask for Object Lock',
    bucket: { versioning: versioning(null), objectLock: undefined },
    status: 'FAILED',
    reasonCode: 'NOT_PROTECTED_AGAINST_DELETION',
  },
  {
    name: 'versioning suspended, so the scan did not ask for Object Lock',
    bucket: { versioning: versioning('Suspended', true), objectLock: undefined },
    status: 'FAILED',
    reasonCode: 'NOT_PROTECTED_AGAINST_DELETION',
  },
  {
    name: 'trap: Object Lock without a default retention locks nothing new',
    bucket: { versioning: versioning('Enabled'), objectLock: lock(null) },
    status: 'FAILED',
    reasonCode: 'OBJECT_LOCK_WITHOUT_RETENTION',
  },
  {
    name: 'CIS: Object Lock is no substitute for MFA delete',
    bucket: { versioning: versioning('Enabled'), objectLock: lock({ mode: 'COMPLIANCE', days: 365 }) },
    params: { objectLockCounts: false },
    status: 'FAILED',
    reasonCode: 'VERSIONING_WITHOUT_MFA_DELETE',
  },
  {
    name: 'GetBucketVersioning denied, no Object Lock',
    bucket: { versioning: err('s3:GetBucketVersioning', 'us-east-1') },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'GetObjectLockConfiguration denied, versioning without MFA delete',
    bucket: {
      versioning: versioning('Enabled'),
      objectLock: err('s3:GetObjectLockConfiguration', 'us-east-1'),
    },
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'MFA delete decides even when Object Lock cannot be read',
    bucket: { objectLock: err('s3:GetObjectLockConfiguration', 'us-east-1') },
    status: 'PASSED',
    reasonCode: 'MFA_DELETE_ENABLED',
  },
];

describe(CHECK, () => {
  it.each(cases)('$name → $status $reasonCode', ({ bucket: b, params, status, reasonCode }) => {
    expect(run(CHECK, inventory({ buckets: [bucket(b)] }), { ...params })).toEqual([
      expect.objectContaining({
        status,
        reasonCode,
        resource: expect.objectContaining({ type: 'AwsS3Bucket', id: 'arn:aws:s3:::trail-logs' }),
      }),
    ]);
  });

  it('says the mode and period of the retention, and shows both settings as evidence', () => {
    const [finding] = run(
      CHECK,
      inventory({
        buckets: [bucket({ versioning: versioning('Enabled'), objectLock: lock({ mode: 'GOVERNANCE', years: 7 }) })],
      }),
    );
    expect(finding?.reason).toBe(
      'Bucket trail-logs keeps every object version under Object Lock, GOVERNANCE mode, for 7 years',
    );
    expect(finding?.evidence).toEqual({
      versioning: { status: 'Enabled', mfaDelete: false },
      objectLock: { enabled: true, defaultRetention: { mode: 'GOVERNANCE', years: 7 } },
    });
  });

  it('CIS profiles do not count Object Lock', () => {
    expect(checkById(CHECK).standardParameters?.['cis-1.4']).toEqual({ objectLockCounts: false });
  });
});

describeTrailBucketScope(CHECK);
