#!/usr/bin/env bash
# Runs the whole test suite (installs what the tests need first). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh --for-tests
# On every core, a test file per worker at a time (its Chromium, Spark session or server is per module):
# 11:51 instead of 16:40 for the whole suite on this 2-core machine under the same load.
exec .venv/bin/python -m pytest -n auto --dist loadfile "$@"
