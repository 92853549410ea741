"""Analysis figures against values computed by hand on small maps (branches, loops, skipped touchpoints, gaps)."""

import datetime as dt
import json
import math

import pytest

from journeymap.analysis.run import analyze
from journeymap.rules.pipeline import validate_file

HAND_MAP = """
journeymap: 1
title: "Hand-computed"
personas:
  - {id: ann, name: "Ann"}
  - {id: bob, name: "Bob"}
phases:
  - {id: p1, name: "One"}
  - {id: p2, name: "Two"}
  - {id: p3, name: "Three"}
owners:
  - {id: team, name: "Team"}
touchpoints:
  - id: start
    name: "Start"
    phase: p1
    owner: team
    emotion: 1
    effort: 1
    kpis: {volume: 1000}
    next: [{to: web, share: 0.6}, {to: call, share: 0.3}]
  - id: web
    name: "Web"
    phase: p2
    owner: team
    personas: [ann]
    emotion: -1
    effort: 4
    pains: [{id: slow, text: "Slow", severity: 5}]
    kpis: {volume: 100}
    next: [{to: done, share: 0.5}]
  - id: call
    name: "Call"
    phase: p2
    owner: team
    emotion: {ann: -2, bob: 0}
    pains: ["Hold music"]
    next: [done]
  - id: done
    name: "Done"
    phase: p3
    owner: team
    emotion: 2
    next: [{to: start, loop: true}]
opportunities:
  - {id: o1, title: "Faster web", addresses: ["web#slow"], impact: high, cost: low}
  - {id: o2, title: "Call-back", addresses: [call], status: done}
  - {id: o3, title: "Nicer start", addresses: [start], impact: low, cost: high}
"""

# Default weights: emotion 0.4, effort 0.3, pains 0.3 (docs/analysis.md).
WEB = 0.4 * 0.5 + 0.3 * 0.5 + 0.3 * 1.0                    # emotion -1, effort 4, one severity-5 pain
CALL_ANN = (0.4 * 1.0 + 0.3 * 0.6) / 0.7                     # emotion -2, no effort, one severity-3 pain
CALL_BOB = (0.4 * 0.0 + 0.3 * 0.6) / 0.7                     # emotion 0
CALL = (CALL_ANN + CALL_BOB) / 2
WEIGHT_WEB = math.log10(101) / math.log10(1001)              # volume 100 of largest 1000
WEIGHT_ESTIMATED = math.log10(1 + 550) / math.log10(1001)     # median of the known volumes 1000 and 100


@pytest.fixture
def journey(write):
    result = validate_file(write("hand.journey.yaml", HAND_MAP))
    assert not result.has_errors, result.diagnostics
    return result.journey


def test_friction_per_touchpoint_and_persona(journey):
    friction = analyze(journey).friction
    assert friction["start"].score == 0
    assert friction["web"].score == pytest.approx(WEB)
    assert [p.persona for p in friction["web"].by_persona] == ["ann"]      # bob skips the web
    assert {p.persona: p.score for p in friction["call"].by_persona} == pytest.approx({"ann": CALL_ANN, "bob": CALL_BOB})
    assert friction["call"].score == pytest.approx(CALL)


def test_missing_inputs_are_scored_on_what_is_there_and_named(journey):
    friction = analyze(journey).friction
    assert friction["call"].missing == ["effort"]
    assert friction["web"].missing == []
    assert friction["call"].parts == pytest.approx({"emotion": 0.5, "pains": 0.6})


def test_weights_from_the_map_change_the_score(write):
    text = HAND_MAP.replace("opportunities:", "analysis:\n  weights: {emotion: 1, effort: 0, pains: 0}\nopportunities:")
    journey = validate_file(write("w.journey.yaml", text)).journey
    assert analyze(journey).friction["web"].score == pytest.approx(0.5)


def test_hotspots_are_weighted_by_volume_with_the_median_for_unknown_volumes(journey):
    hotspots = analyze(journey).hotspots
    assert [h.touchpoint for h in hotspots] == ["call", "web"]   # done and start: friction 0, no hotspots
    call, web = hotspots[0], hotspots[1]
    assert call.volume is None and call.volume_estimated
    assert call.score == pytest.approx(CALL * WEIGHT_ESTIMATED)
    assert web.score == pytest.approx(WEB * WEIGHT_WEB) and not web.volume_estimated


