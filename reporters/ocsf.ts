/**
 * OCSF 1.6.0 findings: a JSON array of Compliance Finding events (class 2003), one per result, passes
 * included.
 *
 * Compliance Finding is OCSF's class for "results of evaluations performed against resources, to check
 * compliance with ... Security Standards", and the class AWS Security Hub files its control (posture)
 * findings under in its OCSF 1.6 model (`finding_class_name` "Compliance Finding", `compliance.control`,
 * `compliance.standards`); Detection Finding (2004) is for detections of threats. The `cloud` profile is
 * applied: the account and Region sit in `cloud`, as AWS services expect them.
 */
import type { CheckMetadata } from '../src/model/check.js';
import type { ScanReport } from '../src/model/report.js';
import type { Result, Severity, Status } from '../src/model/result.js';
import {
  checkLookup,
  findingTypes,
  referencesOf,
  regionOf,
  requirementsOf,
  sourceLabel,
  frameworksOf,
} from './controls.js';
import { findingIdsInOrder } from './identity.js';
import { rendered, type Reporter } from './types.js';

export const OCSF_VERSION = '1.6.0';
export const OCSF_PROFILES = ['cloud'] as const;

const CLASS = { uid: 2003, name: 'Compliance Finding' };
const CATEGORY = { uid: 2, name: 'Findings' };
const CREATE = { id: 1, name: 'Create' };

/** OCSF `severity_id` and its caption. */
const SEVERITY: Record<Severity, [number, string]> = {
  INFORMATIONAL: [1, 'Informational'],
  LOW: [2, 'Low'],
  MEDIUM: [3, 'Medium'],
  HIGH: [4, 'High'],
  CRITICAL: [5, 'Critical'],
};

/** `compliance.status_id`: a result that could not be evaluated is Unknown; Security Hub's word stays in `status_code`. */
const COMPLIANCE_STATUS: Record<Status, [number, string]> = {
  PASSED: [1, 'Pass'],
  WARNING: [2, 'Warning'],
  FAILED: [3, 'Fail'],
  NOT_AVAILABLE: [0, 'Unknown'],
};

/** The finding's own workflow status: new, or suppressed when the risk was accepted. */
const findingStatus = (result: Result): [number, string] =>
  result.suppressed === undefined ? [1, 'New'] : [3, 'Suppressed'];

function remediationOf(result: Result, check: CheckMetadata) {
  const { remediation } = result;
  if (remediation === undefined) return {};
  return {
    remediation: {
      desc: [remediation.text, ...remediation.commands].join('\n'),
      references: referencesOf(check, remediation.url),
    },
  };
}

/** What OCSF has no attribute for: the reason code, the evidence, the failed calls, the suppression. */
function unmappedOf(result: Result, check: CheckMetadata) {
  return {
    trailscan: {
      source: sourceLabel(check),
      reason_code: result.reasonCode,
      evidence: result.evidence,
      ...(result.errors === undefined ? {} : { errors: result.errors }),
      ...(result.suppressed === undefined ? {} : { suppression: result.suppressed }),
    },
  };
}

function eventOf(result: Result, uid: string, check: CheckMetadata, report: ScanReport) {
  const { resource } = result;
  const time = Date.parse(report.scan.finishedAt);
  const [severityId, severity] = SEVERITY[result.severity];
  const [statusId, status] = findingStatus(result);
  const [complianceStatusId, complianceStatus] = COMPLIANCE_STATUS[result.status];
  const region = regionOf(resource, report);
  return {
    activity_id: CREATE.id,
    activity_name: CREATE.name,
    category_uid: CATEGORY.uid,
    category_name: CATEGORY.name,
    class_uid: CLASS.uid,
    class_name: CLASS.name,
    type_uid: CLASS.uid * 100 + CREATE.id,
    type_name: `${CLASS.name}: ${CREATE.name}`,
    time,
    severity_id: severityId,
    severity,
    status_id: statusId,
    status,
    status_code: result.status,
    status_detail: result.reason,
    message: result.reason,
    metadata: {
      version: OCSF_VERSION,
      profiles: [...OCSF_PROFILES],
      product: {
        name: report.tool.name,
        vendor_name: report.tool.name,
        version: report.tool.version,
        url_string: report.tool.informationUri,
      },
      event_code: result.checkId,
      uid,
    },
    finding_info: {
      uid,
      title: `${result.checkId} ${check.title}`,
      desc: check.description,
      types: findingTypes(check),
      created_time: time,
      src_url: check.documentationUrl,
    },
    compliance: {
      control: result.checkId,
      standards: frameworksOf(check),
      requirements: requirementsOf(check),
      status_id: complianceStatusId,
      status: complianceStatus,
      status_code: result.status,
      status_details: [result.reason],
      desc: check.description,
    },
    resources: [
      {
        uid: resource.id,
        name: resource.name,
        type: resource.type,
        region,
        cloud_partition: resource.partition,
      },
    ],
    cloud: {
      provider: 'AWS',
      region,
      account: { uid: resource.accountId, type_id: 10, type: 'AWS Account' },
    },
    ...remediationOf(result, check),
    unmapped: unmappedOf(result, check),
  };
}

export const renderOcsf: Reporter = (report, { checks }) => {
  const checkOf = checkLookup(checks, 'OCSF');
  const idOf = findingIdsInOrder();
  const events = report.results.map((result) => eventOf(result, idOf(result), checkOf(result.checkId), report));
  return rendered(`${JSON.stringify(events, null, 2)}\n`);
};
