import { describe, expect, it } from 'vitest';
import { dependentRoundTrips, rateBoundMs, socketBoundMs, SOCKETS } from '../../bench/bounds.js';

describe('the benchmark lower bounds', () => {
  it.each([
    // A burst up to the rate leaves at once: only its round trip.
    { calls: 1, rate: 10, ms: 50 },
    { calls: 6, rate: 10, ms: 50 },
    { calls: 10, rate: 10, ms: 50 },
    // One call past the burst waits for the second after the first.
    { calls: 11, rate: 10, ms: 1050 },
    { calls: 12, rate: 10, ms: 1050 },
    { calls: 21, rate: 10, ms: 2050 },
    // LookupEvents' own 2 per second.
    { calls: 5, rate: 2, ms: 2050 },
    { calls: 0, rate: 10, ms: 0 },
  ])('$calls calls at $rate/s take at least $ms ms at 50 ms a round trip', ({ calls, rate, ms }) => {
    expect(rateBoundMs(calls, rate, 50)).toBe(ms);
  });

  it('counts every call holding one of the default sockets for a round trip', () => {
    expect(SOCKETS).toBe(64);
    expect(socketBoundMs(640, 50)).toBe(500);
  });

  it.each([
    { scanMs: 5_230, calls: 48, roundTrips: 5 },
    { scanMs: 3_990, calls: 256, roundTrips: 3 },
    // A scan faster than one round trip still made one.
    { scanMs: 400, calls: 2, roundTrips: 1 },
    // More calls than sockets: each further round of sockets may be a wait, not a dependency.
    { scanMs: 5_813, calls: 521, roundTrips: 3 },
    { scanMs: 3_527, calls: 260, roundTrips: 2 },
  ])(
    'reads $roundTrips dependent round trips off a $scanMs ms scan of $calls calls at 1 s per request',
    ({ scanMs, calls, roundTrips }) => {
      expect(dependentRoundTrips(scanMs, 1000, calls, 256)).toBe(roundTrips);
    },
  );
});
