import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = new URL('./ocsf-1.6.0/', import.meta.url);

it('keeps the vendored OCSF files byte-for-byte as the ocsf-schema repository tags them (SHA256SUMS)', () => {
  const manifest = readFileSync(new URL('SHA256SUMS', ROOT), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/) as [string, string]);
  const vendored = readdirSync(ROOT, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'SHA256SUMS')
    .map((entry) => path.relative(fileURLToPath(ROOT), path.join(entry.parentPath, entry.name)))
    .sort();
  expect(vendored).toEqual(manifest.map(([, file]) => file).sort());
  for (const [hash, file] of manifest) {
    expect(
      createHash('sha256')
        .update(readFileSync(new URL(file, ROOT)))
        .digest('hex'),
      file,
    ).toBe(hash);
  }
});
