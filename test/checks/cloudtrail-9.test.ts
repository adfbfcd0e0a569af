import { describe, expect, it } from 'vitest';
import { err, inventory, ok, run, trail } from '../fixtures/inventory.js';
import { describePerTrailCheck } from './per-trail.js';

describePerTrailCheck('CloudTrail.9', [
  { name: 'a tag', trail: trail({ tags: ok({ owner: 'security' }) }), status: 'PASSED', reasonCode: 'TRAIL_TAGGED' },
  { name: 'no tags', trail: trail({ tags: ok({}) }), status: 'FAILED', reasonCode: 'TRAIL_NOT_TAGGED' },
  {
    name: 'only system tags, which Security Hub ignores',
    trail: trail({ tags: ok({ 'aws:cloudformation:stack-name': 'audit' }) }),
    status: 'FAILED',
    reasonCode: 'TRAIL_NOT_TAGGED',
  },
  {
    name: 'the required keys',
    trail: trail({ tags: ok({ owner: 'security', 'cost-centre': '42' }) }),
    params: { requiredTagKeys: ['owner', 'cost-centre'] },
    status: 'PASSED',
    reasonCode: 'TRAIL_TAGGED',
  },
  {
    name: 'a required key in another case: keys are case-sensitive',
    trail: trail({ tags: ok({ Owner: 'security' }) }),
    params: { requiredTagKeys: ['owner'] },
    status: 'FAILED',
    reasonCode: 'REQUIRED_TAG_KEYS_MISSING',
  },
  {
    name: 'trap: a required key every object has (constructor) is still missing',
    trail: trail({ tags: ok({ owner: 'security' }) }),
    params: { requiredTagKeys: ['constructor'] },
    status: 'FAILED',
    reasonCode: 'REQUIRED_TAG_KEYS_MISSING',
  },
  {
    name: 'tags that could not be listed',
    trail: trail({ tags: err('cloudtrail:ListTags', 'us-east-1', 'AccessDeniedException') }),
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
]);

describe('CloudTrail.9 parameters', () => {
  it('names the missing required keys, and the fix adds them', () => {
    const [finding] = run('CloudTrail.9', inventory({ trails: [trail({ tags: ok({ owner: 'x' }) })] }), {
      requiredTagKeys: ['owner', 'team', 'env'],
    });
    expect(finding).toMatchObject({ reason: 'Trail main lacks the required tag keys team, env' });
    expect(finding?.evidence).toEqual({ tagKeys: ['owner'], missingKeys: ['team', 'env'] });
  });

  it('takes at most six required keys, as Security Hub does', async () => {
    const { checkById } = await import('../fixtures/inventory.js');
    expect(
      checkById('CloudTrail.9').parameters.safeParse({ requiredTagKeys: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }).success,
    ).toBe(false);
  });
});
