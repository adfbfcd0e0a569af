/**
 * The Node.js lines trailscan supports: 22 and 24. Node.js 20 reached its end of life in April 2026 and
 * AWS SDK releases from 2027 need 22, so on 20 trailscan still runs, with the SDK its lock file pins, and
 * says so in one line on stderr.
 */
export const OLDEST_SUPPORTED_NODE = 22;

/** The notice for a runtime older than the supported lines, or undefined on a supported one. */
export function runtimeNotice(version: string = process.versions.node): string | undefined {
  const major = Number.parseInt(version, 10);
  if (major >= OLDEST_SUPPORTED_NODE) return undefined;
  return `trailscan: Node.js ${version} is past its end of life; use Node.js 22 or 24 (on ${major}, trailscan runs only with the AWS SDK release its package-lock.json pins)`;
}
