"""Observed flows against an independent implementation: pm4py (AGPL, a test oracle only, never imported
by journeymap) computes the directly-follows graph, start and end activities and case counts of the same
logs, and every count journeymap reports must equal pm4py's.

pm4py works on events; journeymap on touchpoints. So the oracle gets the log with each event renamed to the
touchpoint that claims it and unclaimed events dropped. journeymap counts repeated events of one touchpoint
as one visit, pm4py as a self-loop: journeymap's pairs are pm4py's pairs without the self-loops, and its
variants are pm4py's variants with each run of one touchpoint merged (then counted together).
"""

from __future__ import annotations

import pytest

from support.random_logs import CLAIMS, LOGS, random_log, shop_map, ties_log, write_csv

pm4py = pytest.importorskip("pm4py")  # a test dependency: installed by `pip install -e '.[test]'`
pd = pytest.importorskip("pandas")


def touchpoint_log(rows):
    frame = pd.DataFrame([(c, CLAIMS[e], t) for c, e, t in rows if e in CLAIMS], columns=["case", "touchpoint", "time"])
    return pm4py.format_dataframe(frame, case_id="case", activity_key="touchpoint", timestamp_key="time")


def pair_cases(rows) -> dict[tuple, int]:
    """Per pair of consecutive visits (runs of one touchpoint merged), the cases that take it at least once."""
    frame = touchpoint_log(rows).sort_values(["case:concept:name", "time:timestamp"], kind="stable")
    taken: dict[tuple, set] = {}
    for case, events in frame.groupby("case:concept:name", sort=False):
        visits = [tp for k, tp in enumerate(events["concept:name"]) if k == 0 or events["concept:name"].iloc[k - 1] != tp]
        for pair in zip(visits, visits[1:]):
            taken.setdefault(pair, set()).add(case)
    return {pair: len(cases) for pair, cases in taken.items()}


def oracle(rows) -> dict:
    """pm4py's figures over the touchpoint-level log."""
    frame = touchpoint_log(rows)
    dfg, starts, ends = pm4py.discover_dfg(frame)
    reach = pm4py.get_event_attribute_values(frame, "concept:name", count_once_per_case=True)
    return {"pairs": {pair: n for pair, n in dfg.items() if pair[0] != pair[1]}, "starts": dict(starts),
            "ends": dict(ends), "reach": dict(reach), "cases": frame["case:concept:name"].nunique()}


def observed(write, tmp_path, rows, *, parquet: bool = False, row_group: int = 122_880) -> dict:
    from journeymap.evidence.observe.run import observe
    from journeymap.rules.pipeline import validate_file

    write_csv(tmp_path / "log.csv", rows)
    name = "log.csv"
    if parquet:
        import duckdb
        duckdb.sql(f"COPY (SELECT * FROM read_csv('{tmp_path / 'log.csv'}')) TO '{tmp_path / 'log.parquet'}' "
                   f"(FORMAT parquet, ROW_GROUP_SIZE {row_group})")
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


def oracle_variants(rows) -> dict[tuple, int]:
    """pm4py's variants, each run of one touchpoint merged into one visit."""
    merged: dict[tuple, int] = {}
    for variant, cases in pm4py.get_variants(touchpoint_log(rows)).items():
        path = tuple(tp for k, tp in enumerate(variant) if k == 0 or variant[k - 1] != tp)
        merged[path] = merged.get(path, 0) + cases
    return merged


@pytest.mark.parametrize(("seed", "longest"), [(1, 12), (2, 12), (3, 80)])   # 80: past a variant's head
def test_every_variant_equals_pm4py(write, tmp_path, seed, longest):
    from journeymap.evidence.observe import run
    from journeymap.rules.pipeline import validate_file

    rows = random_log(seed, 300, longest)
    write_csv(tmp_path / "log.csv", rows)
    path = write("m.journey.yaml", shop_map("  - {file: log.csv, kind: events, case_column: case, "
                                             "activity_column: event, time_column: time}\n"))
    run.keep_variants(10_000)   # every variant, not the top 10
    try:
        [log] = run.observe(validate_file(path).journey)
    finally:
        run.keep_variants(run.DEFAULT_VARIANTS)
    variants = log.observation.flows.paths.variants
    expected = oracle_variants(rows)
    assert {v.path: v.cases for v in variants} == expected
    assert len(variants) == len(expected) > 100   # random logs: many variants, each case one of them
    longest_path = max(len(v.path) for v in variants)
    assert longest_path > 20 if longest > 12 else longest_path <= 12
    assert [(-v.cases, v.path) for v in variants] == sorted((-n, path) for path, n in expected.items())  # the order


def test_a_large_shuffled_parquet_log_read_in_parallel_equals_pm4py(write, tmp_path):
    """DuckDB sorts once and walks the sorted rows in order: on a log of many row groups, read by every
    thread, the walk must still see each case's events in order."""
    import duckdb

    rows = random_log(42, 15_000)   # about 100,000 events, shuffled
    assert observed(write, tmp_path, rows, parquet=True, row_group=4096) == oracle(rows)
    assert duckdb.sql(f"SELECT COUNT(*) FROM parquet_metadata('{tmp_path / 'log.parquet'}')").fetchall()[0][0] > 20


@pytest.mark.parametrize("bits", [True, False])
def test_long_cases_counted_either_way_equal_the_oracle(write, tmp_path, monkeypatch, bits):
    """Cases of three visits or more need a distinct count for reach and pair cases: up to
    tally.BIT_GROUPS groups each case's groups as bits, past it by sorting. Both give pm4py's reach and
    the cases of each pair counted directly."""
    from journeymap.evidence.observe import run, tally
    from journeymap.rules.pipeline import validate_file

    if not bits:
        monkeypatch.setattr(tally, "BIT_GROUPS", 0)   # as on a map of many touchpoints
    rows = random_log(11, 300, longest=40)
    write_csv(tmp_path / "log.csv", rows)
    path = write("m.journey.yaml", shop_map("  - {file: log.csv, kind: events, case_column: case, "
                                             "activity_column: event, time_column: time}\n"))
    [log] = run.observe(validate_file(path).journey)
    flows = log.observation.flows
    assert {t: s.reach for t, s in flows.touchpoints.items()} == oracle(rows)["reach"]
    assert flows.pair_cases == pair_cases(rows)
    assert max(flows.pair_cases.values()) < max(flows.pairs.values())   # long cases take pairs more than once
