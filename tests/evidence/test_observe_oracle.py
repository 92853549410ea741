"""Observed flows against an independent implementation: pm4py (AGPL, a test oracle only, never imported
by journeymap) computes the directly-follows graph, start and end activities and case counts of the same
logs, and every count journeymap reports must equal pm4py's.

pm4py works on events; journeymap on touchpoints. So the oracle gets the log with each event renamed to the
touchpoint that claims it and unclaimed events dropped. journeymap counts repeated events of one touchpoint
as one visit, pm4py as a self-loop: journeymap's pairs are pm4py's pairs without the self-loops.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from conftest import MINIMAL_MAP

pm4py = pytest.importorskip("pm4py")  # a test dependency: installed by `pip install -e '.[test]'`
pd = pytest.importorskip("pandas")

CLAIMS = {"ad_clicked": "ad", "product_viewed": "product", "size_chat": "chat", "cart_viewed": "cart",
          "cart_updated": "cart", "checkout_started": "checkout", "paid": "pay", "hotline_call": "hotline"}
T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.timezone.utc)


def shop_map(log_entry: str) -> str:
    touchpoints = "".join(
        f"  - {{id: {tp}, name: \"{tp}\", phase: join, owner: team, events: [{', '.join(sorted(e for e, t in CLAIMS.items() if t == tp))}]}}\n"
        for tp in sorted(set(CLAIMS.values())))
    head = MINIMAL_MAP.split("touchpoints:")[0]
    return head + "touchpoints:\n" + touchpoints + "data:\n" + log_entry


def random_log(seed: int, cases: int) -> list[tuple[str, str, dt.datetime]]:
    """Cases of 1..12 events drawn from the claimed names and two unclaimed ones; times in seconds."""
    rng = random.Random(seed)
    names = sorted(CLAIMS) + ["page_view", "heartbeat"]
    rows = []
    for case in range(cases):
        t = T0 + dt.timedelta(minutes=rng.randint(0, 10_000))
        for _ in range(rng.randint(1, 12)):
            t += dt.timedelta(seconds=rng.choice([0, 1, 5, 30, 600]))   # 0: ties
            rows.append((f"c{case:04d}", rng.choice(names), t))
    rng.shuffle(rows)   # the file is not in case order
    return rows


def ties_log() -> list[tuple[str, str, dt.datetime]]:
    """Events of one case at the same second: file order decides (cart before pay in c1, pay before cart in c2)."""
    return [("c1", "cart_viewed", T0), ("c1", "paid", T0), ("c2", "paid", T0), ("c2", "cart_viewed", T0),
            ("c2", "product_viewed", T0 - dt.timedelta(seconds=1)), ("c3", "paid", T0 + dt.timedelta(seconds=9))]


def repeats_log() -> list[tuple[str, str, dt.datetime]]:
    """Repeated events and two names of one touchpoint in a row (one visit), and a return to a touchpoint."""
    seconds = lambda s: T0 + dt.timedelta(seconds=s)
    return [("r1", "cart_viewed", seconds(0)), ("r1", "cart_viewed", seconds(1)), ("r1", "cart_updated", seconds(2)),
            ("r1", "checkout_started", seconds(3)), ("r1", "cart_viewed", seconds(4)), ("r1", "cart_viewed", seconds(5)),
            ("r1", "paid", seconds(6)), ("r2", "heartbeat", seconds(0)), ("r2", "paid", seconds(1)),
            ("r2", "paid", seconds(2))]


def write_csv(path, rows) -> None:
    lines = ["case,event,time"] + [f"{c},{e},{t.isoformat().replace('+00:00', 'Z')}" for c, e, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def oracle(rows) -> dict:
    """pm4py's figures over the touchpoint-level log."""
    frame = pd.DataFrame([(c, CLAIMS[e], t) for c, e, t in rows if e in CLAIMS], columns=["case", "touchpoint", "time"])
    frame = pm4py.format_dataframe(frame, case_id="case", activity_key="touchpoint", timestamp_key="time")
    dfg, starts, ends = pm4py.discover_dfg(frame)
    reach = pm4py.get_event_attribute_values(frame, "concept:name", count_once_per_case=True)
    return {"pairs": {pair: n for pair, n in dfg.items() if pair[0] != pair[1]}, "starts": dict(starts),
            "ends": dict(ends), "reach": dict(reach), "cases": frame["case:concept:name"].nunique()}


def observed(write, tmp_path, rows, *, parquet: bool = False) -> dict:
    from journeymap.evidence.observe.run import observe
    from journeymap.rules.pipeline import validate_file

    write_csv(tmp_path / "log.csv", rows)
    name = "log.csv"
    if parquet:
        import duckdb
        duckdb.sql(f"COPY (SELECT * FROM read_csv('{tmp_path / 'log.csv'}')) TO '{tmp_path / 'log.parquet'}' "
                   "(FORMAT parquet)")
        name = "log.parquet"
    path = write("m.journey.yaml", shop_map(f"  - {{file: {name}, kind: events, case_column: case, "
                                             "activity_column: event, time_column: time}\n"))
    result = validate_file(path)
    assert not result.has_errors, result.diagnostics
    [log] = observe(result.journey)
    assert log.problems == []
    flows = log.observation.flows
    return {"pairs": dict(flows.pairs), "starts": {t: s.starts for t, s in flows.touchpoints.items() if s.starts},
            "ends": {t: s.dropoffs for t, s in flows.touchpoints.items() if s.dropoffs},
            "reach": {t: s.reach for t, s in flows.touchpoints.items()},
            "cases": sum(s.starts for s in flows.touchpoints.values())}


LOGS = {"random": lambda: random_log(20261202, 400), "ties": ties_log, "repeats": repeats_log,
        "random-small": lambda: random_log(7, 25)}


@pytest.mark.parametrize("name", sorted(LOGS))
def test_every_count_equals_pm4py(name, write, tmp_path):
    rows = LOGS[name]()
    assert observed(write, tmp_path, rows) == oracle(rows)


def test_parquet_gives_the_same_counts_as_csv(write, tmp_path):
    rows = random_log(99, 200)
    assert observed(write, tmp_path, rows, parquet=True) == oracle(rows)


def test_the_tie_rule_is_file_order(write, tmp_path):
    figures = observed(write, tmp_path, ties_log())
    assert figures["pairs"] == {("cart", "pay"): 1, ("product", "pay"): 1, ("pay", "cart"): 1}
