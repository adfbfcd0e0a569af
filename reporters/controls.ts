/** What the finding formats (ASFF, OCSF, HTML) say about a check and where its results are. */
import { CHECK_SOURCES, type CheckMetadata } from '../src/model/check.js';
import type { ScanReport } from '../src/model/report.js';
import type { Resource } from '../src/model/result.js';

/** The check metadata by id; a result without metadata is a bug of the caller, not of the report. */
export function checkLookup(checks: readonly CheckMetadata[], format: string): (checkId: string) => CheckMetadata {
  const byId = new Map(checks.map((check) => [check.id, check]));
  return (checkId) => {
    const check = byId.get(checkId);
    if (check === undefined)
      throw new Error(`${format}: the report has results for ${checkId} but no check metadata for it`);
    return check;
  };
}

/** What the check is, as its source names it: `AWS Security Hub control`, `trailscan check` … */
export const sourceLabel = (check: CheckMetadata): string => CHECK_SOURCES[check.source].label;

/** The check's documentation first, then its further reading, each once. */
export const referencesOf = (check: CheckMetadata, ...more: string[]): string[] => [
  ...new Set([check.documentationUrl, ...more, ...check.references]),
];

/** Requirements the check maps to, each naming its framework: `CIS AWS Foundations Benchmark v1.4.0 3.7`. */
export const requirementsOf = (check: CheckMetadata): string[] =>
  Object.entries(check.compliance).flatMap(([framework, ids]) => ids.map((id) => `${framework} ${id}`));

/**
 * The standards and frameworks the check maps to, as its compliance mapping names them (Security Hub's
 * own standards among them, e.g. AWS Foundational Security Best Practices v1.0.0).
 */
export const frameworksOf = (check: CheckMetadata): string[] => Object.keys(check.compliance);

/**
 * ASFF's finding types (`namespace/category/classifier`), which OCSF's `finding_info.types` reuses: a best
 * practice, plus each standard the check belongs to.
 */
export function findingTypes(check: CheckMetadata): string[] {
  return [
    'Software and Configuration Checks/AWS Security Best Practices',
    ...frameworksOf(check).map(
      (standard) => `Software and Configuration Checks/Industry and Regulatory Standards/${standard}`,
    ),
  ];
}

/** Where account-wide results are filed in services that want a Region: the partition's first Region. */
const PARTITION_HOME: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

/** The resource's Region; for an account-wide (`global`) result, the partition's home Region. */
export function regionOf(resource: Resource, report: ScanReport): string {
  if (resource.region !== 'global') return resource.region;
  return PARTITION_HOME[resource.partition] ?? report.scan.regions.scanned[0] ?? 'us-east-1';
}
