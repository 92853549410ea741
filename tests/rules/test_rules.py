"""Rule settings in a map, the output formats, the rule registry, and the shipped samples."""

import json


from journeymap.rules.registry import RULES

from support.maps import MINIMAL_MAP
from support.paths import ROOT

# MINIMAL_MAP with 'signup' (line 11) lacking an owner: one no-owner warning at 11:6.
NO_OWNER = MINIMAL_MAP.replace(", owner: team, next", ", next")
NO_OWNER_MESSAGE = "touchpoint 'signup' has no owner: who answers for it? [no-owner]"


def test_rule_ids_are_the_ones_the_spec_fixes():
    assert list(RULES) == [
        "yaml-syntax", "encoding", "duplicate-key", "schema", "duplicate-id", "unknown-reference",
        "share-overflow", "include-error", "data-error", "input-limit",
        "unreachable", "dead-end", "backward-flow", "no-owner", "unaddressed-friction", "unused-definition",
        "persona-without-touchpoints", "stale-data", "kpi-below-target",
        # extensions after v1 (event logs, docs/observe.md)
        "observed-flow-mismatch", "unmapped-flow", "unmapped-events", "conformance-below-target",
        # the journey architecture: a touchpoint's `detail` map (docs/format.md)
        "detail-error",
        # the customer's voice: expectations (docs/format.md)
        "expectation-gap", "feedback-contradicts-map",
    ]


def test_every_rule_documents_a_passing_and_a_failing_example():
    for rule, module in RULES.items():
        doc = module.__doc__
        assert doc.startswith(f"{rule} ({module.SEVERITY}): "), rule
        assert "Passing" in doc and "Failing" in doc, rule


# --- rules: in a map -----------------------------------------------------------------------

def test_disable_drops_a_rule(validate, write):
    path = write("m.journey.yaml", NO_OWNER + "rules:\n  disable: [no-owner]\n")
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


def test_severity_error_promotes_a_warning(validate, write):
    path = write("m.journey.yaml", NO_OWNER + "rules:\n  severity: {no-owner: error}\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, [f"{path}:11:6: error: {NO_OWNER_MESSAGE}"])
    assert run.err.strip() == "1 map checked: 1 error, 0 warnings"


def test_severity_off_unquoted_disables(validate, write):
    # YAML 1.1 reads an unquoted off as the boolean false; it still means 'off' here.
    path = write("m.journey.yaml", NO_OWNER + "rules:\n  severity:\n    no-owner: off\n")
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


def test_severity_warning_demotes_an_error_rule(validate, write):
    text = MINIMAL_MAP.replace("next: [welcome]", "next: [{to: welcome, share: 0.8}, {to: signup, share: 0.4}]")
    path = write("m.journey.yaml", text + "rules:\n  severity: {share-overflow: warning}\n")
    run = validate(path)
    assert run.code == 0
    assert run.lines == [f"{path}:11:62: warning: shares out of 'signup' add up to 1.2, more than 1 "
                         "(welcome 0.8, signup 0.4) [share-overflow]"]


def test_unknown_rule_in_disable_suggests_the_closest(validate, write):
    path = write("m.journey.yaml", NO_OWNER + "rules:\n  disable: [no-ownr]\n")
    run = validate(path)
    assert run.code == 1
    assert run.lines == [
        f"{path}:11:6: warning: {NO_OWNER_MESSAGE}",
        f"{path}:14:13: error: unknown rule 'no-ownr' (did you mean 'no-owner'?) [schema]",
    ]


def test_unknown_rule_in_severity_suggests_the_closest(validate, write):
    path = write("m.journey.yaml", NO_OWNER + "rules:\n  severity:\n    dead-ends: error\n")
    run = validate(path)
    assert run.code == 1
    assert run.lines == [
        f"{path}:11:6: warning: {NO_OWNER_MESSAGE}",
        f"{path}:15:5: error: unknown rule 'dead-ends' (did you mean 'dead-end'?) [schema]",
    ]


def test_unknown_rule_without_a_close_one_lists_the_rules_a_map_can_change(validate, write):
    path = write("m.journey.yaml", NO_OWNER + "rules:\n  disable: [everything]\n")
    run = validate(path)
    assert run.code == 1
    assert run.lines == [
        f"{path}:11:6: warning: {NO_OWNER_MESSAGE}",
        f"{path}:14:13: error: unknown rule 'everything'; the rules a map can change are: duplicate-id, "
        "unknown-reference, share-overflow, data-error, unreachable, dead-end, backward-flow, no-owner "
        "… and 12 more [schema]",
    ]


def test_unknown_severity_level(validate, write):
    path = write("m.journey.yaml", NO_OWNER + "rules:\n  severity:\n    no-owner: eror\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, [
        f"{path}:15:15: error: 'no-owner' must be one of error, warning, off; got the text 'eror' "
        "(did you mean 'error'?) [schema]"])


