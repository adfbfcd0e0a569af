#!/usr/bin/env bash
# Installs Debian's chromium, which the HTML report's browser tests drive (test/e2e/html-report.test.ts),
# unless it is already there. .ci/run calls it on a clean machine; developers can too (root or sudo).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
