/**
 * A JSON Schema for one OCSF event class, compiled from the OCSF schema's own definition files (vendored,
 * unmodified, in test/schemas/ocsf-1.6.0/) the way the OCSF server resolves them:
 *
 * - a class or object is its `extends` chain, each level merged over its parent, its `$include`d files
 *   merged under its own attributes; attributes a profile file brings in belong to that profile;
 * - each attribute is its dictionary entry with those definitions deep-merged over it (enums merge);
 * - attributes of profiles the event does not apply are left out, as is anything not in the class:
 *   `additionalProperties: false` at every level;
 * - `class_uid`, `category_uid` and `type_uid` take the class's values, and each `*_id` enum value fixes the
 *   caption of its sibling (`severity_id: 4` ⇒ `severity: "High"`) except `99` (Other).
 *
 * Objects whose file is not vendored compile to `false`: the events we write never use them, and if they
 * ever do, validation fails and says which file to vendor, rather than letting anything through.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaObject, ValidateFunction } from 'ajv';

const ROOT = new URL('../schemas/ocsf-1.6.0/', import.meta.url);

type Json = Record<string, unknown>;
interface Attribute {
  type?: string;
  is_array?: boolean;
  requirement?: 'required' | 'recommended' | 'optional';
  enum?: Record<string, { caption: string }>;
  sibling?: string;
  profile?: string | null;
}
interface Definition {
  name: string;
  uid?: number;
  category?: string;
  caption: string;
  extends?: string;
  meta?: string;
  attributes?: Record<string, Attribute> & { $include?: string[] };
  constraints?: { at_least_one?: string[]; just_one?: string[] };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names what the file holds
const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as T;

const isPlainObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** OCSF's merge: nested objects (enums) merge key by key; anything else, `null` included, replaces. */
function deepMerge<T extends object>(base: T, over: object): T {
  const merged: Json = { ...(base as Json) };
  for (const [key, value] of Object.entries(over) as [string, unknown][]) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged as T;
}

const dictionary = read<{ attributes: Record<string, Attribute>; types: { attributes: Record<string, Json> } }>(
  'dictionary.json',
);
const categories = read<{ attributes: Record<string, { uid: number; caption: string }> }>('categories.json');
export const OCSF_VERSION = read<{ version: string }>('version.json').version;

/** Event classes live under events/, by name; `base_event` at the top. */
const EVENT_FILES: Record<string, string> = {
  base_event: 'events/base_event.json',
  finding: 'events/findings/finding.json',
  compliance_finding: 'events/findings/compliance_finding.json',
};

function definitionOf(name: string, kind: 'event' | 'object'): Definition | undefined {
  const path = kind === 'event' ? EVENT_FILES[name] : `objects/${name}.json`;
  return path !== undefined && existsSync(new URL(path, ROOT)) ? read<Definition>(path) : undefined;
}

/** The attributes a definition declares itself: its includes first, its own entries over them. */
function ownAttributes(definition: Definition): Record<string, Attribute> {
  const { $include = [], ...own } = definition.attributes ?? {};
  let attributes: Record<string, Attribute> = {};
  for (const path of $include) {
    const included = read<Definition>(path);
    let brought = ownAttributes(included);
    if (included.meta === 'profile') {
      brought = Object.fromEntries(
        Object.entries(brought).map(([name, a]) => [name, { ...a, profile: included.name }]),
      );
    }
    attributes = deepMerge(attributes, brought);
  }
  return deepMerge(attributes, own);
}

function resolvedAttributes(definition: Definition, kind: 'event' | 'object'): Record<string, Attribute> {
  const parent = definition.extends === undefined ? undefined : definitionOf(definition.extends, kind);
  const inherited = parent === undefined ? {} : resolvedAttributes(parent, kind);
  return deepMerge(inherited, ownAttributes(definition));
}

/** A data type (`timestamp_t` → `long_t`) down to its JSON type, with the constraints met on the way. */
function typeSchema(type: string): SchemaObject {
  const constraints: SchemaObject = {};
  let current = type;
  for (;;) {
    const definition: Json = dictionary.types.attributes[current] ?? {};
    if (typeof definition['regex'] === 'string') constraints['pattern'] ??= definition['regex'];
    if (typeof definition['max_len'] === 'number') constraints['maxLength'] ??= definition['max_len'];
    const range = definition['range'] as [number, number] | undefined;
    if (range) Object.assign(constraints, { minimum: range[0], maximum: range[1] });
    const base = definition['type'] as string | undefined;
    if (base === undefined) {
      const jsonType = {
        string_t: 'string',
        integer_t: 'integer',
        long_t: 'integer',
        float_t: 'number',
        boolean_t: 'boolean',
      }[current];
      return jsonType === undefined ? {} : { type: jsonType, ...constraints };
    }
    current = base;
  }
  return constraints;
}

export class OcsfSchemaCompiler {
  private readonly defs: Record<string, SchemaObject | boolean> = {};

  private readonly profiles: readonly string[];

