/**
 * SARIF 2.1.0 for GitHub code scanning: one run per account, one rule per check.
 *
 * GitHub ignores `kind` and `suppressions` (a passing or suppressed result would open an alert), so only
 * unsuppressed FAILED results are written; everything else stays in the JSON report. An upload replaces
 * the previous analysis of its category and closes the alerts missing from it, so an incomplete scan says
 * so (`executionSuccessful: false` plus notifications) and the CI decides whether to upload it.
 */
import { gzipSync } from 'node:zlib';
import type * as Sarif from 'sarif';
import { CHECK_SOURCES, type CheckMetadata } from '../src/model/check.js';
import type { CollectionError } from '../src/model/inventory.js';
import type { ScanReport } from '../src/model/report.js';
import type { Resource, Result, Severity } from '../src/model/result.js';
import { accountReports } from './accounts.js';
import { findingHash } from './identity.js';
import { regionPath, resourcePath } from './locations.js';
import { occurrenceCounter } from './occurrences.js';
import { rendered, type Reporter } from './types.js';
import { escapeControls } from '../src/terminal-text.js';

/** The normative OASIS schema (Errata 01), the one the tests validate against. */
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** GitHub code scanning rejects files beyond these; the texts beyond these are cut. */
export const GITHUB_LIMITS = {
  resultsPerRun: 25_000,
  runsPerFile: 20,
  tagsPerRule: 20,
  gzippedBytes: 10_000_000,
  ruleNameChars: 255,
  descriptionChars: 1024,
} as const;

type Level = 'error' | 'warning' | 'note';

/**
 * `security-severity` is a string, and the values sit inside GitHub's bands (over 9.0 critical, 7.0–8.9
 * high, 4.0–6.9 medium, 0.1–3.9 low); 0.0 means "no security severity".
 */
const SEVERITY: Record<Severity, { level: Level; securitySeverity: string }> = {
  CRITICAL: { level: 'error', securitySeverity: '9.5' },
  HIGH: { level: 'error', securitySeverity: '8.0' },
  MEDIUM: { level: 'warning', securitySeverity: '5.5' },
  LOW: { level: 'note', securitySeverity: '2.0' },
  INFORMATIONAL: { level: 'note', securitySeverity: '0.0' },
};

/** Every result sits on line 1 of its resource's pseudo-file; GitHub wants all four numbers. */
const FIRST_LINE: Sarif.Region = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

interface NotificationKind {
  descriptor: Sarif.ReportingDescriptor;
  level: Level;
}

function notificationKind(id: string, name: string, level: Level, description: string, help: string): NotificationKind {
  return {
    level,
    descriptor: {
      id,
      name,
      shortDescription: { text: description },
      fullDescription: { text: description },
      help: { text: help },
      defaultConfiguration: { level },
    },
  };
}

/** Tool execution notifications, in a fixed order so their indexes are stable. */
const NOTIFICATIONS = {
  resultNotAvailable: notificationKind(
    'TS1001',
    'ResultNotAvailable',
    'error',
    'A control could not be evaluated for a resource because an AWS API call it needs failed.',
    'Grant the read permissions listed in the README (or fix the failing call), then scan again.',
  ),
  apiCallFailed: notificationKind(
    'TS1002',
    'ApiCallFailed',
    'error',
    'An AWS API call of the scan failed (for example AccessDenied, throttling or a timeout).',
    'Grant the read permissions listed in the README, or leave the Region out with --regions.',
  ),
  regionSkipped: notificationKind(
    'TS1003',
    'RegionSkipped',
    'note',
    'A Region was not scanned by design, for example because it is not enabled for the account.',
    'Nothing to do unless the Region should be in use: enable it, then scan again.',
  ),
} as const;
const NOTIFICATION_ORDER = Object.values(NOTIFICATIONS);

