import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/cli/package-version.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('packageVersion', () => {
  it("reads trailscan's package.json two levels up (src/cli, dist/cli) or three (dist/src/cli)", () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(packageVersion(path.join(root, 'src/cli'))).toBe(version);
    expect(packageVersion(path.join(root, 'dist/src/cli'))).toBe(version);
  });

  it('skips a package.json of another package, and says 0.0.0 where there is none', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'trailscan-version-'));
    const deep = path.join(scratch, 'a/b/c');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(scratch, 'a/package.json'), JSON.stringify({ name: 'other', version: '9.9.9' }));
    expect(packageVersion(deep)).toBe('0.0.0');
    writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'trailscan', version: '1.2.3' }));
    expect(packageVersion(deep)).toBe('1.2.3');
  });
});
