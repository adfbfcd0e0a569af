#!/usr/bin/env bash
# Builds trailscan from the action's own checkout, so a workflow runs exactly the version it pinned.
# Optional dependencies stay: the bundler's platform binary is one.
set -euo pipefail

cd "${TRAILSCAN_HOME:-$(dirname "$0")/..}"
npm ci --no-audit --no-fund
npm run build
