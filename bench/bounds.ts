/**
 * What the network alone allows a scan: the terms of the benchmarks' lower bounds. Each must be a floor no
 * client can beat at the given latency, or a ratio below 1 would flatter whoever comes close to it.
 */
import { DEFAULTS } from '../src/cli/report-command.js';

/** The CLI's default requests in flight: the sockets a scan holds at once. */
export const SOCKETS = DEFAULTS.concurrency;

/** Every call holds one of the sockets for a round trip. */
export function socketBoundMs(calls: number, latencyMs: number): number {
  return (calls * latencyMs) / SOCKETS;
}

/**
 * `calls` to one service in one Region at `ratePerSecond`: any second holds at most that many requests
 * (a burst up to the rate leaves at once, as the scan's own limiter lets it), so the last leaves a whole
 * second per further burst after the first, and its answer is a round trip later.
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
