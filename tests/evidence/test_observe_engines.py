"""DuckDB (sort, then the NumPy walk) and Spark (local mode, sql.py's text): on the same logs, the same figures."""

from __future__ import annotations

import pytest

from support.random_logs import LOGS, random_log, shop_map, write_csv
from support.spark import spark_ready  # noqa: F401  (a fixture)


def both_engines(write, tmp_path, rows, *, extra: str = "", segments: bool = False):
    from journeymap.evidence.observe.run import observe
    from journeymap.rules.pipeline import validate_file

    if segments:
        rows = [(case, event, time, "vip" if int(case[-1], 36) % 3 == 0 else "new") for case, event, time in rows]
        lines = ["case,event,time,tier"] + [f"{c},{e},{t.isoformat()},{s}" for c, e, t, s in rows]
        (tmp_path / "log.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        extra += ", segment_column: tier, segments: {vip: lea}"
    else:
        write_csv(tmp_path / "log.csv", rows)
    path = write("m.journey.yaml", shop_map("  - {file: log.csv, kind: events, case_column: case, "
                                             f"activity_column: event, time_column: time{extra}}}\n"))
    journey = validate_file(path).journey
    [duck], [spark] = observe(journey, "duckdb"), observe(journey, "spark")
    assert duck.problems == spark.problems == []
    return duck.observation, spark.observation


def figures(observation):
    return (observation.events, observation.cases, observation.mapped_events, observation.events_without_case,
            observation.unmapped, observation.flows, observation.personas)


def test_duckdb_and_spark_agree_on_every_shape_of_log(write, tmp_path, spark_ready):
    """Every test log (random, ties decided by file order, repeats, short, long) as one file, each log's
    cases apart: one Spark run checks them all. (test_observe_walk holds DuckDB to sql.py's text on
    each log alone.)"""
    rows = [(f"{name}-{case}", event, time) for name in sorted(LOGS) for case, event, time in LOGS[name]()]
    duck, spark = both_engines(write, tmp_path, rows)
    assert figures(duck) == figures(spark)
    assert duck.flows.paths.cases > 400 and duck.unmapped


@pytest.fixture
def fifty_variants():
    from journeymap.evidence.observe import run

    run.keep_variants(50)
    yield
    run.keep_variants(run.DEFAULT_VARIANTS)


def test_they_agree_per_persona_in_a_window_variants_conformance_intervals_and_times_included(
        write, tmp_path, spark_ready, fifty_variants):
    """The whole of `observe --format json`, per persona too, from each engine: one text."""
    from journeymap.render.observations import observed_maps, render_json
    from journeymap.rules.pipeline import validate_file
    from journeymap.evidence.observe.run import observe

    duck, spark = both_engines(write, tmp_path, random_log(11, 300), extra=", since: 2026-11-03", segments=True)
    assert figures(duck) == figures(spark)
    assert duck.personas and duck.events < 300 * 6.5   # the window dropped events
    journey = validate_file(tmp_path / "m.journey.yaml").journey
    [log] = observe(journey, "duckdb")
    as_json = lambda observation: render_json(observed_maps(
        [("m", journey, [type(log)(log.index, observation)], None)], variants=50))
    assert as_json(duck) == as_json(spark)
    paths = duck.flows.paths
    assert len(paths.variants) == 50 and 0 < paths.conforming < paths.cases
    assert duck.personas["lea"].paths.variants and duck.personas["lea"].pair_cases


def test_spark_drives_the_progress_bar_from_its_task_counts(write, tmp_path, spark_ready, monkeypatch, capsys):
    import re

    from journeymap.evidence.observe.run import observe
    from journeymap.rules.pipeline import validate_file

    write_csv(tmp_path / "log.csv", random_log(7, 200))
    path = write("m.journey.yaml", shop_map("  - {file: log.csv, kind: events, case_column: case, "
                                             "activity_column: event, time_column: time}\n"))
    journey = validate_file(path).journey   # DuckDB, for the rules
    monkeypatch.setenv("JOURNEYMAP_PROGRESS", "always")
    monkeypatch.setenv("JOURNEYMAP_PROGRESS_AFTER", "0")
    capsys.readouterr()
    [log] = observe(journey, "spark")
    assert log.problems == []
    bars = [int(p) for p in re.findall(r"observing log\.csv ▕[█░]+▏ +(\d+) %", capsys.readouterr().err)]
    assert bars and bars == sorted(bars)        # drawn, and never backwards
    assert len(set(bars)) > 3                   # it moves while Spark works


# Times that are no time (issue 25, item 3), in the kinds of file a log comes in: each engine stops at the same row.
BAD_TIMES = {
    "csv-nan": ("log.csv", "nan"),
    "csv-1e300": ("log.csv", "1e300"),
    "csv-huge-integer": ("log.csv", "99999999999999999999"),
    "gzip-csv-year-9999": ("log.csv.gz", "9999-01-01T00:00:00Z"),
    "parquet-decimal-1e30": ("log.parquet", "'1000000000000000000000000000000' DECIMAL(38,0)"),
    "parquet-double-nan": ("log.parquet", "'nan' DOUBLE"),
    "parquet-double-infinity": ("log.parquet", "'inf' DOUBLE"),
}


def write_bad_log(folder, name: str, bad: str) -> None:
    import gzip

    import duckdb

    if name.endswith(".parquet"):
        value, kind = bad.split(" ")   # the value and the column's Parquet type
        duckdb.sql(f"COPY (SELECT * FROM (VALUES ('s1', 'cart_viewed', CAST(1793606400 AS {kind})), "
                   f"('s1', 'checkout_started', CAST({value} AS {kind})), "
                   f"('s2', 'cart_viewed', CAST(1793606460 AS {kind}))) "
                   f"AS t(case_id, event, time)) TO '{folder / name}' (FORMAT parquet)")
        return
    text = f"case,event,time\ns1,cart_viewed,2026-11-02T08:00:00Z\ns1,checkout_started,{bad}\ns2,cart_viewed,1793606460\n"
    if name.endswith(".gz"):
        (folder / name).write_bytes(gzip.compress(text.encode()))
    else:
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", sorted(BAD_TIMES))
def test_both_engines_stop_at_a_time_that_is_no_time(case, write, tmp_path, spark_ready):
    from journeymap.evidence.observe.run import observe
    from journeymap.rules.pipeline import validate_file

    name, bad = BAD_TIMES[case]
    write_bad_log(tmp_path, name, bad)
    columns = "" if name.endswith(".parquet") else "case_column: case, "
    path = write("m.journey.yaml", shop_map(f"  - {{file: {name}, kind: events, {columns}"
                                             "activity_column: event, time_column: time}\n"))
    journey = validate_file(path).journey
    [duck], [spark] = observe(journey, "duckdb"), observe(journey, "spark")
    assert duck.observation is None and spark.observation is None
    [duck_error], [spark_error] = duck.problems, spark.problems
    assert duck_error.rule == spark_error.rule == "data-error"
    assert (duck_error.line, duck_error.column) == (spark_error.line, spark_error.column)
    assert f"{name}': row 2: time '" in duck_error.message
    # The same words; only the engines' spelling of a Parquet NaN or infinity differs ('nan' / 'NaN').
    assert duck_error.message.lower().replace("infinity", "inf") == spark_error.message.lower().replace("infinity", "inf")
