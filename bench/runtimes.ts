/**
 * The Node.js runtimes the benchmark runs the CLI on: the one running it, and those
 * `scripts/install-runtimes.sh` installed (.ci/runtimes), one per version. And the targets each is held to.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface Runtime {
  /** As `node --version` prints it, e.g. v22.23.5. */
  version: string;
  major: number;
  execPath: string;
}

function versionOf(execPath: string): string {
  return spawnSync(execPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** The installed runtimes, oldest first; `majors` keeps only those lines when given. */
export function installedRuntimes(root: string, majors?: readonly number[]): Runtime[] {
  const installed = path.join(root, '.ci/runtimes/node_modules');
  const candidates = [
    process.execPath,
    ...(existsSync(installed) ? readdirSync(installed).map((name) => path.join(installed, name, 'bin/node')) : []),
  ].filter((execPath) => existsSync(execPath));
  const byVersion = new Map<string, Runtime>();
  for (const execPath of candidates) {
    const version = versionOf(execPath);
    const major = Number.parseInt(version.slice(1), 10);
    if (!byVersion.has(version) && (majors === undefined || majors.includes(major)))
      byVersion.set(version, { version, major, execPath });
  }
  return [...byVersion.values()].sort((a, b) => a.major - b.major);
}

/**
 * The most a world's process wall time may be, as a multiple of its lower bound (the network's bound plus
 * `node -e 0`), on the supported lines; an older runtime is held to a looser one on `small` only.
 */
export function wallTarget(world: string, runtime: Runtime): number | undefined {
  const supported = runtime.major >= 22;
  if (world === 'small') return supported ? 2.0 : 2.5;
  if (world === 'large') return supported ? 1.6 : undefined;
  // Every check of every standard: within 1.5 × the bound (the posture checks' own target).
  if (world === 'large-all') return supported ? 1.5 : undefined;
  return undefined;
}

/** `trailscan --version` against `node -e 0`, on every runtime. */
export const VERSION_TARGET = 1.5;

export function verdict(ratio: number, target: number | undefined): string {
  if (target === undefined) return '';
  return ratio <= target ? ` (target ≤ ${target}×: met)` : ` (target ≤ ${target}×: MISSED)`;
}
