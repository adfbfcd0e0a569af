/**
 * The scan report: what every reporter renders. Its JSON form is a published, versioned interface
 * (`schemas/report.schema.json`, generated from this definition and kept equal to it by a test).
 */
import * as z from 'zod';
import { STANDARD_CHOICES } from './check.js';
import { accountSchema, collectionErrorSchema, skippedRegionSchema } from './inventory.js';
import { FAIL_ON } from './gate.js';
import { checkSourceSchema, resultSchema, severitySchema } from './result.js';

export { EXIT, FAIL_ON, type FailOn } from './gate.js';

export const REPORT_SCHEMA_VERSION = '1.1.0';

export const failOnSchema = z.enum(FAIL_ON);

const countsSchema = z.object({
  PASSED: z.number().int(),
  FAILED: z.number().int(),
  WARNING: z.number().int(),
  NOT_AVAILABLE: z.number().int(),
});
export type StatusCounts = z.infer<typeof countsSchema>;

/** Security Hub's control status: Failed if any FAILED, else Unknown if any WARNING/NOT_AVAILABLE. */
const controlStatusSchema = z.enum(['PASSED', 'FAILED', 'UNKNOWN', 'NO_DATA']);
export type ControlStatus = z.infer<typeof controlStatusSchema>;

const accountEntrySchema = z.object({ id: z.string(), name: z.string().optional() });

/** The accounts of a scan of several (`--organization`, `--accounts`): what was scanned, left out, or failed. */
const accountsSchema = z.object({
  organization: z.boolean().describe('Whether the list came from the organization (organizations:ListAccounts)'),
  shard: z
    .object({ index: z.number().int(), count: z.number().int() })
    .optional()
    .describe('The part of the accounts this report covers (--shard K/N)'),
  scanned: z.array(
    accountEntrySchema.extend({
      regions: z.object({ scanned: z.array(z.string()), skipped: z.array(skippedRegionSchema) }),
      unreadableRegions: z.array(z.string()).describe('Scanned Regions whose trails could not be listed'),
    }),
  ),
  skipped: z
    .array(accountEntrySchema.extend({ reason: z.string() }))
    .describe('Accounts not scanned because of their state (SUSPENDED, PENDING_CLOSURE …)'),
  failed: z
    .array(accountEntrySchema.extend({ error: collectionErrorSchema }))
    .describe('Accounts that could not be scanned (role not assumable, no answer): their results are NOT_AVAILABLE'),
});
export type ScanAccounts = z.infer<typeof accountsSchema>;

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('trailscan'), version: z.string(), informationUri: z.string() }),
  scan: z.object({
    source: z.enum(['aws', 'inventory']).describe('Live AWS APIs, or a saved inventory re-evaluated offline'),
    startedAt: z.string(),
    finishedAt: z.string(),
    durationMs: z.number(),
    account: accountSchema.describe('The account of the credentials; with several accounts, the one that reached them'),
    accounts: accountsSchema.optional(),
    regions: z.object({ scanned: z.array(z.string()), skipped: z.array(skippedRegionSchema) }),
    standard: z
      .enum(STANDARD_CHOICES)
      .describe('The standard whose checks and parameter defaults were selected (--standard)'),
    checks: z.array(z.string()),
    apiCalls: z.object({
      total: z.number().int(),
      byOperation: z.record(z.string(), z.number().int()),
    }),
  }),
  summary: z.object({
    total: z.number().int(),
    byStatus: countsSchema.describe('Unsuppressed results by status'),
    failedBySeverity: z.record(severitySchema, z.number().int()),
    suppressed: z.number().int(),
    controls: z.array(
      z.object({
        id: z.string(),
        source: checkSourceSchema,
        title: z.string(),
        severity: severitySchema,
        status: controlStatusSchema,
        counts: countsSchema,
      }),
    ),
  }),
  gate: z.object({
    failOn: failOnSchema,
    exitCode: z.number().int(),
    complete: z
      .boolean()
      .describe('False when some result is NOT_AVAILABLE, a Region could not be read, or any API call failed'),
    gatedFailures: z.number().int().describe('Unsuppressed FAILED results at or above failOn'),
    reason: z.string(),
  }),
  results: z.array(resultSchema),
  errors: z.array(collectionErrorSchema).describe('Every failed API call of the scan'),
  suppressions: z.object({
    expired: z.array(z.object({ check: z.string(), resource: z.string(), reason: z.string(), expires: z.string() })),
  }),
});
export type ScanReport = z.infer<typeof reportSchema>;