function notification(
  kind: NotificationKind,
  text: string,
  location: Sarif.Location,
  associatedRule?: Sarif.ReportingDescriptorReference,
): Sarif.Notification {
  const { id } = kind.descriptor;
  return {
    descriptor: { id, index: NOTIFICATION_ORDER.indexOf(kind) },
    ...(associatedRule === undefined ? {} : { associatedRule }),
    level: kind.level,
    message: { text },
    locations: [location],
  };
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * Escapes what Markdown would otherwise render (`<kms-key-arn>` would vanish as an HTML tag, a `#` start a
 * heading, `&lt;` become `<`); control characters, a newline among them, are shown as escapes, so a value
 * stays on its line.
 */
const escapeMarkdown = (text: string) => escapeControls(text).replace(/[\\`*_[\]<>|~#&]/g, '\\$&');

/**
 * A fenced code block its content cannot close: the fence is longer than any run of backticks inside.
 * Control characters are shown as escapes, as in the terminal.
 */
function codeBlock(language: string, lines: readonly string[]): string {
  const content = lines.map(escapeControls);
  const longestRun = Math.max(0, ...content.flatMap((line) => (line.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [`${fence}${language}`, ...content, fence].join('\n');
}

/** A stable PascalCase name from the title: `CloudTrailShouldHaveEncryptionAtRestEnabled`. */
function ruleName(title: string): string {
  const words = title.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  return words
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
    .slice(0, GITHUB_LIMITS.ruleNameChars);
}

/** `CIS AWS Foundations Benchmark v1.4.0` → `cis-aws-foundations-benchmark-v1.4.0`. */
const tagSlug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Filterable tags, generic ones first (GitHub shows the first 10). The full compliance mapping also sits in
 * the rule's properties, so what the 20-tag limit cuts is not lost.
 */
function ruleTags(check: CheckMetadata): string[] {
  const compliance = Object.entries(check.compliance).flatMap(([framework, ids]) =>
    ids.map((id) => `${tagSlug(framework)}/${id}`),
  );
  const source = check.source === 'security-hub' ? [`securityhub/${check.id}`] : [check.source];
  const tags = new Set(['security', 'aws', ...check.tags, ...source, ...compliance]);
  return [...tags].slice(0, GITHUB_LIMITS.tagsPerRule);
}

/**
 * Help for the rule: what is checked, how to fix it (the remediation texts of this run's findings, as the
 * per-resource commands are in each result), the compliance mapping and the references.
 */
function ruleHelp(check: CheckMetadata, guidance: readonly string[]): Sarif.MultiformatMessageString {
  const compliance = Object.entries(check.compliance).map(([framework, ids]) => `${framework}: ${ids.join(', ')}`);
  const documentation = [check.documentationUrl, ...check.references];
  const sections = (bullet: (line: string) => string, heading: (title: string) => string) =>
    [
      guidance.length > 0 ? [heading('Remediation'), ...guidance.map(bullet)] : [],
      compliance.length > 0 ? [heading('Compliance'), ...compliance.map(bullet)] : [],
    ].flatMap((lines) => (lines.length > 0 ? [lines.join('\n')] : []));
  return {
    text: [
      check.description,
      ...sections(
        (line) => `- ${line}`,
        (title) => `${title}:`,
      ),
      ['References:', ...documentation.map((url) => `- ${url}`)].join('\n'),
    ].join('\n\n'),
    markdown: [
      escapeMarkdown(check.description),
      ...sections(
        (line) => `- ${escapeMarkdown(line)}`,
        (title) => `**${title}**`,
      ),
      [
        '**References**',
        `- [${CHECK_SOURCES[check.source].label} ${escapeMarkdown(check.id)}](${check.documentationUrl})`,
        ...check.references.map((url) => `- <${url}>`),
      ].join('\n'),
    ].join('\n\n'),
  };
}

function ruleOf(check: CheckMetadata, alerts: readonly Result[]): Sarif.ReportingDescriptor {
  const { level, securitySeverity } = SEVERITY[check.severity];
  const guidance = [
    ...new Set(alerts.flatMap((r) => (r.checkId === check.id && r.remediation ? [r.remediation.text] : []))),
  ];
  return {
    id: check.id,
    name: ruleName(check.title),
    shortDescription: { text: clip(check.title, GITHUB_LIMITS.descriptionChars) },
    fullDescription: { text: clip(check.description, GITHUB_LIMITS.descriptionChars) },
    help: ruleHelp(check, guidance),
    helpUri: check.documentationUrl,
    defaultConfiguration: { level },
    properties: {
      tags: ruleTags(check),
      precision: 'very-high',
      'security-severity': securitySeverity,
      // Who defines the rule: a plugin's rules are the user's own, not trailscan's.
      source: check.source,
      compliance: check.compliance,
    },
  };
}

function resourceLocation(resource: Resource): Sarif.Location {
  return {
    physicalLocation: { artifactLocation: { uri: resourcePath(resource) }, region: FIRST_LINE },
    logicalLocations: [{ name: resource.name, fullyQualifiedName: resource.id, kind: 'resource' }],
  };
}

function resultMarkdown(result: Result): string {
  const { remediation } = result;
  if (remediation === undefined) return escapeMarkdown(sentence(result.reason));
  return [
    escapeMarkdown(sentence(result.reason)),
    escapeMarkdown(remediation.text),
    ...(remediation.commands.length > 0 ? [codeBlock('sh', remediation.commands)] : []),
  ].join('\n\n');
}

function alertOf(result: Result, ruleIndex: number, primaryLocationLineHash: string): Sarif.Result {
  return {
    ruleId: result.checkId,
    ruleIndex,
    level: SEVERITY[result.severity].level,
    message: { text: sentence(result.reason), markdown: resultMarkdown(result) },
    locations: [resourceLocation(result.resource)],
    partialFingerprints: { primaryLocationLineHash },
    properties: { resource: result.resource, reasonCode: result.reasonCode, evidence: result.evidence },
  };
}

/** Failures GitHub should show: unsuppressed, and with a security severity (INFORMATIONAL has none). */
const isAlert = (result: Result) =>
  result.status === 'FAILED' && result.suppressed === undefined && result.severity !== 'INFORMATIONAL';

function describeCallFailure(error: CollectionError): string {
  const about = error.resource === undefined ? '' : ` for ${error.resource}`;
  return sentence(`${error.operation} in ${error.region}${about} failed with ${error.code}: ${error.message}`);
}

/** What was not evaluated, and why: the reader's answer to `executionSuccessful: false`. */
function notificationsOf(report: ScanReport, ruleIndexOf: (checkId: string) => number) {
  const accountId = report.scan.account.id;
  const regionLocation = (region: string): Sarif.Location => ({
    physicalLocation: { artifactLocation: { uri: regionPath(accountId, region) } },
  });
  return [
    ...report.results
      .filter((r) => r.status === 'NOT_AVAILABLE' && r.suppressed === undefined)
      .map((r) =>
        notification(
          NOTIFICATIONS.resultNotAvailable,
          `${r.checkId} was not evaluated for ${r.resource.id} (${r.resource.region}): ${sentence(r.reason)}`,
          resourceLocation(r.resource),
          { id: r.checkId, index: ruleIndexOf(r.checkId) },
        ),
      ),
    ...report.errors.map((error) =>
      notification(NOTIFICATIONS.apiCallFailed, describeCallFailure(error), regionLocation(error.region)),
    ),
    ...report.scan.regions.skipped.map(({ region, reason }) =>
      notification(
        NOTIFICATIONS.regionSkipped,
        sentence(`Region ${region} was not scanned: ${reason}`),
        regionLocation(region),
      ),
    ),
  ];
}

const NARROW_THE_SCAN = 'narrow the scan with --regions or --checks';

/** One run: one account's results, under that account's category. */
function runOf(report: ScanReport, checks: readonly CheckMetadata[]): Sarif.Run | { error: string } {
  const ruleIndexes = new Map(checks.map((check, index) => [check.id, index]));
  const ruleIndexOf = (checkId: string): number => {
    const index = ruleIndexes.get(checkId);
    if (index === undefined) {
      throw new Error(`SARIF: the report has results for ${checkId} but no check metadata for it`);
    }
    return index;
  };
  const alerts = report.results.filter(isAlert);
  if (alerts.length > GITHUB_LIMITS.resultsPerRun) {
    return {
      error: `SARIF: ${alerts.length.toLocaleString('en')} results of account ${report.scan.account.id} exceed GitHub code scanning's limit of ${GITHUB_LIMITS.resultsPerRun.toLocaleString('en')} per run; ${NARROW_THE_SCAN}`,
    };
  }

  const occurrence = occurrenceCounter();
  const results = alerts.map((result) => {
    // GitHub de-duplicates alerts by `primaryLocationLineHash` alone and cannot compute one for a file that is
    // not in the repository, so we supply it.
    const hash = findingHash(result);
    // CodeQL's shape, `<hash>:<occurrence>`: a repeated finding stays a distinct alert.
    return alertOf(result, ruleIndexOf(result.checkId), `${hash}:${occurrence(hash)}`);
  });
  const { scan, tool, gate, summary } = report;
  return {
    tool: {
      driver: {
        name: tool.name,
        version: tool.version,
        semanticVersion: tool.version,
        informationUri: tool.informationUri,
        rules: checks.map((check) => ruleOf(check, alerts)),
        notifications: NOTIFICATION_ORDER.map((kind) => kind.descriptor),
      },
    },
    // The category: one per account, so accounts uploaded from one repository never close each other's alerts.
    automationDetails: { id: `trailscan/aws/${scan.account.id}/` },
    invocations: [
      {
        executionSuccessful: gate.complete,
        startTimeUtc: scan.startedAt,
        endTimeUtc: scan.finishedAt,
        exitCode: gate.exitCode,
        exitCodeDescription: gate.reason,
        toolExecutionNotifications: notificationsOf(report, ruleIndexOf),
      },
    ],
    results,
    columnKind: 'utf16CodeUnits',
    properties: {
      accountId: scan.account.id,
      partition: scan.account.partition,
      regions: scan.regions,
      summary: { ...summary.byStatus, suppressed: summary.suppressed },
    },
  };
}