def test_without_any_volume_hotspots_rank_by_friction(write):
    journey = validate_file(write("v.journey.yaml", HAND_MAP.replace("kpis: {volume: 1000}", "")
                                  .replace("kpis: {volume: 100}", ""))).journey
    top = analyze(journey).hotspots[:2]
    assert [h.touchpoint for h in top] == ["web", "call"]
    assert [h.score for h in top] == pytest.approx([WEB, CALL])


def test_emotion_curves_follow_phase_then_flow_order(journey):
    ann, bob = analyze(journey).emotion_curves
    assert [(p.touchpoint, p.emotion) for p in ann.points] == [("start", 1), ("web", -1), ("call", -2), ("done", 2)]
    assert (ann.lowest.touchpoint, ann.average) == ("call", 0)
    assert (ann.largest_drop.source, ann.largest_drop.target, ann.largest_drop.change) == ("start", "web", -2)
    assert (ann.peak.touchpoint, ann.end.touchpoint, ann.peak_end) == ("call", "done", 0)  # tie |-2|=|2|: negative
    assert [p.touchpoint for p in bob.points] == ["start", "call", "done"]                  # bob skips the web
    assert (bob.average, bob.largest_drop.change, bob.peak_end) == (1, -1, 2)


def test_funnel_reach_drop_off_and_conversion_ignore_the_loop(journey):
    funnel = analyze(journey).funnel
    assert funnel.entries == ["start"]
    reach = {s.touchpoint: s.reach["start"] for s in funnel.steps}
    assert reach == pytest.approx({"start": 1, "web": 0.6, "call": 0.3, "done": 0.6 * 0.5 + 0.3})
    drop = {s.touchpoint: s.drop_off for s in funnel.steps}
    assert drop["start"] == pytest.approx(0.1) and drop["web"] == pytest.approx(0.5)
    assert drop["call"] == 0 and drop["done"] is None
    assert funnel.conversion == pytest.approx({"start": 0.6})


def test_a_map_without_shares_has_no_funnel(write):
    text = HAND_MAP.replace("{to: web, share: 0.6}, {to: call, share: 0.3}", "web, call").replace(
        "{to: done, share: 0.5}", "done")
    assert analyze(validate_file(write("f.journey.yaml", text)).journey).funnel is None


def test_a_cycle_without_loop_flag_does_not_inflate_reach(write):
    text = HAND_MAP.replace("next: [{to: start, loop: true}]", "next: [{to: start, share: 1}]")
    funnel = analyze(validate_file(write("c.journey.yaml", text)).journey).funnel
    assert {s.touchpoint: s.reach["start"] for s in funnel.steps}["start"] == 1


def test_opportunity_coverage_and_priority(journey):
    result = analyze(journey)
    pains = {(p.touchpoint, p.text): p.addressed_by for p in result.coverage.pains}
    assert pains == {("web", "Slow"): ["o1"], ("call", "Hold music"): ["o2"]}
    assert [(h.touchpoint, h.addressed_by) for h in result.coverage.hotspots] == [("call", ["o2"]), ("web", ["o1"])]
    ranked = [(o.opportunity, o.rank) for o in result.coverage.opportunities]
    assert ranked == [("o1", 1), ("o3", 2), ("o2", None)]
    top = CALL * WEIGHT_ESTIMATED
    assert result.coverage.opportunities[0].priority == pytest.approx(3 / 1 * (WEB * WEIGHT_WEB / top))


def test_persona_filter(journey):
    result = analyze(journey, "bob")
    assert "web" not in [h.touchpoint for h in result.hotspots]
    assert result.friction["call"].score == pytest.approx(CALL_BOB)
    assert [c.persona for c in result.emotion_curves] == ["bob"]


KPI_MAP = HAND_MAP.replace("kpis: {volume: 1000}", "kpis: {volume: 1000, cost: 500, nps: {value: 80, target: 30}}") \
    .replace("kpis: {volume: 100}", "kpis: {volume: 100, cost: 400, churn: {value: 0.3, target: 0.2}}") \
    .replace("opportunities:", """data:
  - {file: nps.csv, kind: nps, date_column: date}
  - {file: csat.csv, kind: csat, touchpoint_column: step, score_column: rating}
  - {file: ces.csv, kind: ces}
opportunities:""")


@pytest.fixture
def kpi_journey(write):
    write("nps.csv", "touchpoint,score,date\nstart,10,2026-10-01\nstart,9,2026-10-02\nstart,8,2026-10-03\n"
                     "start,7,2026-11-01\nstart,6,2026-09-01\nstart,0,2026-09-02\nstart,9,2026-09-03\nstart,10,\n"
                     "done,9,2026-08-01\ndone,5,2026-08-02\ndone,3,2026-08-03\n")
    write("csat.csv", "step;rating\nweb;5\nweb;4\nweb;3\nweb;2\nweb;1\n")
    write("ces.csv", "touchpoint,score\ncall,7\ncall,6\ncall,5\n")
    result = validate_file(write("k.journey.yaml", KPI_MAP), today=dt.date(2026, 11, 25))
    assert not result.has_errors, result.diagnostics
    return result.journey


