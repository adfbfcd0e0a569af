/**
 * A validated scenario indexed for serving: accounts by access key, Region status per account, trails and
 * buckets by name. It answers "what exists and who sees it"; how each service reports that over the wire
 * (and the errors it gives) lives in `services/`.
 */
import { createHash } from 'node:crypto';
import { createSigningKey, generateChain, type SigningKey, type StoredObject } from './digests.js';
import type { Instant, Scenario, ScenarioAccount, ScenarioBucket, ScenarioDigests, ScenarioTrail } from './scenario.js';

export type OptInStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in';

export interface WorldTrail {
  readonly owner: ScenarioAccount;
  readonly config: ScenarioTrail;
  readonly arn: string;
}

/** The role AWS Organizations creates in the accounts it creates, which a member has by default here. */
export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

/** Temporary credentials AssumeRole handed out, and who they act as. */
export interface RoleSession {
  account: ScenarioAccount;
  arn: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export class World {
  readonly scenario: Scenario;
  readonly #accountsByKey: Map<string, ScenarioAccount>;
  readonly #sessions = new Map<string, RoleSession>();
  readonly #trails: WorldTrail[];
  readonly #buckets: Map<string, ScenarioBucket>;
  /** When the world began: the Regions' keys are valid from a month before. */
  readonly createdAt: Date;
  readonly #signingKeys = new Map<string, SigningKey>();
  #foreignKey: SigningKey | undefined;
  /** What the trails had delivered when the newest digest of a logging trail ended at `newest`. */
  #delivered: { newest: number; buckets: Map<string, Map<string, StoredObject>> } | undefined;

  constructor(scenario: Scenario, createdAt = new Date()) {
    this.scenario = scenario;
    this.createdAt = createdAt;
    this.#accountsByKey = new Map(scenario.accounts.map((a) => [a.accessKeyId, a]));
    this.#trails = scenario.accounts.flatMap((owner) =>
      owner.trails.map((config) => ({ owner, config, arn: trailArn(config.homeRegion, owner.accountId, config.name) })),
    );
    this.#buckets = new Map(scenario.buckets.map((b) => [b.name, b]));
  }

  accountByAccessKey(accessKeyId: string): ScenarioAccount | undefined {
    return this.#accountsByKey.get(accessKeyId) ?? this.#sessions.get(accessKeyId)?.account;
  }

  /** Who a request signed with this key acts as: the account's user, or an assumed role's session. */
  identityArnOf(accessKeyId: string, account: ScenarioAccount): string {
    return this.#sessions.get(accessKeyId)?.arn ?? identityArn(account);
  }

  /** The secret key that goes with an access key: the account's own, or a role session's. */
  secretOf(accessKeyId: string, account: ScenarioAccount): string {
    return this.#sessions.get(accessKeyId)?.secretAccessKey ?? account.secretAccessKey;
  }

  accountById(accountId: string): ScenarioAccount | undefined {
    return this.scenario.accounts.find((a) => a.accountId === accountId);
  }

  /** The accounts of an organization, in scenario order, as ListAccounts lists them. */
  organizationAccounts(organizationId: string): ScenarioAccount[] {
    return this.scenario.accounts.filter((a) => a.organization?.id === organizationId);
  }

  /** The roles of an account that others of its organization may assume. */
  rolesOf(account: ScenarioAccount): { name: string; externalId?: string | undefined }[] {
    if (account.roles !== undefined) return account.roles;
    return account.organization !== undefined && !account.organization.management
      ? [{ name: DEFAULT_MEMBER_ROLE }]
      : [];
  }

