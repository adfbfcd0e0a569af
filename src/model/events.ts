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
  /** Digest verification: how many trail-Region chains will be read. */
  | { type: 'verifyStarted'; chains: number }
  /** Digest verification: objects found to read so far, and read so far (sent a few times a second). */
  | { type: 'objectsProgress'; digestsFound: number; digestsRead: number; logFilesFound: number; logFilesRead: number }
  /** Digest verification: one trail's chain in one Region is read; `error` when it could not be listed. */
  | {
      type: 'chainRead';
      trail: string;
      region: string;
      digests: number;
      logFiles: number;
      error?: CollectionError | undefined;
    }
  /** A scan of several accounts: how many will be scanned, and those left out because of their state. */
  | { type: 'accounts'; total: number; skipped: { id: string; name?: string | undefined; reason: string }[] }
  /** One account of several is done: scanned (`trails` seen), or failed with the call that stopped it. */
  | {
      type: 'accountFinished';
      accountId: string;
      name?: string | undefined;
      trails?: number;
      error?: CollectionError;
    }
  /** Something the user should know that is not a result, e.g. an expired suppression. */
  | { type: 'notice'; message: string }
  | { type: 'finished'; report: ScanReport };

export type ScanEventSink = (event: ScanEvent) => void;
