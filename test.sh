#!/usr/bin/env bash
# Runs the whole test suite (installs what the tests need first). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh --for-tests
exec .venv/bin/python -m pytest "$@"
