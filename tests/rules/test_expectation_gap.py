"""expectation-gap, and what the rules say of expectations, competitors and benchmarks written wrong."""

from __future__ import annotations

import pytest

# Line numbers below are counted from this map; {queue} and {top} are filled in by each test.
CAFE = """\
journeymap: 1
title: Café
personas:
  - {{id: commuter, name: Commuter}}
  - {{id: tourist, name: Tourist}}
phases:
  - {{id: order, name: Order}}
owners:
  - {{id: bar, name: Bar}}
competitors:
  - {{id: chain, name: Big Chain}}
touchpoints:
  - id: queue
    name: Queue
    phase: order
    owner: bar
{queue}
opportunities:
  - {{id: preorder, title: Pre-order, addresses: [queue]}}
{top}"""


def cafe(queue: str, top: str = "") -> str:
    return CAFE.format(queue="\n".join(f"    {line}" for line in queue.strip("\n").splitlines()), top=top)


GAPS = "expects: Coffee ready when I walk in\nexpectation: {commuter: delighted, tourist: 0}\nemotion: frustrated"


def test_a_broken_promise_is_reported_at_the_emotion_line(validate, write):
    path = write("m.journey.yaml", cafe(GAPS))
    run = validate(path)
    assert (run.code, run.lines) == (0, [
        f"{path}:19:5: warning: touchpoint 'queue' falls short of what customers expect (commuter: emotion -2 "
        "against 2 expected, gap -4; tourist: emotion -2 against 0 expected, gap -2); a gap of -2 or less is a "
        "broken promise [expectation-gap]"])
    assert validate("--strict", path).code == 1


def test_a_gap_of_minus_one_is_a_disappointment_not_a_broken_promise(validate, write):
    path = write("m.journey.yaml", cafe("expectation: happy\nemotion: neutral"))
    assert (validate("--strict", path).code, validate(path).out) == (0, "")


def test_only_the_personas_whose_gap_reaches_the_limit_are_named(validate, write):
    path = write("m.journey.yaml", cafe("expectation: happy\nemotion: {commuter: frustrated, tourist: 0}"))
    assert validate(path).lines == [
        f"{path}:18:5: warning: touchpoint 'queue' falls short of what customers expect (commuter: emotion -2 "
        "against 1 expected, gap -3); a gap of -2 or less is a broken promise [expectation-gap]"]


def test_the_limit_is_set_under_rules(validate, write):
    path = write("m.journey.yaml", cafe(GAPS, "rules:\n  expectation_gap: -3\n"))
    assert validate(path).lines == [
        f"{path}:19:5: warning: touchpoint 'queue' falls short of what customers expect (commuter: emotion -2 "
        "against 2 expected, gap -4); a gap of -3 or less is a broken promise [expectation-gap]"]


def test_a_limit_above_zero_is_a_schema_error(validate, write):
    path = write("m.journey.yaml", cafe(GAPS, "rules:\n  expectation_gap: 1\n"))
    run = validate(path)
    assert run.code == 1
    assert f"{path}:23:20: error: 'expectation_gap' must be between -4 and 0, got 1 [schema]" in run.lines


@pytest.mark.parametrize("queue, expected", [
    ("expectation: {commutr: happy}\nemotion: happy",
     "17:19: error: unknown persona 'commutr' (did you mean 'commuter'?) [unknown-reference]"),
    ("emotion: happy\nbenchmark:\n  rival: {emotion: 1}",
     "19:7: error: unknown competitor 'rival'; the only competitor is chain [unknown-reference]"),
    ("emotion: happy\nbenchmark:\n  chian: {emotion: 1}",
     "19:7: error: unknown competitor 'chian' (did you mean 'chain'?) [unknown-reference]"),
    ("expectation: ecstatic",
     "17:18: error: 'expectation' must be a number from -2 to 2 or one of frustrated, unhappy, "
     "neutral, happy, delighted; got 'ecstatic' [schema]"),
    ("expectation: 3", "17:18: error: 'expectation' must be between -2 and 2, got 3 [schema]"),
    ("emotion: happy\nbenchmark:\n  chain: {emotion: 1, stars: 4}",
     "19:27: error: unknown key 'stars' [schema]"),
])
def test_expectations_and_benchmarks_written_wrong(validate, write, queue, expected):
    path = write("m.journey.yaml", cafe(queue))
    run = validate(path)
    assert run.code == 1
    assert any(line.startswith(f"{path}:{expected}") for line in run.lines), run.lines


def test_a_competitor_defined_twice(validate, write):
    path = write("m.journey.yaml", cafe("emotion: happy", "").replace(
        "  - {id: chain, name: Big Chain}\n", "  - {id: chain, name: Big Chain}\n  - {id: chain, name: Other}\n"))
    run = validate(path)
    assert f"{path}:12:10: error: duplicate competitor id 'chain': first defined at {path}:11 [duplicate-id]" \
        in run.lines
