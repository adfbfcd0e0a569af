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
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