def test_kpis_computed_from_survey_csv_follow_the_standard_definitions(kpi_journey):
    kpis = {(k.touchpoint, k.name): k for ks in analyze(kpi_journey).kpis.values() for k in ks}
    nps = kpis[("start", "nps")]
    assert (nps.value, nps.responses, nps.source) == (25, 8, "computed")        # (4 promoters - 2 detractors) / 8
    assert nps.newest_response == dt.date(2026, 11, 1)
    assert nps.target == 30 and nps.meets_target is False                         # the declared target stays
    assert nps.declared_value == 80 and nps.disagrees                             # 55 points apart
    assert kpis[("done", "nps")].value == -33                                      # (1 - 2) / 3 = -33.3
    assert (kpis[("web", "csat")].value, kpis[("web", "csat")].responses) == (40, 5)  # 2 of 5 are 4-5
    assert (kpis[("call", "ces")].value, kpis[("call", "ces")].responses) == (6, 3)


def test_nps_rounds_half_away_from_zero():
    from journeymap.evidence.kpis import nps
    assert nps([9, 8, 8, 8, 8, 8, 8, 8]) == 13       # 12.5
    assert nps([0, 8, 8, 8, 8, 8, 8, 8]) == -13      # -12.5
    assert nps([10, 9, 0]) == 33                     # 33.3


def test_declared_kpis_are_direction_aware(kpi_journey):
    churn = next(k for k in analyze(kpi_journey).kpis["web"] if k.name == "churn")
    assert churn.lower_is_better and churn.meets_target is False


def test_cost_per_contact_per_channel_and_owner(kpi_journey):
    owners = {g.id: g for g in analyze(kpi_journey).owners}
    team = owners["team"]
    assert (team.volume, team.cost) == (1100, 900)
    assert team.cost_per_contact == pytest.approx(900 / 1100)
    assert team.touchpoints == ["start", "web", "call", "done"]


def test_analyze_json_has_every_figure(jm, write, kpi_journey):
    run = jm("analyze", kpi_journey.path, "--format", "json")
    assert run.code == 0
    report = json.loads(run.out)
    assert report["journeymap_analysis"] == 1
    figures = report["maps"][0]
    for key in ("friction", "hotspots", "emotion_curves", "funnel", "kpis", "channels", "owners", "coverage", "weights"):
        assert key in figures
    assert figures["hotspots"][0]["touchpoint"] == "call"
    assert {"pains", "hotspots", "opportunities"} <= set(figures["coverage"])
    assert figures["emotion_curves"][0]["peak_end"] == 0
    start_nps = next(k for k in figures["kpis"]["start"] if k["name"] == "nps")
    assert start_nps == {"touchpoint": "start", "name": "nps", "value": 25, "target": 30.0, "source": "computed",
                         "responses": 8, "newest_response": "2026-11-01", "declared_value": 80.0, "disagrees": True,
                         "better": "higher", "unit": None, "lower_is_better": False, "meets_target": False}


def test_analyze_text_is_aligned_and_uncoloured_when_not_a_tty(jm, journey):
    run = jm("analyze", journey.path, "--top", "2")
    assert run.code == 0 and "\033[" not in run.out
    lines = run.out.splitlines()
    header = lines.index("Friction hotspots (top 2)")
    assert lines[header + 1].split()[:4] == ["#", "touchpoint", "name", "friction"]
    assert lines[header + 3].split()[:2] == ["1", "call"] and lines[header + 4].split()[:2] == ["2", "web"]


def test_analyze_unknown_persona_is_a_usage_error(jm, journey):
    run = jm("analyze", journey.path, "--persona", "bobb")
    assert run.code == 2 and "did you mean 'bob'" in run.err


def test_analyze_refuses_a_map_with_errors(jm, write):
    path = write("bad.journey.yaml", HAND_MAP.replace("phase: p3", "phase: p4"))
    run = jm("analyze", path)
    assert run.code == 1 and "unknown phase 'p4'" in run.err and run.out == ""


def test_analyze_markdown(jm, journey):
    run = jm("analyze", journey.path, "--format", "markdown")
    assert run.out.startswith("# Hand-computed: friction analysis")
    assert "| # | touchpoint | name | friction |" in run.out
