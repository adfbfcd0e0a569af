import { describe, expect, it } from 'vitest';
import { fixtureChecks } from '../fixtures/report.js';
import { OCSF_PROFILES, OCSF_VERSION } from '../../reporters/ocsf.js';
import { renderOcsf } from './render.js';
import type { ScanReport } from '../../src/model/report.js';
import { OCSF_VERSION as VENDORED_VERSION, ocsfValidator } from './ocsf-schema.js';
import {
  everyStatusInventory,
  everyStatusReport,
  multiAccountReport,
  options,
  rescanned,
  FINDING_REPORTS,
} from './reports.js';

type Event = Record<string, unknown> & {
  class_uid: number;
  type_uid: number;
  severity_id: number;
  status_id: number;
  time: number;
  metadata: { version: string; profiles: string[]; product: { name: string; version: string } };
  finding_info: { uid: string; title: string };
  compliance: { control: string; standards: string[]; requirements: string[]; status_id: number; status_code: string };
  resources: { uid: string; region: string; cloud_partition: string }[];
  cloud: { provider: string; region: string; account: { uid: string } };
  remediation?: { desc: string; references: string[] };
  unmapped: { trailscan: { reason_code: string; evidence: unknown; suppression?: { reason: string } } };
};

const eventsOf = (report: ScanReport) => JSON.parse(renderOcsf(report, options)) as Event[];
const validate = ocsfValidator('compliance_finding', OCSF_PROFILES);
const problemsOf = (events: readonly unknown[]) => events.flatMap((event, i) => validate(event).map((p) => `${i}${p}`));

describe('renderOcsf', () => {
  it('names the OCSF version the schema vendored into the tests has', () => {
    expect(OCSF_VERSION).toBe(VENDORED_VERSION);
    expect(eventsOf(everyStatusReport())[0]?.metadata.version).toBe(VENDORED_VERSION);
  });

  it.each(FINDING_REPORTS)('writes Compliance Finding events valid against the OCSF schema, for %s', (_, build) => {
    const events = eventsOf(build());
    expect(events.length).toBeGreaterThan(0);
    expect(problemsOf(events)).toEqual([]);
  });

  it.each<[string, (event: Event) => void]>([
    ['a required attribute is missing', (e) => delete (e as Record<string, unknown>)['finding_info']],
    ['the class is not Compliance Finding', (e) => (e.class_uid = 2004)],
    ['type_uid does not follow class and activity', (e) => (e.type_uid = 200401)],
    ['the severity caption contradicts severity_id', (e) => (e['severity'] = 'Low')],
    ['an attribute is not in the class', (e) => (e['colour'] = 'red')],
    ['the time is not epoch milliseconds', (e) => (e.time = '2026-11-20T10:00:02.500Z' as never)],
    ['an object the schema was not vendored for is used', (e) => (e['device'] = { name: 'laptop' })],
    [
      'the account type caption is wrong',
      (e) => (e.cloud.account = { ...e.cloud.account, type: 'GCP Project' } as never),
    ],
  ])('the vendored schema rejects an event where %s', (_, spoil) => {
    const [event] = eventsOf(everyStatusReport());
    expect(validate(event)).toEqual([]);
    spoil(event!);
    expect(validate(event)).not.toEqual([]);
  });

  it('writes one event per result with the control, standards, status, severity, resource, account and Region', () => {
    const report = multiAccountReport(['111111111111', '222222222222']);
    const events = eventsOf(report);
    expect(events).toHaveLength(report.results.length);
    report.results.forEach((result, i) => {
      const event = events[i]!;
      const check = fixtureChecks.find((c) => c.id === result.checkId)!;
      expect(event.class_uid).toBe(2003);
      expect(event.compliance.control).toBe(result.checkId);
      expect(event.compliance.standards).toEqual(Object.keys(check.compliance));
      expect(event.compliance.status_code).toBe(result.status);
      expect(event.compliance.status_id).toBe({ PASSED: 1, WARNING: 2, FAILED: 3, NOT_AVAILABLE: 0 }[result.status]);
      expect(event.severity_id).toBe({ INFORMATIONAL: 1, LOW: 2, MEDIUM: 3, HIGH: 4, CRITICAL: 5 }[result.severity]);
      expect(event.resources[0]?.uid).toBe(result.resource.id);
      expect(event.cloud.account.uid).toBe(result.resource.accountId);
      expect(event.cloud.region).toBe(result.resource.region === 'global' ? 'us-east-1' : result.resource.region);
      expect(event.unmapped.trailscan.reason_code).toBe(result.reasonCode);
      expect(event.metadata.product).toMatchObject({ name: 'trailscan', version: report.tool.version });
      if (result.remediation === undefined) expect(event.remediation).toBeUndefined();
      else expect(event.remediation?.desc).toContain(result.remediation.commands[0] ?? result.remediation.text);
    });
  });

  it('marks suppressed results Suppressed, with the reason, and keeps their compliance status', () => {
    const report = everyStatusReport();
    const events = eventsOf(report);
    const i = report.results.findIndex((r) => r.suppressed !== undefined);
    expect(events[i]?.status_id).toBe(3);
    expect(events[i]?.compliance.status_code).toBe(report.results[i]?.status);
    expect(events[i]?.unmapped.trailscan.suppression?.reason).toBe('Legacy trail is being retired');
    expect(events.filter((e) => e.status_id === 1)).toHaveLength(report.results.length - report.summary.suppressed);
  });

  it('gives each finding the uid the ASFF Id has, stable across scans', () => {
    const uids = (report: ScanReport) => eventsOf(report).map((e) => e.finding_info.uid);
    const first = uids(everyStatusReport());
    expect(new Set(first).size).toBe(first.length);
    expect(uids(rescanned(everyStatusInventory(), new Date('2027-01-05T08:00:00Z')))).toEqual(first);
  });
});
