#!/usr/bin/env bash
# Installs what journeymap needs: Graphviz, Chromium and Java (for the Spark engine) from Debian's
# packages (when run as root) and a virtualenv in .venv with the Python dependencies (Spark, serve
# and the language server included). With --for-tests also what only the test suite needs: Node.js,
# the Mermaid CLI (.tools/mermaid), the SARIF schema (.tools/sarif), axe-core and vnu-jar (.tools/web)
# and LibreOffice Calc.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
SYSTEM_PACKAGES=(graphviz chromium fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji default-jre-headless)

missing_system_packages() {
    command -v dot >/dev/null 2>&1 || echo graphviz
    command -v chromium >/dev/null 2>&1 || echo chromium
    command -v java >/dev/null 2>&1 || echo default-jre-headless   # for --engine spark
    [ -d /usr/share/fonts/truetype/dejavu ] || echo fonts-dejavu-core
    [ -d /usr/share/fonts/opentype/noto ] || echo fonts-noto-cjk
    [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || echo fonts-noto-color-emoji   # emoji in names
}

can_apt_install() {
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
}

apt_install() {
    # apt_install WHY PACKAGE...: install Debian packages (as root), saying what and why.
    local why=$1
    shift
    echo "journeymap setup: installing $* $why (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install_system_packages() {
    local missing
    missing=$(missing_system_packages | tr '\n' ' ')
    [ -z "${missing// }" ] && return 0
    if can_apt_install; then
        # shellcheck disable=SC2086
        apt_install "for journeymap" $missing
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
        .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[spark,serve,lsp,test]'
        touch "$stamp"
    fi
    # An editable install is not byte-compiled, and with PYTHONDONTWRITEBYTECODE set (common in
    # containers and CI) every run would compile journeymap's modules again: about 0.1 s a command.
    .venv/bin/python -m compileall -q journeymap templates >/dev/null
}

npm_install() {
    # npm install FOLDER PACKAGE...: once more with --prefer-online if the first try fails, since the
    # registry (or a proxy in front of it) now and then hands out a stale package list, and npm then
    # finds "No matching version" (ETARGET) for a version that exists.
    local folder=$1
    shift
    npm install --prefix "$folder" --no-audit --no-fund --loglevel=error "$@" >/dev/null && return 0
    echo "journeymap setup: npm install into $folder failed; trying once more with fresh package lists" >&2
    sleep 2
    npm install --prefix "$folder" --no-audit --no-fund --loglevel=error --prefer-online "$@" >/dev/null
}

install_mermaid_cli() {
    # The Mermaid CLI (mmdc) for tests/render/test_mermaid_cli.py, repo-local in .tools/mermaid; it drives
    # the system Chromium, so puppeteer's own browser download is skipped.
    local mmdc=.tools/mermaid/node_modules/.bin/mmdc
    [ -x "$mmdc" ] && return 0
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        echo "journeymap setup: node/npm not found: no Mermaid CLI (the 'mermaid' tests skip, and fail in CI)" >&2
        return 0
    fi
    echo "journeymap setup: installing the Mermaid CLI into .tools/mermaid (npm)" >&2
    mkdir -p .tools/mermaid
    if ! PUPPETEER_SKIP_DOWNLOAD=1 npm_install .tools/mermaid '@mermaid-js/mermaid-cli@^11'; then
        echo "journeymap setup: could not install @mermaid-js/mermaid-cli: no Mermaid CLI" >&2
        return 0
    fi
    # For running mmdc by hand: mmdc -i X.mmd -o X.svg -p .tools/mermaid/puppeteer.json
    cat > .tools/mermaid/puppeteer.json <<EOF
{"executablePath": "$(command -v chromium || echo /usr/bin/chromium)", "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]}
EOF
}

install_sarif_schema() {
    # The official SARIF 2.1.0 JSON schema for tests/render/test_sarif.py; npm ships it inside @microsoft/jest-sarif.
    local schema=.tools/sarif/sarif-schema-2.1.0.json tarball
    [ -f "$schema" ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        echo "journeymap setup: npm not found: no SARIF schema (tests/render/test_sarif.py skips, and fails in CI)" >&2
        return 0
    fi
    echo "journeymap setup: fetching the SARIF 2.1.0 schema into .tools/sarif (npm pack)" >&2
    mkdir -p .tools/sarif
    if ! tarball=$(npm pack @microsoft/jest-sarif --pack-destination .tools/sarif --silent | tail -n 1) \
        || ! tar -xzOf ".tools/sarif/$tarball" package/lib/schemas/sarif-2.1.0-rtm.5.json > "$schema.part"; then
        echo "journeymap setup: could not fetch @microsoft/jest-sarif: no SARIF schema" >&2
        rm -f "$schema.part"
        return 0
    fi
    mv "$schema.part" "$schema"
    rm -f ".tools/sarif/$tarball"
}

install_web_checkers() {
    # axe-core (accessibility rules, injected into the page in tests/render/test_a11y.py) and the W3C Nu
    # HTML checker (vnu-jar, run with Java) for tests/render/test_html_valid.py; test tools only, never
    # installed for users (axe-core is MPL-2.0, vnu-jar MIT).
    local folder=.tools/web
    [ -f "$folder/node_modules/axe-core/axe.min.js" ] && [ -f "$folder/node_modules/vnu-jar/build/dist/vnu.jar" ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        echo "journeymap setup: npm not found: no axe-core or vnu-jar (their tests skip, and fail in CI)" >&2
        return 0
    fi
    echo "journeymap setup: installing axe-core and vnu-jar into $folder (npm)" >&2
    mkdir -p "$folder"
    if ! npm_install "$folder" 'axe-core@^4' 'vnu-jar@>=24'; then
        echo "journeymap setup: could not install axe-core and vnu-jar" >&2
    fi
}

install_test_system_packages() {
    # Only the test suite needs these: Node.js for the Mermaid CLI and the SARIF schema, and
    # LibreOffice to check that the CSV export opens in a spreadsheet program, and poppler's
    # pdftoppm to look at printed pages as images (the poster and report tests).
    local missing=""
    command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
    command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc-nogui"
    command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
    [ -z "$missing" ] && return 0
    if can_apt_install; then
        # shellcheck disable=SC2086
        apt_install "for the tests" $missing
    else
        echo "journeymap setup: the tests also need:$missing (sudo apt-get install$missing)" >&2
    fi
}

install_system_packages
install_python_packages
if [ "${1:-}" = "--for-tests" ]; then
    install_test_system_packages
    install_mermaid_cli
    install_sarif_schema
    install_web_checkers
fi
