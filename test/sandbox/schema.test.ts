/**
 * The committed JSON Schema of scenario files must equal the one generated from the zod schema
 * (`npm run regenerate` rewrites it).
 */
import { it } from 'vitest';
import { scenarioJsonSchema } from '../../src/sandbox/index.js';
import { expectGenerated } from '../support/generated.js';

const SCHEMA_FILE = new URL('../../schemas/scenario.schema.json', import.meta.url);

it('schemas/scenario.schema.json is up to date: the generated scenario schema', () => {
  expectGenerated(SCHEMA_FILE, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
});
