/**
 * A JSON Schema for ASFF, derived from the AWS SDK's own model of `BatchImportFindings` (botocore's
 * `securityhub` service-2.json; the same Smithy model the JavaScript SDK is generated from), plus the limits
 * the Security Hub API reference and user guide state in prose but the model does not carry.
 *
 * test/schemas/securityhub-asff-shapes.json holds the model's shapes reachable from
 * `BatchImportFindingsRequest`; test/schemas/asff.schema.json is what `deriveAsffSchema` makes of them, kept
 * equal by asff.test.ts (`npm run regenerate` rewrites it).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaObject, ValidateFunction } from 'ajv';

interface Member {
  shape: string;
}
interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'timestamp';
  members?: Record<string, Member>;
  required?: string[];
  member?: Member;
  key?: Member;
  value?: Member;
  min?: number;
  max?: number;
  enum?: string[];
  pattern?: string;
}

export const ASFF_SCHEMA_FILE = new URL('../schemas/asff.schema.json', import.meta.url);
const SHAPES_FILE = new URL('../schemas/securityhub-asff-shapes.json', import.meta.url);

/** RFC 3339 as the API reference words it: Z or an offset, fractions of a second up to 9 digits. */
const TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}(:?\\d{2})?)$';

/**
 * The limits of the API reference (`AwsSecurityFinding`, `Recommendation`, `Compliance`) and the user
 * guide's "Required top-level ASFF attributes" (which adds `Severity` and `Types` to the model's required
 * members), by shape and member.
 */
const DOCUMENTED: Record<string, { required?: string[]; members: Record<string, SchemaObject> }> = {
  AwsSecurityFinding: {
    required: ['Severity', 'Types'],
    members: {
      SchemaVersion: { const: '2018-10-08' },
      Id: { maxLength: 512 },
      ProductArn: { minLength: 12, maxLength: 2048 },
      GeneratorId: { maxLength: 512 },
      AwsAccountId: { pattern: '^\\d{12}$' },
      Title: { maxLength: 256 },
      Description: { maxLength: 1024 },
      Types: {
        maxItems: 50,
        items: {
          type: 'string',
          pattern:
            '^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)(/[^/]+){0,2}$',
        },
      },
      Resources: { minItems: 1, maxItems: 32 },
      ProductFields: {
        maxProperties: 50,
        propertyNames: { type: 'string', maxLength: 128 },
        additionalProperties: { type: 'string', maxLength: 2048 },
      },
      FirstObservedAt: { pattern: TIMESTAMP },
      LastObservedAt: { pattern: TIMESTAMP },
      CreatedAt: { pattern: TIMESTAMP },
      UpdatedAt: { pattern: TIMESTAMP },
    },
  },
  Recommendation: { members: { Text: { maxLength: 512 } } },
  Compliance: { members: { RelatedRequirements: { maxItems: 32 }, AssociatedStandards: { maxItems: 20 } } },
};

function shapeSchema(shape: Shape): SchemaObject {
  const ref = (member: Member | undefined): SchemaObject => ({ $ref: `#/$defs/${member?.shape ?? '?'}` });
  switch (shape.type) {
    case 'structure':
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(shape.members ?? {}).map(([name, m]) => [name, ref(m)])),
        ...(shape.required ? { required: shape.required } : {}),
        additionalProperties: false,
      };
    case 'list':
      return {
        type: 'array',
        items: ref(shape.member),
        ...(shape.min === undefined ? {} : { minItems: shape.min }),
        ...(shape.max === undefined ? {} : { maxItems: shape.max }),
      };
    case 'map':
      return { type: 'object', propertyNames: ref(shape.key), additionalProperties: ref(shape.value) };
    case 'string':
      return {
        type: 'string',
        ...(shape.enum ? { enum: shape.enum } : {}),
        ...(shape.pattern === undefined ? {} : { pattern: shape.pattern }),
        ...(shape.min === undefined ? {} : { minLength: shape.min }),
        ...(shape.max === undefined ? {} : { maxLength: shape.max }),
      };
    case 'integer':
    case 'long':
      return {
        type: 'integer',
        ...(shape.min === undefined ? {} : { minimum: shape.min }),
        ...(shape.max === undefined ? {} : { maximum: shape.max }),
      };
    case 'double':
    case 'float':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'timestamp':
      return { type: 'string', pattern: TIMESTAMP };
  }
}

const JSON_TYPES: Record<Shape['type'], string> = {
  structure: 'object',
  map: 'object',
  list: 'array',
  string: 'string',
  timestamp: 'string',
  integer: 'integer',
  long: 'integer',
  double: 'number',
  float: 'number',
  boolean: 'boolean',
};

/** A structure's schema with its members narrowed by the documented limits (beside the `$ref`, both apply). */
function withDocumented(name: string, schema: SchemaObject, shapes: Record<string, Shape>): SchemaObject {
  const documented = DOCUMENTED[name];
  if (documented === undefined) return schema;
  const properties = schema['properties'] as Record<string, SchemaObject>;
  const members = shapes[name]?.members ?? {};
  for (const [member, limits] of Object.entries(documented.members)) {
    const type = JSON_TYPES[shapes[members[member]?.shape ?? '']?.type ?? 'structure'];
    properties[member] = { ...properties[member], type, ...limits };
  }
  const required = [...((schema['required'] as string[] | undefined) ?? []), ...(documented.required ?? [])];
  return { ...schema, properties, required };
}

export function deriveAsffSchema(): SchemaObject {
  const model = JSON.parse(readFileSync(SHAPES_FILE, 'utf8')) as {
    source: Record<string, string>;
    shapes: Record<string, Shape>;
  };
  const defs: Record<string, SchemaObject | boolean> = Object.fromEntries(
    Object.entries(model.shapes).map(([name, shape]) => [name, withDocumented(name, shapeSchema(shape), model.shapes)]),
  );
  // Left out of the vendored shapes: trailscan writes no resource details, so none may appear.
  defs['ResourceDetails'] = false;
  const { repository, commit, path } = model.source;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'A BatchImportFindings request (AWS Security Finding Format)',
    $comment: `Derived from ${repository}@${commit ?? ''} ${path ?? ''} and the limits of the Security Hub API reference`,
    $ref: '#/$defs/BatchImportFindingsRequest',
    $defs: defs,
  };
}

/**
 * Validates one `BatchImportFindings` request body (`{ Findings: [...] }`, 1 to 100 findings). Compiled on
 * first use, so that `npm run regenerate` can rewrite a stale schema file first.
 */
export function asffBatchValidator(): (batch: unknown) => string[] {
  let validate: ValidateFunction | undefined;
  return (batch) => {
    validate ??= new Ajv2020({ allErrors: true, strict: true }).compile(
      JSON.parse(readFileSync(ASFF_SCHEMA_FILE, 'utf8')) as SchemaObject,
    );
    return validate(batch) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  };
}
