/**
 * Loaded with `node --import` into the process being measured: at exit it writes its peak resident set
 * size (kB) and the CPU time it used (ms, user and system) as JSON to the file named by
 * TRAILSCAN_BENCH_RSS_FILE. CPU time tells start-up work apart from waiting, whatever else loads the machine.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['TRAILSCAN_BENCH_RSS_FILE'];
if (file !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }),
    );
  });
}
