/** Plain progress lines on stderr for non-interactive runs: one line per Region, no escape codes. */
import type { ScanEvent, ScanEventSink } from '../model/events.js';

export function lineProgress(write: (line: string) => void): ScanEventSink {
  let regionsTotal = 0;
  let regionsDone = 0;
  return (event: ScanEvent) => {
    switch (event.type) {
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
