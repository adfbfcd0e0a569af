/**
 * A validated scenario indexed for serving: accounts by access key, Region status per account, trails and
 * buckets by name. It answers "what exists and who sees it"; how each service reports that over the wire
 * (and the errors it gives) lives in `services/`.
 */
import { createHash } from 'node:crypto';
import type { Instant, Scenario, ScenarioAccount, ScenarioBucket, ScenarioTrail } from './scenario.js';

export type OptInStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in';

export interface WorldTrail {
  readonly owner: ScenarioAccount;
  readonly config: ScenarioTrail;
  readonly arn: string;
}

export class World {
  readonly scenario: Scenario;
  readonly #accountsByKey: Map<string, ScenarioAccount>;
  readonly #trails: WorldTrail[];
  readonly #buckets: Map<string, ScenarioBucket>;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.#accountsByKey = new Map(scenario.accounts.map((a) => [a.accessKeyId, a]));
    this.#trails = scenario.accounts.flatMap((owner) =>
      owner.trails.map((config) => ({ owner, config, arn: trailArn(config.homeRegion, owner.accountId, config.name) })),
    );
    this.#buckets = new Map(scenario.buckets.map((b) => [b.name, b]));
  }

  accountByAccessKey(accessKeyId: string): ScenarioAccount | undefined {
    return this.#accountsByKey.get(accessKeyId);
  }

  /** Every Region of the world with its opt-in status for the account. */
  regions(account: ScenarioAccount): { name: string; status: OptInStatus }[] {
    return this.scenario.regions.map((r) => ({
      name: r.name,
      status: !r.optIn ? 'opt-in-not-required' : account.optedInRegions.includes(r.name) ? 'opted-in' : 'not-opted-in',
    }));
  }

  /** Whether the account can call into the Region; unknown Regions are not enabled. */
  isEnabled(account: ScenarioAccount, region: string): boolean {
    const status = this.regions(account).find((r) => r.name === region)?.status;
    return status !== undefined && status !== 'not-opted-in';
  }

  /**
   * The trails an account sees in a Region: its own trails homed there, and with shadow trails its own
   * multi-Region trails homed elsewhere plus its organization's organization trails.
   */
  trailsVisibleIn(account: ScenarioAccount, region: string, includeShadowTrails: boolean): WorldTrail[] {
    return this.#trails.filter((t) => {
      const homedHere = t.config.homeRegion === region;
      if (t.owner === account) return homedHere || (includeShadowTrails && t.config.multiRegion);
      return includeShadowTrails && this.isOrganizationTrailOf(t, account) && (homedHere || t.config.multiRegion);
    });
  }

  /** An organization trail of the organization the account belongs to (owned by its management account). */
  isOrganizationTrailOf(trail: WorldTrail, account: ScenarioAccount): boolean {
    const organization = account.organization?.id;
    return trail.config.organization && organization !== undefined && trail.owner.organization?.id === organization;
  }

  trailByArn(arn: string): WorldTrail | undefined {
    return this.#trails.find((t) => t.arn === arn);
  }

  bucket(name: string): ScenarioBucket | undefined {
    return this.#buckets.get(name);
  }

  bucketsOwnedBy(accountId: string): ScenarioBucket[] {
    return this.scenario.buckets
      .filter((b) => b.ownerAccountId === accountId)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

export function trailArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

export function identityArn(account: ScenarioAccount): string {
  return account.identityArn ?? `arn:aws:iam::${account.accountId}:user/auditor`;
}

/** A stable fake identifier derived from a seed (up to 64 characters): hex for canonical user ids, upper-case for IAM ids. */
export function stableId(seed: string, length: number, alphabet: 'hex' | 'upper'): string {
  const digest = createHash('sha256').update(seed).digest();
  if (alphabet === 'hex') return digest.toString('hex').repeat(2).slice(0, length);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from({ length }, (_, i) => letters[(digest[i % digest.length] ?? 0) % letters.length]).join('');
}

export function canonicalUserId(accountId: string): string {
  return stableId(`canonical:${accountId}`, 64, 'hex');
}

const AGE_UNITS_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An instant of the scenario as a time: ages count back from `now`. */
export function resolveInstant(instant: Instant, now: Date): Date {
  const age = /^(\d+)([smhd])$/.exec(instant);
  if (age === null) return new Date(instant);
  const unit = age[2] as keyof typeof AGE_UNITS_MS;
  return new Date(now.getTime() - Number(age[1]) * AGE_UNITS_MS[unit]);
}
