// The package's checks, as named exports: `plugins: ['@acme/trailscan-checks']` in a trailscan config loads them.
export { default as centralLogBucket } from './checks/central-log-bucket.js';
export { default as trailOwnerTag } from './checks/trail-owner-tag.js';
