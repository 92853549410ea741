#!/usr/bin/env bash
# One command on a fresh Debian machine: install everything, then validate and render the sample maps.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh
bash scripts/demo.sh
