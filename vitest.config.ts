import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The example plugin imports the check API by its package name, as a plugin outside this repository does.
  resolve: { alias: { 'trailscan/check': fileURLToPath(new URL('./checks/api.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.{ts,tsx}', 'examples/**/*.test.js'],
    setupFiles: ['test/support/reason-coverage.ts'],
    globalSetup: ['test/support/temp-root.ts'],
    reporters: process.env['GITHUB_ACTIONS'] ? ['default', 'github-actions'] : ['default'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Most of the suite waits on the CLI processes it spawns and on the sandbox's sockets: a worker per CPU
    // keeps the CPUs busy (vitest's default leaves one free: a single worker on a 2-CPU machine).
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
