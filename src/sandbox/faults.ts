/**
 * Which injected faults a call meets: added latency, and at most one error. Schedules are deterministic:
 * `firstCalls` counts matching calls, `fraction` picks distinct requests by a seeded hash and hits only
 * their first call, so a client that retries gets through — as with real throttling.
 */
import { createHash } from 'node:crypto';
import type { FaultError, ScenarioFault } from './scenario.js';

export interface FaultedCall {
  /** `service:Operation`, as counted. */
  operation: string;
  region: string;
  accountId: string | undefined;
  resources: string[];
}

export interface FaultDecision {
  latencyMs: number;
  error: FaultError | undefined;
}

function matches(fault: ScenarioFault, call: FaultedCall): boolean {
  const [service] = call.operation.split(':');
  const operation = fault.operation === '*' || fault.operation === call.operation || fault.operation === `${service}:*`;
  const resource =
    fault.resource === undefined ||
    call.resources.some((r) => r === fault.resource || r.endsWith(`:trail/${fault.resource}`));
  return (
    operation &&
    resource &&
    (fault.region === undefined || fault.region === call.region) &&
    (fault.accountId === undefined || fault.accountId === call.accountId)
  );
}

/** A number in [0, 1) fixed by the seed and the request. */
function unitHash(seed: number, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

export class FaultSchedule {
  readonly #faults: readonly ScenarioFault[];
  #matched: number[] = [];
  #seen: Set<string>[] = [];

  constructor(faults: readonly ScenarioFault[]) {
    this.#faults = faults;
    this.reset();
  }

  decide(call: FaultedCall): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, error: undefined };
    this.#faults.forEach((fault, index) => {
      if (!matches(fault, call) || !this.#scheduled(fault, index, call)) return;
      decision.latencyMs += fault.latencyMs;
      decision.error ??= fault.error;
    });
    return decision;
  }

  /** Starts every schedule over, as if no call had been made. */
  reset(): void {
    this.#matched = this.#faults.map(() => 0);
    this.#seen = this.#faults.map(() => new Set());
  }

  #scheduled(fault: ScenarioFault, index: number, call: FaultedCall): boolean {
    if (fault.firstCalls !== undefined) {
      const count = (this.#matched[index] ?? 0) + 1;
      this.#matched[index] = count;
      return count <= fault.firstCalls;
    }
    if (fault.fraction !== undefined) {
      const key = [call.operation, call.region, call.accountId ?? '', ...call.resources].join('|');
      const seen = this.#seen[index];
      if (seen === undefined || seen.has(key)) return false;
      seen.add(key);
      return unitHash(fault.seed, key) < fault.fraction;
    }
    return true;
  }
}
