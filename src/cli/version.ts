import { readFileSync } from 'node:fs';

/** The package version, read once from package.json (two levels up from src/cli, in the tree and in dist). */
function readVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'trailscan' && pkg.version !== undefined) return pkg.version;
    } catch {
      // Not at this level: try the next.
    }
  }
  return '0.0.0';
}

export const TOOL_VERSION = readVersion();
