#!/usr/bin/env bash
# Mermaid's browser bundle (npm package mermaid), which the tests run in Chromium to check .mmd exports.
# Only dist/mermaid.min.js is taken from the package tarball (npm pack): no dependency tree. Idempotent.
set -euo pipefail
version=11.17.2
target=/usr/local/share/argmap/mermaid-$version.min.js
if [ -s "$target" ]; then
  echo "mermaid $version is at $target"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "mermaid@$version" >/dev/null && tar xzf "mermaid-$version.tgz" package/dist/mermaid.min.js)
mkdir -p "$(dirname "$target")"
install -m 0644 "$work/package/dist/mermaid.min.js" "$target"
echo "mermaid $version installed at $target"
