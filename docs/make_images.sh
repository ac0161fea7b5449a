#!/usr/bin/env bash
# The README's pictures, made by argmap itself (needs Graphviz, the fonts README names, argmap[pdf],
# ../shared for the GAO report, and Chromium + playwright for the report screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
argmap analyze corpora/kinu-co-24-17.md -f svg -o "$tmp/lr" -q
argmap analyze corpora/kinu-co-24-17.md -f svg -o "$tmp/td" -q --layout top-down
cp "$tmp/lr/kinu-co-24-17.svg" docs/images/kinu-co-24-17.svg
cp "$tmp/td/kinu-co-24-17.svg" docs/images/kinu-co-24-17-top-down.svg
rm -rf docs/images/gao-06-282 && mkdir -p docs/images/gao-06-282
argmap analyze ../shared/corpora/gao/pdf/gao-06-282.pdf -f svg -o docs/images/gao-06-282 -q
# the screenshots are taken by the browser tests
python -m pytest -q tests/formats/test_html_browser.py -k "click_a_node_highlights or long_gao_report"
cp test-artifacts/report-kinu-co-24-17.png test-artifacts/report-gao-06-282.png docs/images/
