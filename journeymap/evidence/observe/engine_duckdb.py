"""The embedded engine: DuckDB reads the log where it lies (CSV, gzip CSV, Parquet), claims its events
and sorts them on every core; walk.py walks the sorted columns in NumPy.

DuckDB streams the files and its sort spills to a temporary folder past its memory limit; the
sorted events then come back as arrays, about 20 bytes per event (docs/observe.md). Nothing is
read into Python row by row.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from journeymap.evidence.observe import sql, visits, walk
from journeymap.evidence.observe.design import Design
from journeymap.evidence.observe.log import CSV, EventLog, check_columns, unreadable, untimed_problem

MEMORY_LIMIT = "1GB"


def run(log: EventLog, design: Design, progress=None, *, top: int = 10) -> dict[str, list[dict]]:
    """Every figure of sql.py's queries on one log: name -> rows (dicts), and `event_counts` (as
    result.event_counts gives them). progress: a progress.Progress, or None; top: the variants kept
    per group."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="journeymap-duckdb-") as spill:
        # Past a task that peaked above 8 MB DuckDB hands its memory back, so the walk's arrays reuse it:
        # memory the process has not touched before costs more here than the arithmetic on it.
        con = duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT, "temp_directory": spill,
                                                 "allocator_flush_threshold": "8MB",
                                                 "allocator_bulk_deallocation_flush_threshold": "8MB"})
        try:
            personas = _prepare(con, log, design, progress)
            events, counts = _sorted(con, log, personas, progress)
            # The unclaimed events are counted by name on DuckDB's threads while the walk runs on this one.
            con.execute("SET threads = 1")   # one core for DuckDB's count; the walk has its own threads
            with ThreadPoolExecutor(1) as pool:
                naming = pool.submit(_unmapped, con.cursor(), log)
                rows = walk.walk(events, design, personas, top)
                counts["unmapped"] = naming.result()
        except duckdb.Error as exc:
            raise unreadable(log, exc) from None
        finally:
            con.close()
    rows["event_counts"] = counts
    return rows


# The work of one log, for the progress bar (measured at 10 M events: the sort and its fetch are most of it).
WORK = {"sorted": 6, "walk": 1}

# Every event of the log, sorted for the walk: by case (the events without one last), then a case's mapped
# events (an unmapped event's time is the end of the time range), then time, then the file and row as one
# number (a file holds fewer than 2^40 rows). The touchpoint column says, besides the claiming touchpoint
# (0, 1, ...), UNMAPPED, or NO_CASE + MAPPED_NO_CASE / UNMAPPED_NO_CASE for the events without a case id.
UNMAPPED, MAPPED_NO_CASE, UNMAPPED_NO_CASE = -1, -2, -3
SORTED = """
SELECT COALESCE(l.case_key, 0) AS case_key,
       CAST(CASE WHEN l.case_key IS NULL THEN CASE WHEN c.touchpoint IS NULL THEN {UNMAPPED_NO_CASE} ELSE {MAPPED_NO_CASE} END
                 ELSE COALESCE(c.touchpoint, {UNMAPPED}) END AS SMALLINT) AS touchpoint,
       COALESCE(l.ts, CAST('NaN' AS DOUBLE)) AS ts{persona}
FROM journey_log l LEFT JOIN claims c ON l.activity = c.activity{personas}
ORDER BY l.case_key NULLS LAST, CASE WHEN c.touchpoint IS NULL THEN {END!r} ELSE l.ts END,
         l.file_no * 1099511627776 + l.row_no
"""

# The events no touchpoint claims, by name, within the window.
UNMAPPED_NAMES = """
SELECT l.activity, COUNT(*) FROM journey_log l ANTI JOIN claims c ON l.activity = c.activity
WHERE l.activity IS NOT NULL{since} GROUP BY l.activity
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


def _sorted(con, log: EventLog, personas: tuple[str, ...], progress) -> tuple[visits.Sorted, dict]:
    """The log's events with a case id, within its window, sorted for the walk; and the events counted
    (but by name). A log with a time that cannot be read or lies out of range is refused here."""
    if progress is not None:
        progress.at(0, sum(WORK.values()), lambda: con.query_progress() / 100, WORK["sorted"])
    columns = con.execute(SORTED.format(
        persona=", CAST(COALESCE(s.persona, -1) AS SMALLINT) AS persona" if personas else "",
        personas=" LEFT JOIN segment_numbers s ON l.segment = s.segment" if personas else "",
        END=sql.END, UNMAPPED=UNMAPPED, MAPPED_NO_CASE=MAPPED_NO_CASE, UNMAPPED_NO_CASE=UNMAPPED_NO_CASE)).fetchnumpy()
    if progress is not None:
        progress.at(WORK["sorted"], sum(WORK.values()))
    ts = columns["ts"]
    if not np.all((ts >= sql.EARLIEST) & (ts < sql.END)):   # NaN (no time) fails both
        raise untimed_problem(log, *con.execute(sql.UNTIMED).fetchone())  # DuckDB's rows count from 1
    if log.since_epoch is not None:
        within = ts >= log.since_epoch
        columns = {name: column[within] for name, column in columns.items()}
    touchpoint = columns["touchpoint"]
    without_case = int(np.searchsorted(touchpoint[::-1] > MAPPED_NO_CASE, True))   # they are last
    with_case = len(touchpoint) - without_case
    mapped_without_case = int(np.count_nonzero(touchpoint[with_case:] == MAPPED_NO_CASE))
    counts = {"events": len(touchpoint), "mapped": int(np.count_nonzero(touchpoint >= 0)) + mapped_without_case,
              "without_case": without_case}
    case_key = columns.pop("case_key")[:with_case]
    new_case = np.empty(len(case_key), dtype=bool)
    new_case[:1] = True
    np.not_equal(case_key[1:], case_key[:-1], out=new_case[1:])
    del case_key
    persona = columns.get("persona")
    return visits.Sorted(new_case, touchpoint[:with_case], columns["ts"][:with_case],
                       None if persona is None else persona[:with_case]), counts


def _unmapped(cursor, log: EventLog) -> dict[str, int]:
    """UNMAPPED_NAMES on its own cursor (the walk runs beside it)."""
    since = "" if log.since_epoch is None else f" AND l.ts >= {float(log.since_epoch)!r}"
    try:
        return {name: int(count) for name, count in cursor.execute(UNMAPPED_NAMES.format(since=since)).fetchall()}
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


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
