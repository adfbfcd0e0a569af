/** Results: one verdict about one resource (or one Region of the account) for one control. */
import * as z from 'zod';
import { collectionErrorSchema } from './inventory.js';

/** Security Hub's compliance statuses. */
export const STATUSES = ['FAILED', 'WARNING', 'NOT_AVAILABLE', 'PASSED'] as const;
const statusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof statusSchema>;

/** Security Hub's severity labels, most severe first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** Lower rank = more severe; used for sorting and for the `--fail-on` threshold. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Who defines a check (`CHECK_SOURCES` in check.ts says what each means). */
export const checkSourceSchema = z.enum(['security-hub', 'cis', 'trailscan', 'plugin']);
export type CheckSource = z.infer<typeof checkSourceSchema>;

/** ASFF resource type names. */
export const resourceTypeSchema = z.enum([
  'AwsAccount',
  'AwsCloudTrailEventDataStore',
  'AwsCloudTrailTrail',
  'AwsKmsKey',
  'AwsS3Bucket',
]);
export type ResourceType = z.infer<typeof resourceTypeSchema>;

export const resourceSchema = z.object({
  type: resourceTypeSchema,
  id: z.string().describe('The ARN; AWS::::Account:<id> for the account'),
  name: z.string(),
  region: z.string().describe('The resource Region, or "global" for account-wide results'),
  accountId: z.string(),
  partition: z.string(),
});
export type Resource = z.infer<typeof resourceSchema>;

export const remediationSchema = z.object({
  text: z.string(),
  commands: z.array(z.string()).describe('AWS CLI commands with the resource filled in'),
  url: z.string(),
});
export type Remediation = z.infer<typeof remediationSchema>;

const suppressionSchema = z.object({
  reason: z.string(),
  expires: z.string().optional(),
  rule: z.string().describe('The suppression rule that matched: check and resource pattern'),
});

export const resultSchema = z.object({
  checkId: z.string(),
  checkSource: checkSourceSchema.describe(
    'Who defines the check: plugin for checks loaded with --checks-dir or plugins',
  ),
  title: z.string(),
  severity: severitySchema,
  status: statusSchema,
  resource: resourceSchema,
  reasonCode: z.string().describe('Machine-readable reason, e.g. TRAIL_NOT_LOGGING or API_ERROR'),
  reason: z.string().describe('One line for humans'),
  evidence: z.record(z.string(), z.unknown()),
  errors: z.array(collectionErrorSchema).optional().describe('For NOT_AVAILABLE: the calls that failed'),
  remediation: remediationSchema.optional(),
  suppressed: suppressionSchema.optional(),
});
export type Result = z.infer<typeof resultSchema>;

/** The pseudo-Region of account-wide results. */
export const GLOBAL_REGION = 'global';

/** The account as a resource: what account-wide results are about. */
export function accountResourceOf(account: { id: string; partition: string }, region = GLOBAL_REGION): Resource {
  const { id, partition } = account;
  return { type: 'AwsAccount', id: `AWS::::Account:${id}`, name: id, region, accountId: id, partition };
}
