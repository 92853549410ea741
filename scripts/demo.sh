#!/usr/bin/env bash
# The main job: check every sample map, render them, and say where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=out
.venv/bin/journeymap validate samples/
.venv/bin/journeymap render samples/ -o "$OUT" -f svg,png,pdf --paper A3
echo
echo "Rendered the sample maps into $(pwd)/$OUT/ — for example $(pwd)/$OUT/online-shop/first-purchase.pdf"
echo "Friction analysis of a sample: .venv/bin/journeymap analyze samples/online-shop"
