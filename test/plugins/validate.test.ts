/** What a plugin check must be when it loads: each problem one line that names the field and what to do. */
import { describe, expect, it } from 'vitest';
import { centralLogBucket, trailOwnerTag } from '../../examples/acme-checks/index.js';
import { checkIdProblem, defineCheck, z, type CheckDefinition, type Reasons } from '../../checks/api.js';
import { SLICES } from '../../src/model/inventory.js';
import { metadataProblems, needsProblem, parametersProblem } from '../../src/plugins/validate.js';

/** A valid plugin check, to break one field at a time. */
const VALID: CheckDefinition<Record<string, never>, Reasons> = {
  id: 'acme.example',
  source: 'plugin',
  title: 'An example',
  description: 'Passes every trail',
  severity: 'LOW',
  resourceType: 'AwsCloudTrailTrail',
  documentationUrl: 'https://example.com/checks/example',
  references: [],
  tags: ['cloudtrail'],
  compliance: {},
  standards: [],
  reasons: { OK: 'fine' },
  parameters: z.object({}),
  needs: () => ['trails'],
  remediation: () => ({ text: '', commands: [] }),
  evaluate: () => [],
};

const broken = (changes: Record<string, unknown>) => defineCheck({ ...VALID, ...changes });

describe('metadataProblems', () => {
  it('finds none in the example plugin’s checks', () => {
    expect(metadataProblems(centralLogBucket)).toEqual([]);
    expect(metadataProblems(trailOwnerTag)).toEqual([]);
    expect(metadataProblems(defineCheck(VALID))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'another source',
      { source: 'security-hub' },
      'source: must be "plugin" for a check loaded as a plugin (got "security-hub")',
    ],
    ['a blank title', { title: ' ' }, 'title: Too small: expected string to have >=1 characters'],
    [
      'an unknown severity',
      { severity: 'SEVERE' },
      'severity: Invalid option: expected one of "CRITICAL"|"HIGH"|"MEDIUM"|"LOW"|"INFORMATIONAL" (got "SEVERE")',
    ],
    [
      'an unknown resource type',
      { resourceType: 'AwsLambdaFunction' },
      'resourceType: Invalid option: expected one of "AwsAccount"|"AwsCloudTrailEventDataStore"|"AwsCloudTrailTrail"|"AwsKmsKey"|"AwsS3Bucket" (got "AwsLambdaFunction")',
    ],
    [
      'a documentation URL that is not one',
      { documentationUrl: 'see the wiki' },
      'documentationUrl: must be an http(s) URL (got "see the wiki")',
    ],
    [
      'a reference that is not a URL',
      { references: ['ftp://example.com/x'] },
      'references[0]: must be an http(s) URL (got "ftp://example.com/x")',
    ],
    [
      'a Security Hub standard',
      { standards: ['aws-foundational'] },
      'standards: must be []: Security Hub standards hold only Security Hub controls',
    ],
    [
      'a reason code not in upper snake case',
      { reasons: { ok: 'fine' } },
      'reasons.ok: a reason code is UPPER_SNAKE_CASE',
    ],
    [
      'a common reason declared again',
      { reasons: { API_ERROR: '{calls}' } },
      'reasons.API_ERROR: is a common reason: give it with common.* rather than declaring it again',
    ],
    [
      'a reason without a message',
      { reasons: { OK: '' } },
      'reasons.OK: Too small: expected string to have >=1 characters',
    ],
    [
      'parameters that are not a zod schema',
      { parameters: { centralBucket: 'string' } },
      "parameters: must be a zod schema made with the z of 'trailscan/check', e.g. z.object({})",
    ],
    ['needs that is a list, not a function', { needs: ['trails'] }, 'needs: must be a function'],
    ['no remediation', { remediation: undefined }, 'remediation: must be a function'],
  ])('says what is wrong with %s', (_, changes, problem) => {
    expect(metadataProblems(broken(changes))).toEqual([problem]);
  });

  it('gives one line per problem', () => {
    expect(metadataProblems(broken({ title: 42, tags: 'cloudtrail', compliance: { CIS: '3.1' } }))).toEqual([
      'title: Invalid input: expected string, received number (got 42)',
      'tags: Invalid input: expected array, received string (got "cloudtrail")',
      'compliance.CIS: Invalid input: expected array, received string (got "3.1")',
    ]);
  });
});

describe('checkIdProblem for plugin checks', () => {
  it.each([
    [
      'CloudTrail.99',
      "CloudTrail.99 is in AWS Security Hub's namespace (Service.N); a plugin check id is like acme.central-log-bucket",
    ],
    [
      'cloudtrail.10',
      "cloudtrail.10 is in AWS Security Hub's namespace (Service.N); a plugin check id is like acme.central-log-bucket",
    ],
    [
      'acme.1',
      "acme.1 is in AWS Security Hub's namespace (Service.N); a plugin check id is like acme.central-log-bucket",
    ],
    [
      'trailscan.kms',
      "trailscan.kms is in trailscan's own namespace; a plugin check id is like acme.central-log-bucket",
    ],
    [
      'cis.mfa-delete',
      "cis.mfa-delete is in trailscan's own namespace; a plugin check id is like acme.central-log-bucket",
    ],
    ['central-log-bucket', 'central-log-bucket is not an id of a plugin check (like acme.central-log-bucket)'],
    ['Acme.Owner_Tag', 'Acme.Owner_Tag is not an id of a plugin check (like acme.central-log-bucket)'],
  ])('rejects %s', (id, problem) => {
    expect(checkIdProblem(id, 'plugin')).toBe(problem);
  });

  it('accepts <namespace>.<name>', () => {
    expect(checkIdProblem('acme.central-log-bucket', 'plugin')).toBeUndefined();
    expect(checkIdProblem('acme-corp.owner-tag-2', 'plugin')).toBeUndefined();
  });
});

describe('parametersProblem', () => {
  it('accepts an object of plain data, required or defaulted', () => {
    expect(parametersProblem(centralLogBucket.parameters)).toBeUndefined();
    expect(parametersProblem(z.object({ days: z.number().default(7) }).strict())).toBeUndefined();
  });

  it('rejects parameters that are not an object', () => {
    expect(parametersProblem(z.array(z.string()))).toBe('parameters: must be an object schema, z.object({ … })');
  });

  it('rejects what JSON Schema cannot describe, since `trailscan checks --format json` publishes it', () => {
    expect(parametersProblem(z.object({ since: z.date() }))).toBe(
      'parameters: cannot be described as JSON Schema (Date cannot be represented in JSON Schema); use plain data types',
    );
  });
});

describe('needsProblem', () => {
  const needing = (needs: () => unknown) => defineCheck({ ...VALID, needs: needs as () => [] });

  it('accepts slices collection can feed', () => {
    expect(
      needsProblem(
        needing(() => [...SLICES]),
        {},
      ),
    ).toBeUndefined();
  });

  it('names the slices it does not know, and the ones it does', () => {
    expect(
      needsProblem(
        needing(() => ['trails', 'macieFindings', 'vpcs']),
        {},
      ),
    ).toBe(`needs: unknown slices "macieFindings", "vpcs" (known: ${SLICES.join(', ')})`);
  });

  it('reports a needs that throws or returns no list', () => {
    expect(
      needsProblem(
        needing(() => {
          throw new Error('no bucket given');
        }),
        {},
      ),
    ).toBe('needs: threw no bucket given');
    expect(
      needsProblem(
        needing(() => 'trails'),
        {},
      ),
    ).toBe('needs: must return a list of inventory slices');
  });
});
