/**
 * Files generated from the code (published schemas, README blocks, golden reports): a test keeps each equal
 * to what the code produces, and `npm run regenerate` rewrites them all, for review as a diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

const regenerating = process.env['TRAILSCAN_REGENERATE'] === '1';

/** Asserts the file holds `expected`, or writes it when regenerating. */
export function expectGenerated(file: URL, expected: string): void {
  if (regenerating) writeFileSync(file, expected);
  expect(
    readFileSync(file, 'utf8'),
    `${file.pathname} is out of date: run npm run regenerate and review the diff`,
  ).toBe(expected);
}
