/**
 * Plain progress lines on stderr for non-interactive runs: one line per Region, one per digest chain read,
 * and, while objects are read, a count at most every few seconds. No escape codes.
 */
import type { ScanEvent, ScanEventSink } from '../model/events.js';

/** How often a long read of digests and log files reports its count. */
const OBJECTS_LINE_INTERVAL_MS = 5_000;

export function lineProgress(write: (line: string) => void, now: () => number = Date.now): ScanEventSink {
  let regionsTotal = 0;
  let regionsDone = 0;
  let chainsTotal = 0;
  let chainsDone = 0;
  let lastObjectsLine = now();
  let accountsTotal = 0;
  let accountsDone = 0;
  return (event: ScanEvent) => {
    switch (event.type) {
      case 'accounts':
        accountsTotal = event.total;
        write(
          `trailscan: scanning ${accountsTotal} account${accountsTotal === 1 ? '' : 's'}` +
            (event.skipped.length > 0
              ? `, skipping ${event.skipped.map((a) => `${a.id} (${a.reason})`).join(', ')}`
              : ''),
        );
        return;
      case 'accountFinished': {
        accountsDone += 1;
        const state =
          event.error === undefined
            ? `${event.trails ?? 0} trail${event.trails === 1 ? '' : 's'}`
            : `not scanned: ${event.error.operation} failed: ${event.error.code}`;
        const name = event.name === undefined ? '' : ` (${event.name})`;
        write(`trailscan: [${accountsDone}/${accountsTotal}] account ${event.accountId}${name}: ${state}`);
        return;
      }
      case 'identity':
        write(`trailscan: account ${event.account.id} (${event.account.partition}) as ${event.account.identityArn}`);
        return;
      case 'regions':
        regionsTotal = event.scanned.length;
        write(
          `trailscan: scanning ${regionsTotal} Region${regionsTotal === 1 ? '' : 's'}` +
            (event.skipped.length > 0
              ? `, skipping ${event.skipped.map((s) => s.region).join(', ')} (not enabled)`
              : ''),
        );
        return;
      case 'regionFinished': {
        regionsDone += 1;
        const state =
          event.error === undefined
            ? `${event.trailsSeen} trail${event.trailsSeen === 1 ? '' : 's'}`
            : `error: ${event.error.operation} ${event.error.code}`;
        write(`trailscan: [${regionsDone}/${regionsTotal}] ${event.region}: ${state}`);
        return;
      }
      case 'notice':
        write(`trailscan: ${event.message}`);
        return;
      case 'verifyStarted':
        chainsTotal = event.chains;
        write(`trailscan: verifying ${event.chains} digest chain${event.chains === 1 ? '' : 's'} (trail × Region)`);
        return;
      case 'chainRead': {
        chainsDone += 1;
        const state =
          event.error === undefined
            ? `${event.digests} digest${event.digests === 1 ? '' : 's'}, ${event.logFiles} log file${event.logFiles === 1 ? '' : 's'} read`
            : `error: ${event.error.operation} ${event.error.code}`;
        write(`trailscan: [${chainsDone}/${chainsTotal}] ${event.trail} ${event.region}: ${state}`);
        return;
      }
      case 'objectsProgress': {
        if (now() - lastObjectsLine < OBJECTS_LINE_INTERVAL_MS) return;
        lastObjectsLine = now();
        const logs = event.logFilesFound === 0 ? '' : `, log files ${event.logFilesRead}/${event.logFilesFound}`;
        write(`trailscan: digests ${event.digestsRead}/${event.digestsFound}${logs}`);
        return;
      }
      case 'finished':
        write(
          `trailscan: ${event.report.scan.apiCalls.total} API calls in ${(event.report.scan.durationMs / 1000).toFixed(1)} s`,
        );
        return;
      case 'regionStarted':
      case 'apiCall':
        return;
    }
  };
}
