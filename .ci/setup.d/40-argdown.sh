#!/usr/bin/env bash
# The Argdown CLI (@argdown/cli from npm), the reference parser the tests check .argdown exports with.
# 1.7.5 is the release that installs from the registry (2.0.0 does not resolve). Idempotent.
set -euo pipefail
version=1.7.5
if command -v argdown >/dev/null 2>&1 && [ "$(argdown --version 2>/dev/null)" = "$version" ]; then
  echo "argdown $version is installed"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
npm install --global --no-audit --no-fund --loglevel=error "@argdown/cli@$version"
echo "argdown $(argdown --version) installed"
