/**
 * The committed JSON Schema of scenario files must equal the one generated from the zod schema.
 * Regenerate it with: TRAILSCAN_UPDATE_SCHEMA=1 npx vitest run test/sandbox/schema.test.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/sandbox/index.js';

const SCHEMA_FILE = new URL('../../schemas/scenario.schema.json', import.meta.url);

it('schemas/scenario.schema.json is the generated scenario schema', async () => {
  const generated = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
  if (process.env['TRAILSCAN_UPDATE_SCHEMA'] === '1') await writeFile(SCHEMA_FILE, generated);
  expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(generated);
});
