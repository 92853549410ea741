#!/usr/bin/env bash
# The main job: check every sample map, render diagrams and reports, and say where they are.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=out
FORMATS=svg,png,pdf,html
if command -v chromium >/dev/null 2>&1; then FORMATS=$FORMATS,report-pdf; fi
.venv/bin/journeymap validate samples/
.venv/bin/journeymap render samples/ -o "$OUT" -f "$FORMATS" --paper A3
.venv/bin/journeymap compare samples/online-shop/first-purchase.journey.yaml \
  samples/online-shop/first-purchase.to-be.journey.yaml -o "$OUT/online-shop/first-purchase.compare.html"
echo
echo "The report of the online shop sample: $(pwd)/$OUT/online-shop/first-purchase.html"
echo "Its as-is vs to-be comparison:        $(pwd)/$OUT/online-shop/first-purchase.compare.html"
echo "All sample reports and diagrams (${FORMATS//,/, }) are in $(pwd)/$OUT/"
