#!/usr/bin/env bash
# Installs Debian's AWS CLI and openssl, which the cross-check of trailscan verify-logs against
# `aws cloudtrail validate-logs` needs (test/e2e/verify-logs.test.ts; openssl makes its proxy's
# certificate), unless they are already there. .ci/run calls it on a clean machine; developers can too
# (root or sudo). Without them that test fails under CI and is skipped elsewhere.
set -euo pipefail
if [ -x /usr/bin/aws ] && command -v openssl >/dev/null; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq awscli openssl >/dev/null
/usr/bin/aws --version
