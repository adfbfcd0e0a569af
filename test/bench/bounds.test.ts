import { describe, expect, it } from 'vitest';
import { busiestRateLimit, dependentRoundTrips, rateBoundMs, socketBoundMs, SOCKETS } from '../../bench/bounds.js';

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

  it('adds up the calls a service takes in a Region, whatever the operation', () => {
    const plan = {
      'cloudtrail:DescribeTrails': { 'us-east-1': 1, 'eu-west-1': 1 },
      'cloudtrail:GetTrailStatus': { 'us-east-1': 6 },
      'cloudtrail:GetEventSelectors': { 'us-east-1': 5 },
      's3:GetBucketLogging': { '*': 40 },
    };
    // 12 CloudTrail calls in us-east-1 at 10/s: a burst of 10, a second, then the last round trip.
    expect(busiestRateLimit(plan, 50)).toEqual({ ms: 1050, limit: 'cloudtrail in us-east-1 at 10/s', calls: 12 });
  });

  it('holds an operation with a limit of its own apart from its service', () => {
    const plan = {
      'cloudtrail:DescribeTrails': { 'us-east-1': 9 },
      'cloudtrail:LookupEvents': { 'us-east-1': 3 },
    };
    // Apart: 9 calls at 10/s leave at once; LookupEvents' 3 at 2/s take a second. Together they would be 12.
    expect(busiestRateLimit(plan, 50)).toEqual({
      ms: 1050,
      limit: 'cloudtrail:LookupEvents in us-east-1 at 2/s',
      calls: 3,
    });
  });

  it('counts account-wide calls apart from any Region, and names the busiest limit when none holds the scan back', () => {
    const plan = {
      'sts:GetCallerIdentity': { '*': 1 },
      'cloudtrail:DescribeTrails': { '*': 4, 'us-east-1': 6 },
    };
    expect(busiestRateLimit(plan, 50)).toEqual({ ms: 50, limit: 'cloudtrail in us-east-1 at 10/s', calls: 6 });
  });

  it('refuses a plan naming an operation the catalogue does not have', () => {
    expect(() => busiestRateLimit({ 'cloudtrail:StopLogging': { 'us-east-1': 1 } }, 50)).toThrow(
      /cloudtrail:StopLogging, which the catalogue does not/,
    );
  });
});
