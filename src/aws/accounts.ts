/**
 * The accounts of a scan of several: the organization's list (organizations:ListAccounts), narrowed by
 * the user and by the shard, and a way into each (sts:AssumeRole of a role in it).
 */
import { createHash } from 'node:crypto';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UsageError } from '../errors.js';
import { registerSecret } from '../redact.js';
import type { Envelope } from '../model/inventory.js';
import { allPages, required, type AwsCaller } from './caller.js';
import { OPERATIONS } from './catalogue.js';

/** An account to scan, as the organization names it. */
export interface AccountEntry {
  id: string;
  name?: string | undefined;
}

/** An account left out because of its state (suspended, closed …): listed in the report, not scanned. */
export interface SkippedAccount extends AccountEntry {
  reason: string;
}

export interface AccountSelection {
  /** List the organization's accounts (from its management account or a delegated administrator). */
  organization: boolean;
  /** Only these accounts (with `organization`), or exactly these (without). */
  include?: readonly string[] | undefined;
  exclude?: readonly string[] | undefined;
  shard?: Shard | undefined;
}

/** The K-th of N deterministic parts of the accounts, K from 1. */
export interface Shard {
  index: number;
  count: number;
}

/** Which shard an account belongs to: by a hash of its id, so adding accounts never moves the others. */
export function shardOf(accountId: string, count: number): number {
  const digest = createHash('sha256').update(accountId).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** Codes meaning the caller may not list the organization's accounts, or is in none. */
const CANNOT_LIST = new Set(['AccessDeniedException', 'AWSOrganizationsNotInUseException']);

/** Every account of the organization, paginated; a refusal is one line for the user (exit 2). */
export async function listOrganizationAccounts(
  caller: AwsCaller,
  region: string,
): Promise<{ active: AccountEntry[]; skipped: SkippedAccount[] }> {
  const { ListAccountsCommand } = await import('./sdk/organizations.js');
  const listing = await allPages((token) =>
    caller.call(OPERATIONS.organizations.ListAccounts, region, async (client, abortSignal) => {
      const answer = await client.send(new ListAccountsCommand({ NextToken: token }), { abortSignal });
      return { items: required(answer.Accounts, 'ListAccounts', 'Accounts'), next: answer.NextToken };
    }),
  );
  if (!listing.ok) {
    const { code, message } = listing.error;
    const fix = CANNOT_LIST.has(code)
      ? 'run it from the management account or a delegated administrator, with organizations:ListAccounts granted, or name the accounts with --accounts'
      : message;
    throw new UsageError(
      `cannot list the organization's accounts (organizations:ListAccounts failed: ${code}); ${fix}`,
    );
  }
  const active: AccountEntry[] = [];
  const skipped: SkippedAccount[] = [];
  for (const account of listing.value) {
    if (account.Id === undefined) continue;
    // `State` replaces `Status` (removed in September 2026); either says whether the account can be used.
    const state = account.State ?? account.Status ?? 'UNKNOWN';
    const entry = { id: account.Id, ...(account.Name === undefined ? {} : { name: account.Name }) };
    if (state === 'ACTIVE') active.push(entry);
    else skipped.push({ ...entry, reason: state });
  }
  return { active, skipped };
}

const ACCOUNT_ID = /^\d{12}$/;

/** The accounts to scan: the organization's active ones or the named ones, narrowed, then the shard's part. */
export async function selectAccounts(
  caller: AwsCaller,
  region: string,
  callerAccountId: string,
  selection: AccountSelection,
): Promise<{ accounts: AccountEntry[]; skipped: SkippedAccount[]; inScan: Set<string> }> {
  for (const id of [...(selection.include ?? []), ...(selection.exclude ?? [])]) {
    if (!ACCOUNT_ID.test(id)) throw new UsageError(`${JSON.stringify(id)} is not a 12-digit account id`);
  }
  let accounts: AccountEntry[];
  let skipped: SkippedAccount[] = [];
  if (selection.organization) {
    const listed = await listOrganizationAccounts(caller, region);
    skipped = listed.skipped;
    accounts = listed.active;
    if (selection.include !== undefined) {
      const known = new Set([...accounts, ...skipped].map((a) => a.id));
      const unknown = selection.include.filter((id) => !known.has(id));
      if (unknown.length > 0) throw new UsageError(`--accounts: ${unknown.join(', ')} not in the organization`);
      accounts = accounts.filter((a) => selection.include?.includes(a.id));
      skipped = skipped.filter((a) => selection.include?.includes(a.id));
    }
  } else {
    accounts = [...new Set(selection.include ?? [callerAccountId])].map((id) => ({ id }));
  }
  const excluded = new Set(selection.exclude ?? []);
  const { shard } = selection;
  const inShard = (a: AccountEntry) => shard === undefined || shardOf(a.id, shard.count) === shard.index;
  const selected = accounts.filter((a) => !excluded.has(a.id));
  return {
    accounts: selected.filter(inShard),
    skipped: skipped.filter((a) => !excluded.has(a.id) && inShard(a)),
    // Every shard's accounts: what an organization trail's owner must be among to be judged once.
    inScan: new Set(selected.map((a) => a.id)),
  };
}

export interface RoleOptions {
  roleName: string;
  externalId?: string | undefined;
  /** Names the scan in the account's CloudTrail (`trailscan-<time>`), so its reads are recognisable. */
  sessionName: string;
  partition: string;
}

/** A role session lasts an hour; the SDK asks for new credentials 5 minutes before they expire. */
const SESSION_SECONDS = 3600;

/** The role entered in an account: who the scan is there, and its credentials, renewed as they expire. */
export interface AssumedRole {
  /** The role session's ARN, as GetCallerIdentity would name it in the account. */
  identityArn: string;
  credentials: AwsCredentialIdentityProvider;
}

/** Credentials of the role in the account: the first session, and a provider that renews it. */
export async function assumeRole(
  caller: AwsCaller,
  region: string,
  accountId: string,
  options: RoleOptions,
): Promise<Envelope<AssumedRole>> {
  const { AssumeRoleCommand } = await import('./sdk/sts.js');
  const roleArn = `arn:${options.partition}:iam::${accountId}:role/${options.roleName}`;
  const session = () =>
    caller.call(
      OPERATIONS.sts.AssumeRole,
      region,
      async (sts, abortSignal): Promise<{ identity: AwsCredentialIdentity; arn: string }> => {
        const answer = await sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: options.sessionName,
            DurationSeconds: SESSION_SECONDS,
            ...(options.externalId === undefined ? {} : { ExternalId: options.externalId }),
          }),
          { abortSignal },
        );
        const credentials = required(answer.Credentials, 'AssumeRole', 'Credentials');
        // Known as secrets before any request is signed with them, so no message can repeat them.
        registerSecret(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        return {
          identity: {
            accessKeyId: required(credentials.AccessKeyId, 'AssumeRole', 'AccessKeyId'),
            secretAccessKey: required(credentials.SecretAccessKey, 'AssumeRole', 'SecretAccessKey'),
            sessionToken: required(credentials.SessionToken, 'AssumeRole', 'SessionToken'),
            ...(credentials.Expiration === undefined ? {} : { expiration: credentials.Expiration }),
          },
          arn: required(answer.AssumedRoleUser?.Arn, 'AssumeRole', 'AssumedRoleUser.Arn'),
        };
      },
      { resource: roleArn },
    );
  const first = await session();
  if (!first.ok) return first;
  let current: AwsCredentialIdentity = first.value.identity;
  const credentials: AwsCredentialIdentityProvider = async () => {
    const expiresSoon = current.expiration !== undefined && current.expiration.getTime() - Date.now() < 5 * 60_000;
    if (!expiresSoon) return current;
    const renewed = await session();
    if (!renewed.ok) throw new Error(renewed.error.message);
    current = renewed.value.identity;
    return current;
  };
  return { ok: true, value: { identityArn: first.value.arn, credentials } };
}
