/**
 * The JSON Schemas published in schemas/ are generated from the zod definitions the code validates with;
 * this keeps them equal (`npm run regenerate` rewrites them).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { configSchema } from '../../src/config.js';
import { inventorySchema } from '../../src/model/inventory.js';
import { reportSchema } from '../../src/model/report.js';
import { mixedInventory, incompleteInventory, reportOf } from '../fixtures/report.js';
import { expectGenerated } from '../support/generated.js';

const published = [
  ['report', reportSchema, 'The trailscan JSON report'],
  ['config', configSchema, 'The trailscan config file (trailscan.config.json|yaml)'],
  ['inventory', inventorySchema, 'A trailscan inventory (--save-inventory, trailscan evaluate)'],
] as const;

const fileOf = (name: string) => new URL(`../../schemas/${name}.schema.json`, import.meta.url);

function generate(schema: z.ZodType, title: string): string {
  const json = { ...z.toJSONSchema(schema, { io: 'input' }), title };
  return `${JSON.stringify(json, null, 2)}\n`;
}

describe.each(published)('schemas/%s.schema.json', (name, schema, title) => {
  it('is up to date: the schema the code validates with', () => {
    expectGenerated(fileOf(name), generate(schema, title));
  });
});

describe('reports validate against the published report schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  let validate: ReturnType<typeof ajv.compile>;
  beforeAll(() => {
    validate = ajv.compile(JSON.parse(readFileSync(fileOf('report'), 'utf8')) as object);
  });

  it.each([
    ['a failing account', reportOf(mixedInventory())],
    ['an incomplete scan', reportOf(incompleteInventory())],
    [
      'with suppressions',
      reportOf(mixedInventory(), { suppressions: [{ check: '*', resource: '*', reason: 'r', expires: '2020-01-01' }] }),
    ],
  ])('%s', (_name, report) => {
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a report with an unknown status', () => {
    const report = JSON.parse(JSON.stringify(reportOf(mixedInventory()))) as { results: { status: string }[] };
    report.results[0]!.status = 'OK';
    expect(validate(report)).toBe(false);
  });
});
