#!/usr/bin/env bash
# Same input, same output bytes across a refactoring: renders every sample to every text format
# (dot, svg, html, mermaid, markdown, csv, json, in English and German) and runs validate, analyze,
# observe, compare, diff, schema and every --help, once with the code of REV and once with the
# work tree, then compares the files byte for byte.
#
#     bash scripts/same_outputs.sh [REV]      # REV defaults to HEAD; exit 0 when every file is the same
#
# Needs the .venv of scripts/install.sh (REV's code runs with its dependencies) and a REV with the
# package layout of docs/architecture.md (templates inside journeymap/).
set -euo pipefail
cd "$(dirname "$0")/.."
REV=${1:-HEAD}
WORK=$(mktemp -d)
trap 'git worktree remove --force "$WORK/rev" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
git worktree add --detach -q "$WORK/rev" "$REV"

outputs() {  # outputs CODE_ROOT OUT: every output of the samples, made with the code in CODE_ROOT
    local code=$1 out=$2
    # PYTHONSAFEPATH: `python -m` puts the current folder (the work tree) before PYTHONPATH; the code in CODE_ROOT must win
    local jm=(env PYTHONSAFEPATH=1 PYTHONPATH="$code" JOURNEYMAP_TODAY=2026-12-01 .venv/bin/python -m journeymap)
    mkdir -p "$out"
    for lang in en de; do
        "${jm[@]}" render samples/ -o "$out/render-$lang" -f dot,svg,html,mermaid,markdown,csv,json \
            --lang "$lang" --force -j 2 > "$out/render-$lang.out" 2>&1 || echo "exit $?" >> "$out/render-$lang.out"
    done
    for map in $(find samples -name '*.journey.yaml' | sort); do
        local name=${map//\//_}
        for format in text json github sarif; do "${jm[@]}" validate "$map" --format "$format" > "$out/validate-$format-$name" 2>&1 || true; done
        for format in text json markdown; do "${jm[@]}" analyze "$map" --format "$format" > "$out/analyze-$format-$name" 2>&1 || true; done
        for format in text json csv md; do "${jm[@]}" observe "$map" --format "$format" > "$out/observe-$format-$name" 2>&1 || true; done
    done
    local as_is=samples/online-shop/first-purchase.journey.yaml to_be=samples/online-shop/first-purchase.to-be.journey.yaml
    "${jm[@]}" compare "$as_is" "$to_be" -o "$out/compare.html" > /dev/null 2>&1 || true
    for format in text json markdown; do
        "${jm[@]}" compare "$as_is" "$to_be" --format "$format" > "$out/compare-$format" 2>&1 || true
        "${jm[@]}" diff "$as_is" "$to_be" --format "$format" > "$out/diff-$format" 2>&1 || true
    done
    "${jm[@]}" schema > "$out/schema.json" 2>&1 || true
    "${jm[@]}" --help > "$out/help" 2>&1 || true
    for command in validate analyze render diff compare history import observe schema init serve; do
        "${jm[@]}" "$command" --help > "$out/help-$command" 2>&1 || true
    done
    find "$out" -name '.journeymap-cache*' -exec rm -rf {} +
    # the closing line of render says where the output went and how long it took
    sed -i -E "s#$out#OUT#g; s#\([0-9.]+ s\)##" "$out"/render-*.out
}

outputs "$WORK/rev" "$WORK/before"
outputs "$PWD" "$WORK/after"
if diff -r -q "$WORK/before" "$WORK/after"; then
    echo "same outputs: all $(find "$WORK/before" -type f | wc -l) files identical ($REV vs the work tree)"
else
    echo "outputs differ ($REV vs the work tree): see the files above" >&2
    exit 1
fi
