/** AWS Organizations over AWS JSON 1.1: ListAccounts, paginated, for the management account. */
import * as z from 'zod';
import { SERVICES } from '../../aws/catalogue.js';
import { jsonOperation, jsonReply, jsonService } from '../protocols/json.js';
import { AwsError, type CallContext, type Reply } from '../service.js';

/** ListAccounts answers at most 20 accounts a page. */
const MAX_RESULTS = 20;

/** The pre-2025 `Status` field, still answered beside `State`: closed accounts were SUSPENDED there. */
const LEGACY_STATUS: Record<string, string> = {
  ACTIVE: 'ACTIVE',
  SUSPENDED: 'SUSPENDED',
  PENDING_CLOSURE: 'PENDING_CLOSURE',
  CLOSED: 'SUSPENDED',
  PENDING_ACTIVATION: 'ACTIVE',
};

function listAccounts({ NextToken, MaxResults }: { NextToken?: string; MaxResults?: number }, context: CallContext) {
  const { world, account, requestId } = context;
  const organization = account.organization;
  if (organization === undefined) {
    throw new AwsError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
  if (!organization.management) {
    throw new AwsError(400, 'AccessDeniedException', "You don't have permissions to access this resource.");
  }
  const accounts = world.organizationAccounts(organization.id);
  const start = NextToken === undefined ? 0 : Number.parseInt(Buffer.from(NextToken, 'base64url').toString(), 10);
  if (!Number.isInteger(start) || start < 0 || start > accounts.length) {
    throw new AwsError(400, 'InvalidInputException', 'You provided an invalid value for NextToken.');
  }
  const size = Math.min(MaxResults ?? MAX_RESULTS, MAX_RESULTS);
  const page = accounts.slice(start, start + size);
  const next = start + size < accounts.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  const reply: Reply = jsonReply(
    {
      Accounts: page.map((a) => {
        const state = a.organization?.state ?? 'ACTIVE';
        return {
          Id: a.accountId,
          Arn: `arn:aws:organizations::${account.accountId}:account/${organization.id}/${a.accountId}`,
          Email: `aws+${a.accountId}@example.com`,
          Name: a.name ?? a.accountId,
          State: state,
          Status: LEGACY_STATUS[state],
          JoinedMethod: a.organization?.management === true ? 'INVITED' : 'CREATED',
          JoinedTimestamp: 1_700_000_000,
        };
      }),
      ...(next === undefined ? {} : { NextToken: next }),
    },
    requestId,
  );
  return reply;
}

export const organizations = jsonService(SERVICES.organizations, {
  ListAccounts: jsonOperation(
    z.object({ NextToken: z.string().optional(), MaxResults: z.number().int().min(1).max(20).optional() }),
    () => [],
    listAccounts,
  ),
});
