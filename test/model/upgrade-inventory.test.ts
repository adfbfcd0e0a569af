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

describe('inventories saved by earlier versions', () => {
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

  it('the public-access reads hold the bucket policy', async () => {
    const upgraded = await savedWithout(['bucketPolicy']);
    expect(upgraded.slices).toContain('bucketPolicy');
  });
});
