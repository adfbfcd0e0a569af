import { describe, expect, it } from 'vitest';
import { OTHER_ACCOUNT_ID, err, inventory, ok, run, trail } from '../fixtures/inventory.js';

const verdicts = (inv: ReturnType<typeof inventory>) =>
  Object.fromEntries(run('CloudTrail.3', inv).map((f) => [f.resource.region, `${f.status} ${f.reasonCode}`]));

describe('CloudTrail.3 (one result per enabled Region)', () => {
  it('a logging multi-Region trail covers every Region', () => {
    expect(verdicts(inventory())).toEqual({
      'us-east-1': 'PASSED TRAIL_LOGGING',
      'us-west-2': 'PASSED TRAIL_LOGGING',
      'eu-west-1': 'PASSED TRAIL_LOGGING',
    });
  });

  it('a single-Region trail in us-east-1 leaves every other Region FAILED', () => {
    expect(verdicts(inventory({ trails: [trail({ isMultiRegion: false })] }))).toEqual({
      'us-east-1': 'PASSED TRAIL_LOGGING',
      'us-west-2': 'FAILED NO_TRAIL_IN_REGION',
      'eu-west-1': 'FAILED NO_TRAIL_IN_REGION',
    });
  });

  it('no trail fails every Region', () => {
    expect(Object.values(verdicts(inventory({ trails: [] })))).toEqual(Array(3).fill('FAILED NO_TRAIL_IN_REGION'));
  });

  it('a stopped trail does not count', () => {
    expect(Object.values(verdicts(inventory({ trails: [trail({ status: ok({ isLogging: false }) })] })))).toEqual(
      Array(3).fill('FAILED TRAIL_NOT_LOGGING'),
    );
  });

  it('a stopped multi-Region trail plus a logging regional one: only the regional Region passes', () => {
    const inv = inventory({
      trails: [
        trail({ status: ok({ isLogging: false }) }),
        trail({ name: 'eu', homeRegion: 'eu-west-1', isMultiRegion: false }),
      ],
    });
    expect(verdicts(inv)).toEqual({
      'us-east-1': 'FAILED TRAIL_NOT_LOGGING',
      'us-west-2': 'FAILED TRAIL_NOT_LOGGING',
      'eu-west-1': 'PASSED TRAIL_LOGGING',
    });
  });

  it('DescribeTrails failing in one Region makes that Region NOT_AVAILABLE only', () => {
    const inv = inventory();
    inv.trailLists['us-west-2'] = err('cloudtrail:DescribeTrails', 'us-west-2');
    expect(verdicts(inv)).toEqual({
      'us-east-1': 'PASSED TRAIL_LOGGING',
      'us-west-2': 'NOT_AVAILABLE API_ERROR',
      'eu-west-1': 'PASSED TRAIL_LOGGING',
    });
  });

  it('an unreadable status is NOT_AVAILABLE, not FAILED', () => {
    const inv = inventory({
      trails: [trail({ status: err('cloudtrail:GetTrailStatus', 'us-east-1', 'ThrottlingException') })],
    });
    expect(Object.values(verdicts(inv))).toEqual(Array(3).fill('NOT_AVAILABLE API_ERROR'));
  });

  it('a logging organization trail seen from a member account covers every Region', () => {
    const inv = inventory({ trails: [trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true })] });
    expect(Object.values(verdicts(inv))).toEqual(Array(3).fill('PASSED TRAIL_LOGGING'));
  });

  it('an organization trail whose status the member cannot read is WARNING', () => {
    const org = trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    const inv = inventory({
      trails: [{ ...org, status: err('cloudtrail:GetTrailStatus', 'us-east-1', 'AccessDeniedException', org.arn) }],
    });
    expect(Object.values(verdicts(inv))).toEqual(Array(3).fill('WARNING ORGANIZATION_TRAIL_UNREADABLE'));
  });

  it("an organization trail its owner reads as stopped fails, whatever the member's reading", () => {
    const org = trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    const inv = { ...inventory({ trails: [org] }), ownerViews: { [org.arn]: { status: ok({ isLogging: false }) } } };
    expect(Object.values(verdicts(inv))).toEqual(Array(3).fill('FAILED TRAIL_NOT_LOGGING'));
  });

  it('the owner reading an organization trail the member could not read decides it', () => {
    const org = trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    const inv = {
      ...inventory({
        trails: [{ ...org, status: err('cloudtrail:GetTrailStatus', 'us-east-1', 'AccessDeniedException', org.arn) }],
      }),
      ownerViews: { [org.arn]: { status: ok({ isLogging: true }) } },
    };
    expect(Object.values(verdicts(inv))).toEqual(Array(3).fill('PASSED TRAIL_LOGGING'));
  });

  describe('a Region’s own trail left unread because a multi-Region trail there logs', () => {
    const regional = () => {
      const t = trail({ name: 'eu', homeRegion: 'eu-west-1', isMultiRegion: false });
      delete t.status;
      return t;
    };

    it('its Region is recorded by the multi-Region trail', () => {
      const findings = run('CloudTrail.3', inventory({ trails: [trail(), regional()] }));
      const eu = findings.find((f) => f.resource.region === 'eu-west-1');
      expect(eu).toMatchObject({ status: 'PASSED', reasonCode: 'TRAIL_LOGGING' });
      expect((eu?.evidence['trails'] as { arn: string }[]).map((t) => t.arn)).toEqual([trail().arn]);
    });

    it('trap: an organization trail of another account spares no read, as its owner may read it as stopped', () => {
      const org = trail({ ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
      expect(() => run('CloudTrail.3', inventory({ trails: [org, regional()] }))).toThrow(/not collected/);
    });

    it('trap: a status missing without that reason is a collection error, not a verdict', () => {
      const stopped = trail({ status: ok({ isLogging: false }) });
      expect(() => run('CloudTrail.3', inventory({ trails: [stopped, regional()] }))).toThrow(/not collected/);
    });
  });

  it('results are for the account, per Region', () => {
    expect(run('CloudTrail.3', inventory())[0]?.resource).toMatchObject({
      type: 'AwsAccount',
      id: 'AWS::::Account:111122223333',
    });
  });
});
