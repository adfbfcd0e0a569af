/**
 * What a scan's requests need of the network: the terms of the benchmarks' lower bounds, so that the ratio
 * to them is what the process adds (start-up, CPU). Each is a floor the scan cannot beat at the given
 * latency, the way it orders and paces its requests (another client might order them otherwise, or
 * pace them closer to AWS's token buckets); a term that the scan can beat makes a ratio that flatters it.
 */
import { ALL_OPERATIONS } from '../src/aws/catalogue.js';
import { ACCOUNT_WIDE, type CallPlan } from '../src/aws/plan.js';
import { DEFAULTS } from '../src/cli/report-command.js';

/** The CLI's default requests in flight: the sockets a scan holds at once. */
export const SOCKETS = DEFAULTS.concurrency;

/** Every call holds one of the sockets for a round trip. */
export function socketBoundMs(calls: number, latencyMs: number): number {
  return (calls * latencyMs) / SOCKETS;
}

/**
 * `calls` to one service in one Region at `ratePerSecond`, as the scan's limiter sends them: any second holds
 * at most that many requests and a burst up to the rate leaves at once, so the last leaves a whole second per
 * further burst after the first, and its answer is a round trip later. (The limiter keeps a margin beyond the
 * second, `SEND_WINDOW_MS` in src/aws/caller.ts: left out here, so the bound errs low.)
 */
export function rateBoundMs(calls: number, ratePerSecond: number, latencyMs: number): number {
  if (calls === 0) return 0;
  return Math.floor((calls - 1) / ratePerSecond) * 1000 + latencyMs;
}

/**
 * The requests in a scan's longest chain of requests that each wait for an earlier answer, from its duration
 * at a latency so long that the client's own work is lost in it: whole round trips, rounded down. The probe's
 * `calls` share `sockets`; a request that waited for one looks like a further round trip, so as many as
 * the sockets could have made the scan wait are taken off: the count errs low, as a bound must.
 */
export function dependentRoundTrips(scanMs: number, probeLatencyMs: number, calls: number, sockets: number): number {
  const socketRounds = Math.max(1, Math.ceil(calls / sockets));
  return Math.max(1, Math.floor(scanMs / probeLatencyMs) - (socketRounds - 1));
}

/**
 * The longest wait the rate limits impose on a plan: per service (or operation with a limit of its own) and
 * Region, naming the limit. Account-wide calls are counted apart from the home Region's: it errs low.
 */
export function busiestRateLimit(plan: CallPlan, latencyMs: number): { ms: number; limit: string; calls: number } {
  const byLimit = new Map<string, { calls: number; rate: number }>();
  for (const [id, regions] of Object.entries(plan)) {
    const operation = ALL_OPERATIONS.find((o) => o.id === id);
    if (operation === undefined) throw new Error(`the plan names ${id}, which the catalogue does not`);
    const limit = operation.ownRateLimit ? id : operation.service;
    for (const [region, calls] of Object.entries(regions)) {
      const key = `${limit} ${region === ACCOUNT_WIDE ? 'account-wide' : `in ${region}`} at ${operation.ratePerSecond}/s`;
      const entry = byLimit.get(key) ?? { calls: 0, rate: operation.ratePerSecond };
      entry.calls += calls;
      byLimit.set(key, entry);
    }
  }
  let busiest = { ms: 0, limit: 'none', calls: 0 };
  for (const [limit, { calls, rate }] of byLimit) {
    const ms = rateBoundMs(calls, rate, latencyMs);
    // Where no limit holds the scan back beyond one round trip, the one with the most calls is named.
    if (ms > busiest.ms || (ms === busiest.ms && calls > busiest.calls)) busiest = { ms, limit, calls };
  }
  return busiest;
}
