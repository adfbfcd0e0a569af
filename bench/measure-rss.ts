/**
 * Loaded with `node --import` into the process being measured: at exit it writes its peak resident set
 * size (kB) to the file named by TRAILSCAN_BENCH_RSS_FILE, and the CPU time it used (user + system, µs)
 * to the one named by TRAILSCAN_BENCH_CPU_FILE.
 */
import { writeFileSync } from 'node:fs';

const rssFile = process.env['TRAILSCAN_BENCH_RSS_FILE'];
const cpuFile = process.env['TRAILSCAN_BENCH_CPU_FILE'];
process.on('exit', () => {
  const usage = process.resourceUsage();
  if (rssFile !== undefined) writeFileSync(rssFile, String(usage.maxRSS));
  if (cpuFile !== undefined) writeFileSync(cpuFile, String(usage.userCPUTime + usage.systemCPUTime));
});