  constructor(profiles: readonly string[]) {
    this.profiles = profiles;
  }

  private applies(attribute: Attribute): boolean {
    return attribute.profile === undefined || attribute.profile === null || this.profiles.includes(attribute.profile);
  }

  private objectRef(name: string): SchemaObject {
    // `object` is OCSF's "any object", used by `unmapped`.
    if (name === 'object') return { type: 'object' };
    if (!(name in this.defs)) {
      this.defs[name] = false;
      const definition = definitionOf(name, 'object');
      if (definition !== undefined) this.defs[name] = this.attributesSchema(definition, 'object', {});
    }
    return { $ref: `#/$defs/${name}` };
  }

  private attributeSchema(attribute: Attribute): SchemaObject {
    const type = attribute.type ?? 'string_t';
    let schema = type.endsWith('_t') ? typeSchema(type) : this.objectRef(type);
    if (attribute.enum !== undefined) {
      const values = Object.keys(attribute.enum);
      schema = { ...schema, enum: schema['type'] === 'integer' ? values.map(Number) : values };
    }
    return attribute.is_array === true ? { type: 'array', items: schema } : schema;
  }

  /** `severity_id: 4` requires `severity: "High"` when present; 99 (Other) leaves the sibling free. */
  private siblingRules(attributes: Record<string, Attribute>): SchemaObject[] {
    return Object.entries(attributes).flatMap(([name, attribute]) => {
      const { sibling, enum: values } = attribute;
      if (sibling === undefined || values === undefined || !(sibling in attributes)) return [];
      return Object.entries(values)
        .filter(([value]) => value !== '99')
        .map(([value, { caption }]) => ({
          if: { required: [name], properties: { [name]: { const: Number(value) } } },
          then: { properties: { [sibling]: { const: caption } } },
        }));
    });
  }

  private attributesSchema(
    definition: Definition,
    kind: 'event' | 'object',
    fixed: Record<string, Partial<Attribute>>,
  ): SchemaObject {
    const resolved = resolvedAttributes(definition, kind);
    const attributes = Object.fromEntries(
      Object.entries(resolved)
        .map(([name, attribute]): [string, Attribute] => [
          name,
          deepMerge(deepMerge(dictionary.attributes[name] ?? {}, attribute), fixed[name] ?? {}),
        ])
        .filter(([, attribute]) => this.applies(attribute)),
    );
    // An enum fixed by the class replaces the merged one.
    for (const [name, values] of Object.entries(fixed)) if (attributes[name]) attributes[name].enum = values.enum;
    const required = Object.keys(attributes).filter((name) => attributes[name]?.requirement === 'required');
    const { at_least_one: atLeastOne, just_one: justOne } = definition.constraints ?? {};
    const rules = [
      ...this.siblingRules(attributes),
      ...(atLeastOne ? [{ anyOf: atLeastOne.map((name) => ({ required: [name] })) }] : []),
      ...(justOne ? [{ oneOf: justOne.map((name) => ({ required: [name] })) }] : []),
    ];
    return {
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(attributes).map(([name, attribute]) => [name, this.attributeSchema(attribute)]),
      ),
      required,
      additionalProperties: false,
      ...(rules.length > 0 ? { allOf: rules } : {}),
    };
  }

  /** The schema of one event class, e.g. `compliance_finding`. */
  eventSchema(className: string): SchemaObject {
    const definition = definitionOf(className, 'event');
    if (definition?.uid === undefined) throw new Error(`OCSF class ${className} is not vendored`);
    const classChain = [definition];
    while (classChain[0]?.category === undefined && classChain[0]?.extends !== undefined) {
      const parent = definitionOf(classChain[0].extends, 'event');
      if (parent === undefined) break;
      classChain.unshift(parent);
    }
    const categoryName = classChain[0]?.category ?? '';
    const category = categories.attributes[categoryName];
    if (category === undefined) throw new Error(`OCSF category ${categoryName} is not vendored`);
    const classUid = category.uid * 1000 + definition.uid;
    const activity = deepMerge(
      dictionary.attributes['activity_id'] ?? {},
      resolvedAttributes(definition, 'event')['activity_id'] ?? {},
    );
    const types = Object.entries(activity.enum ?? {}).map(([id, { caption }]) => [
      classUid * 100 + Number(id),
      { caption: `${definition.caption}: ${caption}` },
    ]);
    const fixed: Record<string, Partial<Attribute>> = {
      class_uid: { enum: { [classUid]: { caption: definition.caption } } },
      category_uid: { enum: { [category.uid]: { caption: category.caption } } },
      type_uid: { enum: Object.fromEntries(types) as Attribute['enum'] },
    };
    const schema = this.attributesSchema(definition, 'event', fixed);
    return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema, $defs: this.defs };
  }
}

/** Validates OCSF events of a class with the given profiles applied. */
export function ocsfValidator(className: string, profiles: readonly string[]): (event: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate: ValidateFunction = ajv.compile(new OcsfSchemaCompiler(profiles).eventSchema(className));
  return (event) =>
    validate(event)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
