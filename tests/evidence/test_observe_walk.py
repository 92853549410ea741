"""The embedded engine (DuckDB sorts, walk.py walks in NumPy) gives the figures of sql.py's text, which
DuckDB runs here as a second opinion (Spark runs it in test_observe_engines): on every shape of log,
per persona and in a window, over chunk boundaries, in large groups and on maps of many touchpoints."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from support.maps import map_with
from support.observe_sql import run_sql
from support.random_logs import LOGS, T0, random_log, shop_map, write_csv


def observed_both_ways(path, *, top: int = 10):
    """The Observation of the map's one log from the engine and from sql.py's text."""
    from journeymap.evidence.observe import engine_duckdb
    from journeymap.evidence.observe.design import design_of
    from journeymap.evidence.observe.log import locate
    from journeymap.evidence.observe.result import from_rows
    from journeymap.model.format import EventSource
    from journeymap.rules.pipeline import validate_file

    journey = validate_file(path).journey
    [(index, source)] = [(i, s) for i, s in enumerate(journey.model.data) if isinstance(s, EventSource)]
    log, design = locate(journey, index, source), design_of(journey)
    return (from_rows(log, design, engine_duckdb.run(log, design, top=top)),
            from_rows(log, design, run_sql(log, design, top=top)))


def figures(observation):
    return (observation.events, observation.cases, observation.mapped_events, observation.events_without_case,
            observation.unmapped, observation.flows, observation.personas)


def shop(write, tmp_path, rows, extra: str = "", segments: bool = False):
    if segments:
        lines = ["case,event,time,tier"] + [f"{c},{e},{t.isoformat()},{'vip' if int(c[-1], 36) % 3 == 0 else 'new'}"
                                            for c, e, t in rows]
        (tmp_path / "log.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        extra += ", segment_column: tier, segments: {vip: lea, new: max}"
    else:
        write_csv(tmp_path / "log.csv", rows)
    return write("m.journey.yaml", shop_map("  - {file: log.csv, kind: events, case_column: case, "
                                            f"activity_column: event, time_column: time{extra}}}\n"))


@pytest.mark.parametrize("name", sorted(LOGS))
def test_the_walk_gives_the_figures_of_the_sql(name, write, tmp_path):
    walked, queried = observed_both_ways(shop(write, tmp_path, LOGS[name]()))
    assert figures(walked) == figures(queried)
    assert walked.flows.touchpoints


def test_per_persona_and_in_a_window(write, tmp_path):
    walked, queried = observed_both_ways(shop(write, tmp_path, random_log(5, 300), ", since: 2026-11-03",
                                              segments=True))
    assert figures(walked) == figures(queried)
    assert set(walked.personas) == {"lea", "max"} and walked.events < 300 * 6.5


def test_a_case_that_changes_persona_between_visits(write, tmp_path):
    """The segment of each event, not of each case: a case of two visits may begin as one persona and go
    on as another (its visits count for each, the case for the first)."""
    rng = random.Random(4)
    lines = ["case,event,time,tier"]
    for row, (case, event, time) in enumerate(random_log(9, 300, longest=4)):
        lines.append(f"{case},{event},{time.isoformat()},{rng.choice(['vip', 'new', 'guest'])}")
    (tmp_path / "log.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = write("m.journey.yaml", shop_map("  - {file: log.csv, kind: events, case_column: case, activity_column: "
                                            "event, time_column: time, segment_column: tier, "
                                            "segments: {vip: lea, new: max}}\n"))
    walked, queried = observed_both_ways(path)
    assert figures(walked) == figures(queried)
    assert set(walked.personas) == {"lea", "max"}


def test_cases_split_over_many_chunks_add_up(write, tmp_path, monkeypatch):
    """Chunks of 7 events (rounded up to whole cases) give the figures of one chunk; a case longer than a
    chunk stays whole."""
    from journeymap.evidence.observe import walk

    path = shop(write, tmp_path, random_log(3, 200, longest=40), segments=True)
    whole, _ = observed_both_ways(path)
    monkeypatch.setattr(walk, "CHUNK", 7)
    chunked, queried = observed_both_ways(path)
    assert figures(chunked) == figures(whole) == figures(queried)


def test_large_groups_take_their_quantiles_from_a_band_exactly(write, tmp_path):
    """Groups of more than 4 × 16,384 values find their ranks in a band read off a sample; the figures
    equal quantile_cont's. Many equal times (ties at the band's bounds) included."""
    rng = random.Random(11)
    rows = []
    for case in range(70_000):
        t = T0 + dt.timedelta(seconds=rng.randint(0, 10_000))
        for event in ("ad_clicked", "product_viewed", "cart_viewed"):
            rows.append((f"c{case}", event, t))
            t += dt.timedelta(milliseconds=rng.choice([1000, 1000, rng.randint(0, 5_000_000)]))
    walked, queried = observed_both_ways(shop(write, tmp_path, rows))
    assert figures(walked) == figures(queried)
    assert walked.flows.touchpoints["ad"].visits == 70_000


def many_touchpoints(write, tmp_path, count: int, seed: int):
    """A map of `count` touchpoints in a chain (t000 -> t001 -> ...), and cases that follow it or wander."""
    touchpoints = [f"{{id: t{i:03d}, name: \"Step {i}\", phase: join, owner: team, events: [e{i:03d}]"
                   + (f", next: [{{to: t{i + 1:03d}}}]}}" if i + 1 < count else "}") for i in range(count)]
    rng = random.Random(seed)
    rows = []
    for case in range(400):
        t = T0 + dt.timedelta(minutes=rng.randint(0, 1000))
        along = case % 4 == 0   # a quarter follow the chain from its start
        place = 0 if along else rng.randrange(count)
        for _ in range(rng.randint(1, 30)):
            rows.append((f"c{case}", f"e{place:03d}", t))
            place = min(place + 1, count - 1) if along else (place + rng.choice([1, 1, 2, -1, rng.randrange(count)])) % count
            t += dt.timedelta(seconds=rng.choice([1, 5, 60]))
    write_csv(tmp_path / "log.csv", rows)
    return write("m.journey.yaml", map_with(touchpoints=touchpoints, extra=(
        "data:\n  - {file: log.csv, kind: events, case_column: case, activity_column: event, time_column: time}\n")))


@pytest.mark.parametrize("count", [70, 300])
def test_maps_of_many_touchpoints_count_distinct_cases_past_one_word_of_bits(write, tmp_path, count):
    """Reach and the cases of each pair count each case once: more than 64 touchpoints (several words of
    bits), and more than 256 pairs (counted by sorting instead)."""
    walked, queried = observed_both_ways(many_touchpoints(write, tmp_path, count, seed=count), top=25)
    assert figures(walked) == figures(queried)
    assert len(walked.flows.pairs) > (64 if count == 70 else 256)
    assert 0 < walked.flows.paths.conforming < walked.flows.paths.cases
