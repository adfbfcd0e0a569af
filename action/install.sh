#!/usr/bin/env bash
# Builds trailscan from the action's own checkout, so a workflow runs exactly the version it pinned.
# Optional dependencies are left out: they are only the test-time SARIF validator's platform binaries.
set -euo pipefail

cd "${TRAILSCAN_HOME:-$(dirname "$0")/..}"
npm ci --omit=optional --no-audit --no-fund
npm run build
