import { describe, expect, it } from 'vitest';
import { withOrganizationTrails } from '../../src/engine/accounts.js';
import type { Inventory } from '../../src/model/inventory.js';
import { ACCOUNT_ID, OTHER_ACCOUNT_ID, inventory, ok, trail } from '../fixtures/inventory.js';

const ownerTrail = trail({ name: 'organization', ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
const ownerLogGroup = ownerTrail.cloudWatchLogsLogGroupArn ?? '';

function accountOf(id: string, input: Parameters<typeof inventory>[0]): Inventory {
  const built = inventory(input);
  return { ...built, account: { ...built.account, id, identityArn: `arn:aws:iam::${id}:role/auditor` } };
}

/** The member sees the trail without its status or selectors, and without its log group's records. */
const member = accountOf(ACCOUNT_ID, {
  trails: [{ ...ownerTrail, status: undefined, selectors: undefined }],
  logGroups: [],
  metrics: [],
  topics: [],
});
const owner = accountOf(OTHER_ACCOUNT_ID, { trails: [{ ...ownerTrail, status: ok({ isLogging: true }) }] });

describe('organization trails judged as their owner read them', () => {
  it('gives the member the owner’s status, selectors and alarm chain of the trail', () => {
    const [judged] = withOrganizationTrails([member, owner]);
    const view = judged?.ownerViews?.[ownerTrail.arn];
    expect(view?.status).toEqual(ok({ isLogging: true }));
    expect(view?.selectors).toEqual(ownerTrail.selectors);
    expect(view?.alarmChain?.logGroupArn).toBe(ownerLogGroup);
    expect(view?.alarmChain?.logGroups).toBe(owner.logGroups);
    expect(view?.alarmChain?.logGroups[ownerLogGroup]).toBeDefined();
    expect(view?.alarmChain?.metrics).toBe(owner.metrics);
    expect(view?.alarmChain?.topics).toBe(owner.topics);
    // The member's own records stay its own.
    expect(judged?.logGroups).toEqual({});
  });

  it('without the owner’s alarm chain slices, only the status and selectors', () => {
    const { logGroups: _g, metrics: _m, topics: _t, ...withoutChain } = owner;
    const view = withOrganizationTrails([member, withoutChain])[0]?.ownerViews?.[ownerTrail.arn];
    expect(view?.status).toEqual(ok({ isLogging: true }));
    expect(view?.alarmChain).toBeUndefined();
  });

  it('nothing when the owner is not in the scan, and nothing for the owner itself', () => {
    expect(withOrganizationTrails([member])[0]?.ownerViews).toBeUndefined();
    expect(withOrganizationTrails([member, owner])[1]?.ownerViews).toBeUndefined();
  });
});
