import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('keeps the vendored OASIS SARIF schema byte-for-byte as published', () => {
  const bytes = readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url));
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(
    'c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e',
  );
});
