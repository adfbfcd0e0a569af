import { describe, expect, it } from 'vitest';
import { fieldMatches, managementCoverage } from '../../../checks/lib/selectors.js';
import { advanced, basic } from '../../fixtures/inventory.js';

describe('fieldMatches', () => {
  it.each([
    [{ equals: ['a', 'b'] }, 'b', true],
    [{ equals: ['a'] }, 'b', false],
    [{ startsWith: ['kms.'] }, 'kms.amazonaws.com', true],
    [{ startsWith: ['kms.'] }, 'ec2.amazonaws.com', false],
    [{ endsWith: ['.com'] }, 'kms.amazonaws.com', true],
    [{ endsWith: ['.org'] }, 'kms.amazonaws.com', false],
    [{ notEquals: ['kms.amazonaws.com'] }, 'kms.amazonaws.com', false],
    [{ notEquals: ['kms.amazonaws.com'] }, 'ec2.amazonaws.com', true],
    [{ notStartsWith: ['kms'] }, 'kms.amazonaws.com', false],
    [{ notStartsWith: ['kms'] }, 'ec2.amazonaws.com', true],
    [{ notEndsWith: ['.com'] }, 'kms.amazonaws.com', false],
    [{ notEndsWith: ['.org'] }, 'kms.amazonaws.com', true],
    // Including operators are alternatives; excluding ones must all hold.
    [{ equals: ['x'], startsWith: ['kms'] }, 'kms.amazonaws.com', true],
    [{ startsWith: ['kms'], notEquals: ['kms.amazonaws.com'] }, 'kms.amazonaws.com', false],
    [{}, 'anything', true],
  ])('%j accepts %s: %s', (operators, value, expected) => {
    expect(fieldMatches({ field: 'eventSource', ...operators }, value)).toBe(expected);
  });
});

describe('managementCoverage', () => {
  const mgmt = { field: 'eventCategory', equals: ['Management'] };

  it('the default basic selector records everything', () => {
    expect(managementCoverage(basic({}))).toMatchObject({ all: true, reads: true, writes: true, narrowedBy: [] });
  });

  it('readOnly Equals true records reads only', () => {
    expect(
      managementCoverage(advanced({ fieldSelectors: [mgmt, { field: 'readOnly', equals: ['true'] }] })),
    ).toMatchObject({
      all: false,
      reads: true,
      writes: false,
      narrowedBy: ['readOnly'],
    });
  });

  it('a readOnly condition accepting both values still narrows, as a split', () => {
    expect(
      managementCoverage(advanced({ fieldSelectors: [mgmt, { field: 'readOnly', equals: ['true', 'false'] }] })),
    ).toMatchObject({ all: false, readsAndWritesSplit: true });
  });

  it('an eventCategory other than Management records no management event', () => {
    expect(
      managementCoverage(advanced({ fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }] })),
    ).toMatchObject({
      all: false,
      reads: false,
      writes: false,
    });
  });

  it('an advanced selector without eventCategory records no management event', () => {
    expect(managementCoverage(advanced({ fieldSelectors: [{ field: 'readOnly', equals: ['true'] }] })).reads).toBe(
      false,
    );
  });
});
