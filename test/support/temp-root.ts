/**
 * Every temporary directory of a test run under one, removed when the run ends: the tests make thousands
 * (homes, report folders, plugin trees), which would otherwise pile up in the system's temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'trailscan-test-run-'));
  // os.tmpdir() reads TMPDIR on each call, here and in the test workers started after this.
  process.env['TMPDIR'] = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
  };
}
