"""Times that are no time: NaN, infinity, and numbers or dates outside the years 1900-2200 are a `data-error` at
the row, in every kind of log (CSV, gzip CSV, Parquet), never a median of 5e+296 s or NaN (issue 25, item 3)."""

from __future__ import annotations

import gzip

import pytest

from support.checkout_log import FILE_LINE, SHOP

GOOD = "session,event,ts\ns1,cart_viewed,2026-11-02T08:00:00\n"


def data_error(validate, tmp_path) -> str:
    """The one data-error, at the map line of `time_column`, the column of its value."""
    run = validate("m.journey.yaml")
    assert run.code == 1
    [line] = [line for line in run.lines if "[data-error]" in line]
    data_line = (tmp_path / "m.journey.yaml").read_text(encoding="utf-8").splitlines()[FILE_LINE - 1]
    assert line.startswith(f"m.journey.yaml:{FILE_LINE}:{data_line.index('time_column: ts') + 14}: error: ")
    return line


def csv_log(time: str) -> str:
    return GOOD + f"s1,checkout_started,{time}\ns2,cart_viewed,1793606460\n"


UNREADABLE = ["nan", "NaN", "inf", "-Infinity"]
OUT_OF_RANGE = ["1e300", "-1e300", "99999999999999999999", "1e20", "1800-01-01", "9999-01-01T00:00:00Z",
                "2201-01-01T00:00:00Z", "-2208988801"]


@pytest.mark.parametrize("time", UNREADABLE)
def test_a_time_that_is_not_a_number_of_seconds_is_a_data_error(validate, write, tmp_path, monkeypatch, time):
    monkeypatch.chdir(tmp_path)
    write("log.csv", csv_log(time))
    write("m.journey.yaml", SHOP)
    assert f"row 2: time '{time}' in column 'ts' is neither ISO 8601" in data_error(validate, tmp_path)


@pytest.mark.parametrize("time", OUT_OF_RANGE)
def test_a_time_outside_the_years_1900_to_2200_is_a_data_error(validate, write, tmp_path, monkeypatch, time):
    monkeypatch.chdir(tmp_path)
    write("log.csv", csv_log(time))
    write("m.journey.yaml", SHOP)
    line = data_error(validate, tmp_path)
    assert "event log 'log.csv': row 2: time '" in line
    assert "in column 'ts' is not between the years 1900 and 2200" in line


@pytest.mark.parametrize("time", ["1900-01-01T00:00:00Z", "2200-12-31T23:59:59Z", "-2208988800", "7289654399"])
def test_the_first_and_last_moments_of_the_range_are_read(jm, write, tmp_path, monkeypatch, time):
    monkeypatch.chdir(tmp_path)
    write("log.csv", csv_log(time))
    write("m.journey.yaml", SHOP)
    assert jm("observe", "m.journey.yaml").code == 0


def test_a_gzip_csv_log(validate, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.csv.gz").write_bytes(gzip.compress(csv_log("1e300").encode()))
    write("m.journey.yaml", SHOP.replace("file: log.csv", "file: log.csv.gz"))
    assert "event log 'log.csv.gz': row 2: time '1e300' in column 'ts' is not between" in data_error(validate, tmp_path)


# Parquet columns as a warehouse writes them: the time in the column's own type, the bad row second.
PARQUET = {
    "decimal": ("DECIMAL(38,0)", "'1000000000000000000000000000000'", "not between the years 1900 and 2200"),
    "double-nan": ("DOUBLE", "'nan'", "is neither ISO 8601"),
    "double-infinity": ("DOUBLE", "'-inf'", "is neither ISO 8601"),
    "huge-bigint": ("BIGINT", "9000000000000000000", "not between the years 1900 and 2200"),
    "timestamp-year-1800": ("TIMESTAMP", "'1800-01-01 00:00:00'", "not between the years 1900 and 2200"),
}


def write_parquet(path, kind: str, bad: str) -> None:
    import duckdb

    good = "'2026-11-02 08:00:00'" if kind == "TIMESTAMP" else "1793606400"
    duckdb.sql(f"COPY (SELECT * FROM (VALUES ('s1', 'cart_viewed', CAST({good} AS {kind})), "
               f"('s1', 'checkout_started', CAST({bad} AS {kind}))) AS t(session, event, ts)) "
               f"TO '{path}' (FORMAT parquet)")


@pytest.mark.parametrize("name", sorted(PARQUET))
def test_a_parquet_log(validate, write, tmp_path, monkeypatch, name):
    kind, bad, said = PARQUET[name]
    monkeypatch.chdir(tmp_path)
    write_parquet(tmp_path / "log.parquet", kind, bad)
    write("m.journey.yaml", SHOP.replace("file: log.csv", "file: log.parquet"))
    line = data_error(validate, tmp_path)
    assert "event log 'log.parquet': row 2: time '" in line and said in line


def test_observe_json_gives_no_figure_for_such_a_log(jm, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("log.csv", csv_log("nan"))
    write("m.journey.yaml", SHOP)
    run = jm("observe", "m.journey.yaml", "--format", "json")
    assert run.code == 1 and "NaN" not in run.out
