import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { SLICES, type Slice } from '../../src/model/inventory.js';
import { readInventory } from '../../src/scan.js';
import { checkById, inventory } from '../fixtures/inventory.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'trailscan-upgrade-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const cloudTrail1 = () => {
  const check = checkById('CloudTrail.1');
  return [{ check, params: check.parameters.parse({}) }];
};

/** An inventory as an earlier version saved it: without the slices that version did not have. */
async function savedWithout(missing: readonly Slice[]) {
  const file = path.join(scratch, `${missing.join('-') || 'all'}.json`);
  const slices = SLICES.filter((s) => s !== 'digests' && !missing.includes(s));
  writeFileSync(file, JSON.stringify(inventory({ slices })));
  return readInventory(file);
}

describe('a saved inventory holds the slices its reads fed', () => {
  it('every trail’s event selectors hold the multi-Region trails’ ones', async () => {
    const upgraded = await savedWithout(['multiRegionEventSelectors']);
    expect(upgraded.slices).toContain('loggingCoverage');
    expect(upgraded.slices).toContain('multiRegionEventSelectors');
    const [result] = evaluate(upgraded, cloudTrail1());
    expect(result?.status).toBe('PASSED');
  });

  it('gain no event selectors they did not have', async () => {
    const upgraded = await savedWithout(['eventSelectors', 'multiRegionEventSelectors']);
    expect(upgraded.slices).not.toContain('multiRegionEventSelectors');
    const [result] = evaluate(upgraded, cloudTrail1());
    expect(result).toMatchObject({ status: 'NOT_AVAILABLE', reasonCode: 'NOT_COLLECTED' });
  });

  it('every trail’s status holds the status that decides whether Regions are recorded', async () => {
    const upgraded = await savedWithout(['loggingCoverage']);
    expect(upgraded.slices).toContain('loggingCoverage');
    const [result] = evaluate(upgraded, cloudTrail1());
    expect(result?.status).toBe('PASSED');
  });

  it('trap: the public-access reads do not hold the bucket policy, which they read only when S3 cannot clear it', async () => {
    const saved = await savedWithout(['bucketPolicy']);
    expect(saved.slices).not.toContain('bucketPolicy');
    const check = checkById('trailscan.log-bucket-policy');
    const [result] = evaluate(saved, [{ check, params: check.parameters.parse({}) }]);
    expect(result).toMatchObject({ status: 'NOT_AVAILABLE', reasonCode: 'NOT_COLLECTED' });
  });
});
