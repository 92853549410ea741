"""The embedded engine: DuckDB reads the log where it lies (CSV, gzip CSV, Parquet) and runs sql.py.

DuckDB streams the files and spills to a temporary folder past its memory limit, so a log larger
than memory works; nothing is read into Python row by row.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from journeymap.evidence.observe import sql, walk
from journeymap.evidence.observe.design import Design
from journeymap.evidence.observe.log import CSV, EventLog, check_columns, unreadable, untimed_problem

MEMORY_LIMIT = "1GB"


def run(log: EventLog, design: Design, progress=None, *, top: int = 10) -> dict[str, list[dict]]:
    """Every figure of sql.py's queries on one log: name -> rows (dicts). progress: a progress.Progress, or
    None; top: the variants kept per group."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="journeymap-duckdb-") as spill:
        # Past a task that peaked above 8 MB DuckDB hands its memory back, so the walk's arrays reuse it:
        # memory the process has not touched before costs more here than the arithmetic on it.
        con = duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT, "temp_directory": spill,
                                                 "allocator_flush_threshold": "8MB",
                                                 "allocator_bulk_deallocation_flush_threshold": "8MB"})
        try:
            personas = _prepare(con, log, design, progress)
            events = _sorted(con, log, personas, progress)
            # The events are counted, and the log checked for unreadable times, on DuckDB's threads
            # while the walk runs on this one (a log with such a time gives no figures: its walk is lost).
            con.execute("SET threads = 1")   # one core for each
            with ThreadPoolExecutor(1) as pool:
                counting = pool.submit(_count, con.cursor(), log)
                rows = walk.walk(events, design, personas, top)
                counted = counting.result()
            if any(untimed is not None for *_, untimed in counted):
                raise untimed_problem(log, *con.execute(sql.UNTIMED).fetchone())  # DuckDB's rows count from 1
        except duckdb.Error as exc:
            raise unreadable(log, exc) from None
        finally:
            con.close()
    rows["events"] = [{"activity": activity, "mapped": mapped, "without_case": without_case, "events": events}
                      for activity, mapped, without_case, events, _ in counted if events]
    return rows


# The work of one log, for the progress bar (measured at 10 M events: the sort and its fetch are most of it).
WORK = {"sorted": 6, "walk": 1}

# In the sort an unmapped event's time is the end of the time range, so a case's mapped events come first;
# the file and row as one number (a file holds fewer than 2^40 rows).
SORTED = """
SELECT l.case_key, CAST(COALESCE(c.touchpoint, -1) AS SMALLINT) AS touchpoint, COALESCE(l.ts, 0) AS ts{persona}
FROM journey_log l LEFT JOIN claims c ON l.activity = c.activity{personas}
WHERE l.case_key IS NOT NULL{since}
ORDER BY l.case_key, CASE WHEN c.touchpoint IS NULL THEN {END!r} ELSE l.ts END, l.file_no * 1099511627776 + l.row_no
"""

# Every event within the window counted once (as sql.EVENTS counts them), and where the first untimed or
# out-of-range row of the whole log is, in one read.
EVENTS = """
SELECT CASE WHEN c.touchpoint IS NULL THEN l.activity END AS activity, c.touchpoint IS NOT NULL AS mapped,
       l.case_key IS NULL AS without_case, COUNT(*) FILTER (WHERE {within}) AS events,
       MIN(l.file_no * 1099511627776 + l.row_no) FILTER (WHERE NOT (l.ts >= {EARLIEST!r} AND l.ts < {END!r})
                                                        OR l.ts IS NULL) AS untimed
FROM journey_log l LEFT JOIN claims c ON l.activity = c.activity
GROUP BY ALL
"""


