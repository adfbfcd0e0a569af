/**
 * A fixed piece of CPU work timed on a runtime, run beside each scan: how fast the machine is at that
 * moment. A shared host's speed drifts within minutes, so two bench runs' ratios compare only beside their
 * calibrations. The work is the kind a scan's own CPU goes to: objects built, serialised, parsed, sorted
 * and strings rewritten, in one process, start-up left out.
 */
import { runProcess } from './process.js';

const WORK = `
const started = performance.now();
const records = [];
for (let i = 0; i < 8000; i += 1)
  records.push({ arn: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/t-' + i, logging: i % 3 === 0, selectors: [{ readWriteType: 'All', values: [String(i)] }] });
let size = 0;
for (let round = 0; round < 3; round += 1) {
  const copy = JSON.parse(JSON.stringify(records));
  copy.sort((a, b) => (a.arn < b.arn ? 1 : -1));
  size = copy.map((r) => r.arn.replace(/trail\\//, '')).join(',').length;
}
process.stdout.write(JSON.stringify({ ms: performance.now() - started, size }));
`;

/** What the work produces on every runtime: a different size means it did not run as written. */
export const CALIBRATION_SIZE = 390_889;

/** Milliseconds the calibration work takes on the Node.js at `execPath`, now. */
export async function calibrate(execPath: string): Promise<number> {
  const { code, stdout } = await runProcess(['-e', WORK], process.env, execPath);
  try {
    const { ms, size } = JSON.parse(stdout) as { ms: number; size: number };
    if (code !== 0 || size !== CALIBRATION_SIZE) throw new Error(`size ${size}, exit ${code}`);
    return ms;
  } catch (error) {
    throw new Error(`the calibration work failed on ${execPath}: ${(error as Error).message}`, { cause: error });
  }
}
