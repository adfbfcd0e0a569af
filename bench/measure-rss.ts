/**
 * Loaded with `node --import` into the process being measured: at exit it writes its peak resident set
 * size (kB) to the file named by TRAILSCAN_BENCH_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['TRAILSCAN_BENCH_RSS_FILE'];
if (file !== undefined) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