/**
 * One run per account, each its own category: GitHub accepts several runs in one file when their tool and
 * category differ, up to 20 runs a file.
 */
export const renderSarif: Reporter = (report, { checks }) => {
  const parts = accountReports(report);
  if (parts.length > GITHUB_LIMITS.runsPerFile) {
    return {
      ok: false,
      error: `SARIF: ${parts.length.toLocaleString('en')} accounts exceed GitHub code scanning's limit of ${GITHUB_LIMITS.runsPerFile} runs (one per account) per file; split the scan with --shard so that each part has at most ${GITHUB_LIMITS.runsPerFile} accounts`,
    };
  }
  const runs: Sarif.Run[] = [];
  for (const part of parts) {
    const run = runOf(part, checks);
    if ('error' in run) return { ok: false, error: run.error };
    runs.push(run);
  }
  const log: Sarif.Log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
  const text = `${JSON.stringify(log, null, 2)}\n`;
  // Gzip only when the plain text could be over the limit: it never is for a normal account.
  if (Buffer.byteLength(text) > GITHUB_LIMITS.gzippedBytes && gzipSync(text).byteLength > GITHUB_LIMITS.gzippedBytes) {
    return {
      ok: false,
      error: `SARIF: the file exceeds GitHub code scanning's limit of ${GITHUB_LIMITS.gzippedBytes.toLocaleString('en')} bytes gzipped; ${NARROW_THE_SCAN}`,
    };
  }
  return rendered(text);
};
