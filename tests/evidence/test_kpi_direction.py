"""A KPI's direction and unit (`better: higher|lower`, `unit:`): a waiting time of 35 min against a
target of 10 min is missed, not met, on every surface; a known KPI keeps its documented direction."""

from __future__ import annotations

import json

import pytest

WAIT = "wait_minutes: {value: 35, target: 10, better: lower, unit: min}"


def dental(kpis: str = WAIT) -> str:
    return f"""
        journeymap: 1
        title: "Dental practice"
        personas:
          - {{id: patient, name: "Patient"}}
        phases:
          - {{id: visit, name: "Visit"}}
        touchpoints:
          - id: waiting
            name: "Waiting room"
            phase: visit
            owner: desk
            emotion: -1
            kpis:
              {kpis}
        owners:
          - {{id: desk, name: "Front desk"}}
        """


@pytest.fixture
def waiting(write):
    return write("dental.journey.yaml", dental())


def test_a_lower_is_better_kpi_above_its_target_is_a_finding_with_its_unit(jm, waiting):
    run = jm("validate", waiting)
    assert (f"{waiting}:14:21: warning: wait_minutes 35 min at 'waiting' is worse than its target 10 min "
            "(lower is better) [kpi-below-target]") in run.lines


def test_under_its_target_a_lower_is_better_kpi_is_met(jm, write):
    path = write("dental.journey.yaml", dental("wait_minutes: {value: 8, target: 10, better: lower, unit: min}"))
    run = jm("validate", path)
    assert run.code == 0 and "kpi-below-target" not in run.out


def test_a_custom_kpi_without_better_stays_higher_is_better(jm, write):
    path = write("dental.journey.yaml", dental("referrals: {value: 35, target: 10}"))
    assert "kpi-below-target" not in jm("validate", path).out
    from journeymap.model.format import KpiTarget, kpi_better, kpi_unit
    assert kpi_better("referrals", KpiTarget(value=35, target=10)) == "higher"
    assert kpi_better("referrals", 35.0) == "higher" and kpi_unit(35.0) is None


def test_a_known_kpi_keeps_its_direction_and_a_contradiction_is_an_error_at_its_line(jm, write):
    path = write("dental.journey.yaml", dental("ces: {value: 3, target: 2, better: higher}"))
    run = jm("validate", path)
    assert run.code == 1
    assert (f"{path}:14:12: error: 'ces': lower is better for ces (documented), 'better: higher' contradicts it: "
            "leave 'better' out [schema]") in run.lines
    agreeing = write("agree.journey.yaml", dental("ces: {value: 3, target: 2, better: lower, unit: points}"))
    assert jm("validate", agreeing).code == 0


def test_better_takes_only_higher_or_lower(jm, write):
    path = write("dental.journey.yaml", dental("wait_minutes: {value: 35, better: less}"))
    run = jm("validate", path)
    assert run.lines == [f"{path}:14:41: error: 'better' must be one of higher, lower; got the text 'less' [schema]"]


def test_analyze_text_shows_the_unit_and_the_miss(jm, waiting):
    run = jm("analyze", waiting)
    row = next(line for line in run.lines if line.startswith("waiting") and "wait_minutes" in line)
    assert row.split() == ["waiting", "wait_minutes", "35", "min", "10", "min", "MISSED", "declared"]


def test_analyze_json_has_better_and_unit(jm, waiting):
    run = jm("analyze", waiting, "--format", "json")
    kpi = json.loads(run.out)["maps"][0]["kpis"]["waiting"][0]
    assert {key: kpi[key] for key in ("name", "value", "target", "better", "unit", "lower_is_better",
                                      "meets_target")} == {
        "name": "wait_minutes", "value": 35.0, "target": 10.0, "better": "lower", "unit": "min",
        "lower_is_better": True, "meets_target": False}


def test_the_html_report_marks_the_wait_missed_in_red(jm, waiting, tmp_path):
    run = jm("render", waiting, "-f", "html", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    html = (tmp_path / "out" / "dental.html").read_text(encoding="utf-8")
    assert '<li class="missed">wait_minutes <b>35 min</b> / 10 min ✖</li>' in html     # the grid's KPI lane
    row = html[html.index("<td>wait_minutes</td>"):]
    row = row[:row.index("</tr>")]
    assert "<td>35 min</td><td>10 min <span class=\"muted\">(lower is better)</span></td>" in row
    assert '<strong class="bad">✖ missed</strong>' in row and "met" not in row.replace("missed", "")


def test_a_unit_reaches_the_html_only_escaped(jm, write, tmp_path):
    path = write("dental.journey.yaml", dental('wait_minutes: {value: 35, unit: "<b>min</b>"}'))
    jm("render", path, "-f", "html", "-o", tmp_path / "out")
    html = (tmp_path / "out" / "dental.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;min&lt;/b&gt;" in html and "<b>min</b>" not in html


def test_diff_calls_halving_the_wait_an_improvement(jm, waiting, write):
    shorter = write("shorter.journey.yaml", dental("wait_minutes: {value: 18, target: 10, better: lower, unit: min}"))
    run = jm("diff", waiting, shorter)
    assert "  ▲ wait_minutes at 'Waiting room': 35 min → 18 min, toward target 10 min" in run.lines
    change = json.loads(jm("diff", waiting, shorter, "--format", "json").out)["maps"][0]["changes"][0]
    assert (change["better"], change["before"], change["after"], change["unit"]) == (True, "35", "18", "min")


def test_compare_grades_the_wait_by_its_direction(jm, waiting, write):
    shorter = write("shorter.journey.yaml", dental("wait_minutes: {value: 18, target: 10, better: lower, unit: min}"))
    run = jm("compare", waiting, shorter)
    assert "  ▲ wait_minutes at 'Waiting room': 35 min → 18 min, target 10 min" in run.lines
    assert "better: 1 KPI better" in run.out
    kpi = json.loads(jm("compare", waiting, shorter, "--format", "json").out)["kpis"][0]
    assert (kpi["better"], kpi["lower_is_better"], kpi["unit"]) == (True, True, "min")
