import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * trailscan's version, from its package.json two or three levels above `directory` (src/cli and dist/cli in
 * the tree, dist/src/cli in the compiled tree); 0.0.0 where none is found. No `import.meta`: the CommonJS
 * executable (src/bin.ts) calls it too.
 */
export function packageVersion(directory: string): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(directory, relative), 'utf8')) as {
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
