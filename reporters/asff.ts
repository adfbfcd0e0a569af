/**
 * AWS Security Finding Format (ASFF) for Security Hub CSPM's `BatchImportFindings`: a JSON array with one
 * finding per result, passes included (a PASSED re-import is what resolves an earlier FAILED finding).
 *
 * Findings are for the account's default product (`product/<account>/default`): Security Hub accepts them
 * only from that account, in the Region named by the product ARN, 100 per call. trailscan never calls
 * Security Hub; the README shows how to import the file.
 */
import type { CheckMetadata } from '../src/model/check.js';
import type { ScanReport } from '../src/model/report.js';
import type { Result } from '../src/model/result.js';
import { checkLookup, findingTypes, regionOf, requirementsOf, sourceLabel } from './controls.js';
import { findingIdsInOrder } from './identity.js';
import { rendered, type Reporter } from './types.js';

/** Limits of `AwsSecurityFinding` from the Security Hub API reference; longer texts are cut. */
export const ASFF_LIMITS = {
  titleChars: 256,
  descriptionChars: 1024,
  recommendationChars: 512,
  relatedRequirements: 32,
  findingsPerBatch: 100,
} as const;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Security Hub's own workflow states: a pass is resolved, an accepted risk suppressed, the rest new. */
function workflowStatus(result: Result): 'NEW' | 'RESOLVED' | 'SUPPRESSED' {
  if (result.suppressed !== undefined) return 'SUPPRESSED';
  return result.status === 'PASSED' ? 'RESOLVED' : 'NEW';
}

function recommendationText(result: Result): string {
  const { remediation } = result;
  if (remediation === undefined) return 'No change needed.';
  return clip([remediation.text, ...remediation.commands].join('\n'), ASFF_LIMITS.recommendationChars);
}

/** Free-form fields Security Hub shows as they are: string keys and values only. */
function productFields(result: Result, check: CheckMetadata, report: ScanReport): Record<string, string> {
  return {
    'trailscan/Version': report.tool.version,
    'trailscan/Source': sourceLabel(check),
    'trailscan/ReasonCode': result.reasonCode,
    'trailscan/ResourceName': result.resource.name,
    ...(result.status === 'NOT_AVAILABLE' && result.errors !== undefined && result.errors.length > 0
      ? { 'trailscan/FailedCalls': result.errors.map((e) => `${e.operation} ${e.region} ${e.code}`).join('; ') }
      : {}),
    ...(result.suppressed === undefined
      ? {}
      : {
          'trailscan/SuppressionReason': result.suppressed.reason,
          ...(result.suppressed.expires === undefined
            ? {}
            : { 'trailscan/SuppressionExpires': result.suppressed.expires }),
        }),
  };
}

function findingOf(result: Result, id: string, check: CheckMetadata, report: ScanReport) {
  const { resource } = result;
  const region = regionOf(resource, report);
  const types = findingTypes(check);
  const severity = { Label: result.severity, Original: result.severity };
  const url = check.documentationUrl;
  const description = clip(result.reason, ASFF_LIMITS.descriptionChars);
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: `arn:${resource.partition}:securityhub:${region}:${resource.accountId}:product/${resource.accountId}/default`,
    ProductName: 'trailscan',
    CompanyName: 'trailscan',
    GeneratorId: `trailscan/${result.checkId}`,
    AwsAccountId: resource.accountId,
    Region: region,
    Types: types,
    FirstObservedAt: report.scan.startedAt,
    LastObservedAt: report.scan.startedAt,
    CreatedAt: report.scan.finishedAt,
    UpdatedAt: report.scan.finishedAt,
    Severity: severity,
    Title: clip(`${result.checkId} ${check.title}`, ASFF_LIMITS.titleChars),
    Description: description,
    Remediation: { Recommendation: { Text: recommendationText(result), Url: result.remediation?.url ?? url } },
    SourceUrl: url,
    ProductFields: productFields(result, check, report),
    Resources: [{ Type: resource.type, Id: resource.id, Partition: resource.partition, Region: region }],
    Compliance: {
      // Security Hub's compliance statuses are trailscan's.
      Status: result.status,
      // Only Security Hub's own controls have a Security Hub control id.
      ...(check.source === 'security-hub' ? { SecurityControlId: result.checkId } : {}),
      RelatedRequirements: requirementsOf(check).slice(0, ASFF_LIMITS.relatedRequirements),
      StatusReasons: [{ ReasonCode: result.reasonCode, Description: description }],
    },
    Workflow: { Status: workflowStatus(result) },
    RecordState: 'ACTIVE',
    FindingProviderFields: { Severity: severity, Types: types },
  };
}

export const renderAsff: Reporter = (report, { checks }) => {
  const checkOf = checkLookup(checks, 'ASFF');
  const idOf = findingIdsInOrder();
  const findings = report.results.map((result) => findingOf(result, idOf(result), checkOf(result.checkId), report));
  return rendered(`${JSON.stringify(findings, null, 2)}\n`);
};
