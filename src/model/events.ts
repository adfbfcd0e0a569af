/**
 * What a scan tells the outside world while it runs. The stderr progress lines and the terminal UI
 * both consume these; the scan itself never knows which one is listening.
 */
import type { Account, CollectionError, SkippedRegion } from './inventory.js';
import type { ScanReport } from './report.js';

export type ScanEvent =
  /** Credentials resolved and the caller identified. */
  | { type: 'identity'; account: Account }
  /** The Regions to scan (enabled and selected) and those skipped, with why. */
  | { type: 'regions'; scanned: string[]; skipped: SkippedRegion[] }
  | { type: 'regionStarted'; region: string }
  /**
   * A Region's own work is done: DescribeTrails there, and the per-trail reads of the trails homed there.
   * `error` is set when the Region could not be listed.
   */
  | { type: 'regionFinished'; region: string; trailsSeen: number; trailsHomed: number; error?: CollectionError }
  /** One API request answered (after retries). */
  | { type: 'apiCall'; operation: string; region: string; ok: boolean }
  /** Something the user should know that is not a result, e.g. an expired suppression. */
  | { type: 'notice'; message: string }
  | { type: 'finished'; report: ScanReport };

export type ScanEventSink = (event: ScanEvent) => void;
