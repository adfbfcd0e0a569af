import { describe, expect, it } from 'vitest';
import { fixtureChecks } from '../fixtures/report.js';
import { renderText } from './render.js';
import { inventory, trail } from '../fixtures/inventory.js';
import { incompleteInventory, mixedInventory, reportOf } from '../fixtures/report.js';
import { expectGenerated } from '../support/generated.js';

const options = { checks: fixtureChecks, color: false };

const golden = (name: string, text: string) => {
  expectGenerated(new URL(`golden/${name}`, import.meta.url), text);
};

describe('renderText', () => {
  it('is up to date: the golden report of a mixed account', () => {
    golden('mixed.txt', renderText(reportOf(mixedInventory()), options));
  });

  it('puts failures first within each severity, most severe first', () => {
    const lines = renderText(reportOf(mixedInventory()), options).split('\n');
    const severities = lines.filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW)$/.test(l));
    expect(severities).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
    const high = lines.slice(lines.indexOf('HIGH'), lines.indexOf('MEDIUM')).filter((l) => /^ {2}\S/.test(l));
    const statuses = high.map((l) => l.trim().split(/\s+/)[1]);
    expect(statuses.indexOf('PASSED')).toBeGreaterThan(statuses.lastIndexOf('FAILED'));
  });

  it('shows the fix of each failure and the gate verdict last', () => {
    const text = renderText(reportOf(mixedInventory()), options);
    expect(text).toContain(
      'fix: aws cloudtrail update-trail --name arn:aws:cloudtrail:eu-west-1:111122223333:trail/legacy --enable-log-file-validation --region eu-west-1',
    );
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^Exit 3: \d+ failed results at or above low$/);
  });

  it('names what could not be read in an incomplete scan', () => {
    const text = renderText(reportOf(incompleteInventory(), { failOn: 'none' }), options);
    expect(text).toContain('? N/A     CloudTrail.3  111122223333 us-west-2');
    expect(text).toContain('cloudtrail:DescribeTrails in us-west-2 failed: AccessDeniedException');
    expect(text).toContain('Exit 4: scan incomplete');
  });

  it('uses colour only when asked, and never as the only signal', () => {
    const report = reportOf(inventory());
    expect(renderText(report, options)).not.toContain('\u001b[');
    const coloured = renderText(report, { ...options, color: true });
    expect(coloured).toContain('\u001b[');
    expect(coloured).toContain('✓ PASSED');
  });

  it('shows control characters in AWS data as escapes: no terminal sequence, no forged line', () => {
    const name = 'evil\u001b]0;pwned\u0007\u001b[2J\r\n  ✓ PASSED  CloudTrail.4  forged\u202e';
    const report = reportOf(inventory({ trails: [trail({ name, logFileValidationEnabled: false })] }));
    const text = renderText(report, options);
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).not.toMatch(/^\s*✓ PASSED\s+CloudTrail\.4\s+forged/m);
    expect(text).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J\\r\\n  ✓ PASSED  CloudTrail.4  forged\\u202e');
  });
});
