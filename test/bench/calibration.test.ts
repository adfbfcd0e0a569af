import { describe, expect, it } from 'vitest';
import { calibrate } from '../../bench/calibration.js';

describe('the benchmark calibration', () => {
  it('times the fixed work in a process of the given runtime', async () => {
    const ms = await calibrate(process.execPath);
    expect(ms).toBeGreaterThan(0);
    // The work alone, start-up left out: well under the seconds a whole process takes on a slow host.
    expect(ms).toBeLessThan(10_000);
  });

  it('fails, naming the runtime, when the work cannot run there', async () => {
    await expect(calibrate('/bin/false')).rejects.toThrow(/calibration work failed on \/bin\/false/);
  });
});
