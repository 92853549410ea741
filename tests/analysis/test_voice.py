"""The customer's voice, hand-computed: expectation gaps per persona, the gap in friction, ours against the
competitors', the SWOT, and the `voice` object of `analyze --format json`."""

from __future__ import annotations

import json

import pytest

# A café. commuter and tourist pass every touchpoint.
#   queue:  emotion frustrated (-2) for both; expects delighted (2) for commuter, 0 for tourist
#           -> gaps commuter -4, tourist -2. effort 4, no pains.
#   order:  emotion {commuter: happy (1), tourist: neutral (0)}; expectation happy (1) -> gaps 0 and -1
#   sip:    emotion happy (1), no expectation -> no gap
# Benchmarks (ours = mean emotion of the personas): queue ours -2, chain +1 -> chain leads by 3: a weakness.
#   order ours 0.5; chain 0 (we lead by 0.5), corner -1 (we lead by 1.5): neither strength nor weakness.
#   sip ours 1; chain -0.5 (lead 1.5), corner 0 (lead 1); indie has no emotion (left out): a strength.
CAFE = """\
journeymap: 1
title: Café
personas:
  - {id: commuter, name: Commuter}
  - {id: tourist, name: Tourist}
phases:
  - {id: order, name: Order}
  - {id: drink, name: Drink}
owners:
  - {id: bar, name: Bar}
competitors:
  - {id: chain, name: Big Chain}
  - {id: corner, name: Corner Café}
  - {id: indie, name: Indie Roaster}
touchpoints:
  - id: queue
    name: Queue
    phase: order
    owner: bar
    expects: "Coffee ready when I walk in"
    expectation: {commuter: delighted, tourist: 0}
    emotion: frustrated
    effort: 4
    benchmark:
      chain: {emotion: 1, effort: 2, rating: 4.2, note: "mobile order"}
    next: [order]
  - id: order
    name: Order
    phase: order
    owner: bar
    expectation: happy
    emotion: {commuter: happy, tourist: neutral}
    benchmark:
      chain: {emotion: 0}
      corner: {emotion: -1}
    next: [sip]
  - id: sip
    name: Sip
    phase: drink
    owner: bar
    emotion: happy
    benchmark:
      chain: {emotion: -0.5}
      corner: {emotion: neutral}
      indie: {rating: 4.8}
opportunities:
  - {id: preorder, title: Pre-order in the app, addresses: [queue]}
swot:
  opportunities: ["Office towers opening nearby"]
  threats: ["Chain opens a second shop"]
"""


@pytest.fixture
def analyze_json(jm, write):
    def run(text: str) -> dict:
        result = jm("analyze", write("cafe.journey.yaml", text), "--format", "json")
        assert result.code == 0, result.err
        return json.loads(result.out)["maps"][0]
    return run


def test_expectation_gaps_per_persona(analyze_json):
    voice = analyze_json(CAFE)["voice"]
    assert {node: figures["expectation_gap"] for node, figures in voice["touchpoints"].items()} == {
        "queue": {"commuter": -4.0, "tourist": -2.0},
        "order": {"commuter": 0.0, "tourist": -1.0},
        "sip": {},
    }


def test_strengths_weaknesses_opportunities_threats(analyze_json):
    assert analyze_json(CAFE)["voice"]["swot"] == {
        "strengths": ["sip"], "weaknesses": ["queue"],
        "opportunities": ["Office towers opening nearby"], "threats": ["Chain opens a second shop"]}


def test_benchmark_ours_against_theirs(analyze_json):
    benchmark = analyze_json(CAFE)["voice"]["touchpoints"]["queue"]["benchmark"]
    assert benchmark == {"chain": {"emotion": 1.0, "effort": 2.0, "rating": 4.2, "note": "mobile order",
                                   "ours": -2.0, "lead": -3.0}}


def test_one_competitor_leading_by_one_is_a_weakness_even_where_another_trails():
    from journeymap.analysis.voice import verdict
    assert verdict({"a": {"lead": 2.0}, "b": {"lead": -1.0}}) == "weakness"
    assert verdict({"a": {"lead": 1.0}, "b": {"lead": 1.0}}) == "strength"
    assert verdict({"a": {"lead": 0.99}}) is None
    assert verdict({"a": {"lead": None}}) is None


def test_the_gap_does_not_move_friction_unless_weighted(analyze_json):
    # queue, commuter: emotion_part 1, effort_part 0.5, pains 0, gap_part 4/4 = 1; tourist gap_part 2/4 = 0.5.
    # Default weights (gap 0): (0.4*1 + 0.3*0.5) / 1.0 = 0.55 for both personas.
    plain = analyze_json(CAFE)
    assert plain["friction"]["queue"]["score"] == 0.55
    assert plain["friction"]["queue"]["parts"]["gap"] == 0.75
    assert "gap" not in plain["weights"]
    # gap weight 0.5: commuter (0.4 + 0.15 + 0.5*1) / 1.5 = 0.7, tourist (0.4 + 0.15 + 0.5*0.5) / 1.5 = 0.5333
    weighted = analyze_json(CAFE + "analysis:\n  weights: {gap: 0.5}\n")
    assert weighted["weights"] == {"emotion": 0.4, "effort": 0.3, "pains": 0.3, "gap": 0.5}
    assert [p["score"] for p in weighted["friction"]["queue"]["by_persona"]] == [0.7, 0.5333]
    assert weighted["friction"]["queue"]["score"] == 0.6167


def test_a_map_without_the_voice_has_no_voice_object(analyze_json):
    from support.maps import MINIMAL_MAP
    assert "voice" not in analyze_json(MINIMAL_MAP)


def test_one_persona_gets_its_own_gaps(jm, write):
    result = jm("analyze", write("cafe.journey.yaml", CAFE), "--format", "json", "--persona", "tourist")
    voice = json.loads(result.out)["maps"][0]["voice"]
    assert voice["touchpoints"]["queue"]["expectation_gap"] == {"tourist": -2.0}
