/** Requests received, per operation (`service:Operation`) and Region: what a scan cost. */
export type RequestCounts = Record<string, Record<string, number>>;

export class RequestCounter {
  #counts: RequestCounts = {};

  add(operation: string, region: string): void {
    const byRegion = (this.#counts[operation] ??= {});
    byRegion[region] = (byRegion[region] ?? 0) + 1;
  }

  snapshot(): RequestCounts {
    return structuredClone(this.#counts);
  }

  reset(): void {
    this.#counts = {};
  }
}