  /** Starts a role session in `account` and returns its temporary credentials (keys derived from the session). */
  startSession(account: ScenarioAccount, role: string, sessionName: string, durationSeconds: number, now: Date) {
    const seed = `${account.accountId}:${role}:${sessionName}:${this.#sessions.size}`;
    const accessKeyId = `TSSESSION${stableId(`key:${seed}`, 11, 'upper')}`;
    const session: RoleSession = {
      account,
      arn: `arn:aws:sts::${account.accountId}:assumed-role/${role}/${sessionName}`,
      secretAccessKey: stableId(`secret:${seed}`, 40, 'hex'),
      sessionToken: `tssandbox-session-${stableId(`token:${seed}`, 48, 'hex')}`,
      expiration: new Date(now.getTime() + durationSeconds * 1000),
    };
    this.#sessions.set(accessKeyId, session);
    return { accessKeyId, ...session };
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

  /** The Region's CloudTrail signing key, made when first needed (key generation takes a while). */
  signingKey(region: string): SigningKey {
    let key = this.#signingKeys.get(region);
    if (key === undefined) {
      key = createSigningKey();
      this.#signingKeys.set(region, key);
    }
    return key;
  }

  /** The period the Regions' keys are valid: from a month before the world began to a year after. */
  keyValidity(): { start: Date; end: Date } {
    const at = this.createdAt.getTime();
    return { start: new Date(at - 30 * DAY_MS), end: new Date(at + 365 * DAY_MS) };
  }

  /**
   * The objects in a bucket at `now`: the digests and log files the world's trails have delivered by then,
   * seen from `now` as the scenario's times are (ages count back from it). A logging trail's chain reaches
   * the last hour however long the sandbox has been running; the objects are made again when an hour passes.
   */
  objects(bucket: string, now: Date): Map<string, StoredObject> {
    const newest = newestDigestEnd(now).getTime();
    if (this.#delivered?.newest !== newest) this.#delivered = { newest, buckets: this.#deliver(now) };
    return this.#delivered.buckets.get(bucket) ?? new Map<string, StoredObject>();
  }

  #deliver(now: Date): Map<string, Map<string, StoredObject>> {
    const buckets = new Map<string, Map<string, StoredObject>>();
    for (const { owner, config } of this.#trails) {
      const digests = digestsOf(config);
      if (digests === undefined) continue;
      const at = (instant: Instant) => resolveInstant(instant, now);
      const newest = newestDigestEnd(config.logging ? now : at(config.status.stopLoggingTime ?? '7d'));
      const regions = config.multiRegion
        ? this.regions(owner).flatMap((r) => (r.status === 'not-opted-in' ? [] : [r.name]))
        : [config.homeRegion];
      const objects = buckets.get(config.s3BucketName) ?? new Map<string, StoredObject>();
      buckets.set(config.s3BucketName, objects);
      for (const region of regions) {
        const chain = generateChain({
          location: {
            bucket: config.s3BucketName,
            prefix: config.s3KeyPrefix,
            organizationId: config.organization ? owner.organization?.id : undefined,
            accountId: owner.accountId,
            sourceRegion: region,
            homeRegion: config.homeRegion,
            trailName: config.name,
          },
          newest,
          from: new Date(newest.getTime() - digests.hours * HOUR_MS),
          logFilesPerHour: digests.logFilesPerHour,
          stopped: digests.stopped.map((s) => ({ from: at(s.from), to: at(s.to) })),
          tampering: digests.tampering.filter((t) => t.region === undefined || t.region === region),
          key: this.signingKey(region),
          foreignKey: () => (this.#foreignKey ??= createSigningKey()),
        });
        for (const [key, object] of chain) objects.set(key, object);
      }
    }
    return buckets;
  }

  bucketsOwnedBy(accountId: string): ScenarioBucket[] {
    return this.scenario.buckets
      .filter((b) => b.ownerAccountId === accountId)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Where in the hour the sandbox's digests end (CloudTrail's end at no particular minute). */
const DIGEST_MINUTE_MS = 17 * 60_000 + 23_000;

/** The end of the newest digest delivered by `time`: a little after the hour, as CloudTrail's. */
function newestDigestEnd(time: Date): Date {
  const newest = Math.floor(time.getTime() / HOUR_MS) * HOUR_MS + DIGEST_MINUTE_MS;
  return new Date(newest > time.getTime() ? newest - HOUR_MS : newest);
}

/** What a trail delivers besides its logs: digests by default when log file validation is on. */
function digestsOf(trail: ScenarioTrail): ScenarioDigests | undefined {
  if (!trail.logFileValidation) return undefined;
  return trail.digests ?? { hours: 26, logFilesPerHour: 2, stopped: [], tampering: [] };
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