def _prepare(con, log: EventLog, design: Design, progress) -> tuple[str, ...]:
    """The log as the view (or, for CSV, the table) journey_log, the claims, and the segments' persona
    numbers. Returns the personas by number."""
    if progress is not None:
        con.execute("SET enable_progress_bar = true")        # DuckDB tracks how far a query is ...
        con.execute("SET enable_progress_bar_print = false")  # ... and our bar shows it
    source = _source(log)
    types = {name: kind for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    check_columns(log, list(types))
    # The log is read twice: Parquet where it lies (only the columns each read asks for), a CSV file
    # parsed once into a table of the columns they read.
    kind = "TABLE" if log.format == CSV else "VIEW"
    con.execute(f"CREATE {kind} journey_log AS {log_view(log, source, types[log.time_column])}")
    personas = tuple(sorted(set(log.segments.values())))
    number = {persona: place for place, persona in enumerate(personas)}
    for table, columns, rows in (("claims", "activity VARCHAR, touchpoint SMALLINT", design.claims),
                                 ("segment_numbers", "segment VARCHAR, persona SMALLINT",
                                  sorted((segment, number[persona]) for segment, persona in log.segments.items()))):
        con.execute(f"CREATE TABLE {table} ({columns})")
        if rows:
            con.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
    return personas


def _within(log: EventLog) -> str:
    return "TRUE" if log.since_epoch is None else f"l.ts >= {float(log.since_epoch)!r}"


def _sorted(con, log: EventLog, personas: tuple[str, ...], progress) -> walk.Sorted:
    """The log's events with a case id, within its window, sorted for the walk."""
    if progress is not None:
        progress.at(0, sum(WORK.values()), lambda: con.query_progress() / 100, WORK["sorted"])
    columns = con.execute(SORTED.format(
        persona=", CAST(COALESCE(s.persona, -1) AS SMALLINT) AS persona" if personas else "",
        personas=" LEFT JOIN segment_numbers s ON l.segment = s.segment" if personas else "",
        since="" if log.since_epoch is None else f" AND {_within(log)}", END=sql.END)).fetchnumpy()
    if progress is not None:
        progress.at(WORK["sorted"], sum(WORK.values()))
    case_key = columns.pop("case_key")
    new_case = np.empty(len(case_key), dtype=bool)
    new_case[:1] = True
    np.not_equal(case_key[1:], case_key[:-1], out=new_case[1:])
    del case_key
    return walk.Sorted(new_case, columns["touchpoint"], columns["ts"], columns.get("persona"))


def _count(cursor, log: EventLog) -> list[tuple]:
    """EVENTS on its own cursor (the walk runs beside it)."""
    try:
        return cursor.execute(EVENTS.format(within=_within(log), EARLIEST=sql.EARLIEST, END=sql.END)).fetchall()
    finally:
        cursor.close()


def _source(log: EventLog) -> str:
    """A FROM clause for the log's rows with a `row_no` that follows the files' own order."""
    files = [str(p) for p in log.files]
    if log.format == CSV:
        [path] = files
        return (f"(SELECT *, 0 AS __file_no, row_number() OVER () AS __row_no FROM read_csv({_quote(path)}, "
                "header = true, sample_size = -1))")
    if len(files) == 1:
        return (f"(SELECT * EXCLUDE (file_row_number), 0 AS __file_no, file_row_number + 1 AS __row_no "
                f"FROM read_parquet({_quote(files[0])}, file_row_number = true))")
    listed = "[" + ", ".join(_quote(p) for p in files) + "]"
    order = " ".join(f"WHEN {_quote(p)} THEN {i}" for i, p in enumerate(files))
    return (f"(SELECT * EXCLUDE (filename, file_row_number), (CASE filename {order} END) AS __file_no, "
            f"file_row_number + 1 AS __row_no "
            f"FROM read_parquet({listed}, filename = true, file_row_number = true))")


def log_view(log: EventLog, source: str, time_type: str) -> str:
    """Every row of the log in the columns of sql.py's journey_log."""
    segment = f"CAST({_ident(log.segment_column)} AS VARCHAR)" if log.segment_column else "CAST(NULL AS VARCHAR)"
    case = _ident(log.case_column)
    # The case id hashed to 64 bits: sorting and grouping millions of cases by a number is cheaper than
    # by text. Two ids share a hash with odds of about n^2 / 2^65 (10^-6 for 5 M cases).
    return (f"SELECT CASE WHEN {case} IS NULL THEN NULL ELSE hash({case}) END AS case_key, "
            f"CAST({_ident(log.activity_column)} AS VARCHAR) AS activity, "
            f"{_time_expression(_ident(log.time_column), time_type)} AS ts, "
            f"CAST({_ident(log.time_column)} AS VARCHAR) AS raw_time, "
            f"{segment} AS segment, __file_no AS file_no, __row_no AS row_no FROM {source}")


NUMBERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
           "FLOAT", "DOUBLE", "DECIMAL")


def _time_expression(column: str, time_type: str) -> str:
    """Epoch seconds (DOUBLE) from a time column: a timestamp or date, epoch seconds or milliseconds
    (numbers above 10^11 are milliseconds: 10^11 s is the year 5138), or text holding either.
    Anything else (a boolean, say) is no time: NULL, reported as a data-error."""
    if time_type.startswith(("TIMESTAMP", "DATE")):
        return f"epoch({column})"
    number = f"TRY_CAST({column} AS DOUBLE)"
    as_epoch = f"(CASE WHEN abs({number}) > 1e11 THEN {number} / 1000.0 ELSE {number} END)"
    if time_type.startswith(("VARCHAR", "STRING")):
        return f"COALESCE({as_epoch}, epoch(TRY_CAST({column} AS TIMESTAMPTZ)))"
    if time_type.startswith(NUMBERS):
        return as_epoch
    return "CAST(NULL AS DOUBLE)"


def _rows(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
