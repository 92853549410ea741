#!/usr/bin/env bash
# The main job: check every sample map and say where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/journeymap validate samples/
echo "All sample maps in samples/ are valid. Try: .venv/bin/journeymap validate samples/ --format json"
