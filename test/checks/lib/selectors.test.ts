import { describe, expect, it } from 'vitest';
import { combineCoverage, fieldMatches, selectorCoverages } from '../../../checks/lib/selectors.js';
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

const coverage = (selectors: Parameters<typeof selectorCoverages>[0]) => combineCoverage(selectorCoverages(selectors));

describe('selector coverage', () => {
  const mgmt = { field: 'eventCategory', equals: ['Management'] };

  it('the default basic selector records everything', () => {
    expect(coverage(basic({}))).toEqual({ all: true, readsAndWritesSplit: false, narrowedBy: [] });
  });

  it('readOnly Equals true records reads only', () => {
    expect(selectorCoverages(advanced({ fieldSelectors: [mgmt, { field: 'readOnly', equals: ['true'] }] }))).toEqual([
      { all: false, reads: true, writes: false, narrowedBy: ['readOnly'] },
    ]);
  });

  it('one selector whose readOnly accepts both values narrows, and is no split', () => {
    expect(coverage(advanced({ fieldSelectors: [mgmt, { field: 'readOnly', equals: ['true', 'false'] }] }))).toEqual({
      all: false,
      readsAndWritesSplit: false,
      narrowedBy: ['readOnly'],
    });
  });

  it('a reads-only and a writes-only selector are a split', () => {
    expect(
      coverage(
        advanced(
          { fieldSelectors: [mgmt, { field: 'readOnly', equals: ['true'] }] },
          { fieldSelectors: [mgmt, { field: 'readOnly', equals: ['false'] }] },
        ),
      ).readsAndWritesSplit,
    ).toBe(true);
  });

  it.each([
    ['Equals Data', { equals: ['Data'] }],
    ['NotEquals Data', { notEquals: ['Data'] }],
    ['StartsWith M', { startsWith: ['M'] }],
    ['EndsWith t', { endsWith: ['t'] }],
    ['Equals Management and NotEquals Data', { equals: ['Management'], notEquals: ['Data'] }],
  ])('eventCategory %s selects no management event (only Equals is allowed there)', (_name, operators) => {
    expect(selectorCoverages(advanced({ fieldSelectors: [{ field: 'eventCategory', ...operators }] }))).toEqual([
      { all: false, reads: false, writes: false, narrowedBy: [] },
    ]);
  });

  it('an advanced selector without eventCategory records no management event', () => {
    expect(selectorCoverages(advanced({ fieldSelectors: [{ field: 'readOnly', equals: ['true'] }] }))[0]?.reads).toBe(
      false,
    );
  });
});