def test_rules_that_guard_reading_cannot_be_changed(validate, write):
    path = write("m.journey.yaml", MINIMAL_MAP + "rules:\n  disable: [yaml-syntax]\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, [
        f"{path}:14:13: error: rule 'yaml-syntax' cannot be changed: a map that breaks it cannot be read at all "
        "[schema]"])


# --- output formats ------------------------------------------------------------------------

def test_json_report(validate, write):
    path = write("m.journey.yaml", NO_OWNER + "title: \"Again\"\n")
    run = validate("--format", "json", path)
    assert run.code == 1 and run.err == ""
    report = json.loads(run.out)
    assert sorted(report) == ["diagnostics", "files", "journeymap_report", "summary"]
    assert report["journeymap_report"] == 1
    assert report["files"] == [str(path)]
    assert report["diagnostics"] == [{
        "file": str(path), "line": 13, "column": 1, "severity": "error", "rule": "duplicate-key",
        "message": "duplicate key 'title': first at line 2, again at line 13",
    }]
    assert report["summary"] == {"errors": 1, "warnings": 0}


def test_json_report_counts_warnings(validate, write):
    path = write("m.journey.yaml", NO_OWNER)
    run = validate("--format", "json", path)
    report = json.loads(run.out)
    assert run.code == 0
    assert report["diagnostics"] == [{
        "file": str(path), "line": 11, "column": 6, "severity": "warning", "rule": "no-owner",
        "message": "touchpoint 'signup' has no owner: who answers for it?",
    }]
    assert report["summary"] == {"errors": 0, "warnings": 1}


def test_json_report_of_a_clean_map(validate, write):
    path = write("m.journey.yaml", MINIMAL_MAP)
    run = validate("--format", "json", path)
    assert run.code == 0
    assert json.loads(run.out) == {"journeymap_report": 1, "files": [str(path)], "diagnostics": [],
                                   "summary": {"errors": 0, "warnings": 0}}


FEES = """\
journeymap: 1
title: "Fees"
personas:
  - {id: lea, name: "Lea"}
phases:
  - {id: pay, name: "Pay"}
touchpoints:
  - id: card
    name: "Pays by card"
    phase: pay
"""


def test_github_escapes_percent_cr_lf_in_the_message_and_comma_colon_in_properties(validate, write, tmp_path):
    write("team,a:b/m.journey.yaml", FEES + '    tags: "2%\\r\\nfee"\n')
    run = validate("--format", "github", "team,a:b/m.journey.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.lines == [
        "::error file=team%2Ca%3Ab/m.journey.yaml,line=11,col=11,title=schema::"
        "'tags' must be a list, got the text '2%25%0D%0Afee'"]


def test_github_warnings(validate, write, tmp_path):
    write("m.journey.yaml", FEES + '    pains:\n      - {text: "Fee of 2%", severity: 5}\n')
    run = validate("--format", "github", "m.journey.yaml", cwd=tmp_path)
    assert run.code == 0
    assert run.lines == [
        "::warning file=m.journey.yaml,line=8,col=5,title=no-owner::"
        "touchpoint 'card' has no owner: who answers for it?",
        "::warning file=m.journey.yaml,line=8,col=5,title=unaddressed-friction::touchpoint 'card' has friction "
        "(pain 'Fee of 2%25' severity 5) that no opportunity addresses",
    ]


# --- the shipped samples -------------------------------------------------------------------

def test_every_sample_validates(validate):
    run = validate("--format", "json", "samples/", cwd=ROOT)
    report = json.loads(run.out)
    assert run.code == 0
    assert sorted(report["files"]) == sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples").rglob("*.journey.yaml"))
    assert len(report["files"]) >= 4
    assert report["summary"]["errors"] == 0
    assert [d for d in report["diagnostics"] if d["severity"] == "error"] == []


def test_every_sample_validates_one_by_one(validate):
    for sample in sorted((ROOT / "samples").rglob("*.journey.yaml")):
        run = validate(sample.relative_to(ROOT), cwd=ROOT)
        assert run.code == 0, run.out
