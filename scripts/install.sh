#!/usr/bin/env bash
# Installs what journeymap and its tests need: Graphviz and Chromium from Debian's packages
# (when run as root), and a virtualenv in .venv with the Python dependencies.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
SYSTEM_PACKAGES=(graphviz chromium fonts-dejavu-core fonts-noto-cjk)

missing_system_packages() {
    command -v dot >/dev/null 2>&1 || echo graphviz
    command -v chromium >/dev/null 2>&1 || echo chromium
    [ -d /usr/share/fonts/truetype/dejavu ] || echo fonts-dejavu-core
    [ -d /usr/share/fonts/opentype/noto ] || echo fonts-noto-cjk
}

install_system_packages() {
    local missing
    missing=$(missing_system_packages | tr '\n' ' ')
    [ -z "${missing// }" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "journeymap setup: installing $missing(apt-get)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "journeymap setup: missing system packages: $missing" >&2
        echo "  run this script as root, or: sudo apt-get install ${SYSTEM_PACKAGES[*]}" >&2
        echo "  (without Graphviz, diagrams and the tests that need 'dot' cannot run)" >&2
    fi
}

install_python_packages() {
    if [ ! -x .venv/bin/python ]; then
        if ! "$PYTHON" -m venv .venv 2>/dev/null; then
            rm -rf .venv
            if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
                apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
                "$PYTHON" -m venv .venv
            else
                echo "journeymap setup: '$PYTHON -m venv' failed; install python3-venv (sudo apt-get install python3-venv)" >&2
                exit 2
            fi
        fi
    fi
    local stamp=.venv/.journeymap-installed
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        echo "journeymap setup: installing Python packages into .venv" >&2
        .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
        .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
        touch "$stamp"
    fi
}

install_system_packages
install_python_packages
