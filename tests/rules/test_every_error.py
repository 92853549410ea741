"""One run, every error: schema errors do not hide the reference, duplicate, share and data errors of the
rest, nothing is reported twice, and nothing that only follows from another error is reported.

Lines and columns are counted by hand from MANY_ERRORS.
"""

from __future__ import annotations

import json

import pytest

from support.maps import MINIMAL_MAP

# Errors of five rules over personas, touchpoints, next and opportunities; four of them schema errors.
# Persona 'sam' (5) and touchpoint 'gift' (12) are cut by their schema errors, yet stay known by id:
# `emotion: {sam: …}`, `to: gift` and `gift#no-wrap` are no errors.
MANY_ERRORS = """\
journeymap: 1
title: "Shop"
personas:
  - {id: lea, name: "Lea"}
  - {id: sam, name: 5}
phases:
  - {id: discover, name: "Discover"}
  - {id: buy, name: "Buy"}
channels:
  - {id: web, name: "Web"}
touchpoints:
  - id: browse
    name: "Browses"
    phase: discovr
    channel: web
    emotion: {sam: happy}
    next:
      - {to: cart, share: 0.7}
      - {to: gift, share: 0.5}
  - id: cart
    name: "Cart"
    phase: buy
    effort: 9
    channel: app
    next: [pay]
  - id: gift
    phase: buy
    pains: [{id: no-wrap, text: "No gift wrap", severity: 4}]
  - id: pay
    name: "Pays"
    phase: buy
  - id: pay
    name: "Pays again"
    phase: buy
opportunities:
  - {id: fix, title: "Fix", addresses: ["cart#nope", "gift#no-wrap"], impact: huge}
data:
  - {file: nps.csv, kind: nps}
"""

EXPECTED = [
    (5, 21, "schema", "'name' must be text, got a number (5); YAML reads the unquoted 5 that way: quote it (\"5\")"),
    (14, 12, "unknown-reference", "unknown phase 'discovr' (did you mean 'discover'?)"),
    (17, 5, "share-overflow", "shares out of 'browse' add up to 1.2, more than 1 (cart 0.7, gift 0.5)"),
    (23, 13, "schema", "'effort' must be between 1 and 7, got 9"),
    (24, 14, "unknown-reference", "unknown channel 'app'; the only channel is web"),
    (26, 5, "schema", "missing required key 'name' in touchpoint 'gift'"),
    (32, 9, "duplicate-id", "duplicate touchpoint id 'pay': first defined at m.journey.yaml:29"),
    (36, 41, "unknown-reference", "unknown pain 'cart#nope' (touchpoint 'cart' has no pain with an id)"),
    (36, 79, "schema", "'impact' must be one of low, medium, high; got the text 'huge'"),
    (38, 12, "data-error", "data file 'nps.csv' does not exist"),
]


@pytest.fixture
def many_errors(write, tmp_path, monkeypatch):
    write("m.journey.yaml", MANY_ERRORS)
    monkeypatch.chdir(tmp_path)
    return "m.journey.yaml"


def text_lines(expected=EXPECTED, path="m.journey.yaml") -> list[str]:
    return [f"{path}:{line}:{column}: error: {message} [{rule}]" for line, column, rule, message in expected]


def test_every_error_in_one_run_as_text(validate, many_errors):
    run = validate(many_errors)
    assert run.code == 1
    assert run.lines == text_lines()
    assert run.err.strip() == ("1 map checked: 10 errors, 0 warnings "
                               "(more warnings may follow once the errors are fixed: docs/rules.md)")


def test_every_error_in_one_run_as_json(validate, many_errors):
    run = validate("--format", "json", many_errors)
    report = json.loads(run.out)
    assert run.code == 1
    assert [(d["line"], d["column"], d["rule"], d["message"]) for d in report["diagnostics"]] == EXPECTED
    assert report["summary"] == {"errors": 10, "warnings": 0}


def test_every_error_in_one_run_as_sarif(validate, many_errors):
    run = validate("--format", "sarif", many_errors)
    results = json.loads(run.out)["runs"][0]["results"]
    assert run.code == 1
    assert [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["ruleId"], r["message"]["text"])
            for r in results] == EXPECTED


def test_every_error_as_github_annotations(validate, many_errors):
    run = validate("--format", "github", many_errors)
    assert run.code == 1
    assert [line.split("::")[1] for line in run.lines] == [
        f"error file=m.journey.yaml,line={line},col={column},title={rule}" for line, column, rule, _ in EXPECTED]


def test_render_reports_every_error_and_writes_nothing(jm, many_errors, tmp_path):
    run = jm("render", many_errors, "-o", tmp_path / "out", "-f", "dot,html")
    assert run.code == 1
    assert [line for line in run.err.splitlines() if ": error: " in line] == text_lines()
    assert not list((tmp_path / "out").glob("*.dot")) and not list((tmp_path / "out").glob("*.html"))


def test_analyze_reports_every_error(jm, many_errors):
    run = jm("analyze", many_errors)
    assert (run.code, run.out) == (1, "")
    assert run.err.splitlines()[:-1] == text_lines()


def test_diff_lists_every_new_error(jm, write, many_errors):
    write("old.journey.yaml", MINIMAL_MAP)
    run = jm("diff", "--format", "json", "old.journey.yaml", many_errors)
    [result] = json.loads(run.out)["maps"]
    added = [c for c in result["changes"] if c["kind"] == "error-added"]
    assert [c["subject"] for c in added] == [f"m.journey.yaml:{line}:{column}" for line, column, _, _ in EXPECTED]


def test_a_cut_list_item_does_not_shift_the_positions_after_it(validate, write):
    # next[0] is cut (a number is no touchpoint id); next[1] must still be reported at its own column.
    path = write("m.journey.yaml", MINIMAL_MAP.replace("next: [welcome]", "next: [5, welcom]"))
    run = validate(path)
    assert run.lines == [
        f"{path}:11:69: error: 'next' must be text, got a number (5); YAML reads the unquoted 5 that way: "
        'quote it ("5") [schema]',
        f"{path}:11:72: error: unknown touchpoint 'welcom' (did you mean 'welcome'?) [unknown-reference]",
    ]


def test_a_failed_include_does_not_make_its_personas_unknown(validate, write, project):
    text = MINIMAL_MAP.replace("personas:\n  - {id: lea, name: \"Lea\"}\n", "include: [people.yaml]\n")
    text = text.replace("owner: team, next", "owner: team, emotion: {lea: 1}, next")
    path = write("m.journey.yaml", text)
    run = validate(path)
    assert run.lines == [f"{path}:3:11: error: cannot include 'people.yaml': no such file ({project}/people.yaml) "
                         "[include-error]"]


def test_warnings_that_do_not_depend_on_the_error_are_still_reported(validate, write):
    # A share overflow leaves the rest of the map sound: the touchpoint without an owner is still a warning.
    path = write("m.journey.yaml", MINIMAL_MAP.replace(
        "owner: team, next: [welcome]", "next: [{to: welcome, share: 0.7}, {to: signup, share: 0.7}]"))
    run = validate(path)
    assert run.lines == [
        f"{path}:11:6: warning: touchpoint 'signup' has no owner: who answers for it? [no-owner]",
        f"{path}:11:49: error: shares out of 'signup' add up to 1.4, more than 1 (welcome 0.7, signup 0.7) "
        "[share-overflow]",
    ]
    assert run.err.strip() == "1 map checked: 1 error, 1 warning"
