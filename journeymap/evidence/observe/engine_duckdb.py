"""The embedded engine: DuckDB reads the log where it lies (CSV, gzip CSV, Parquet) and runs sql.py.

DuckDB streams the files and spills to a temporary folder past its memory limit, so a log larger
than memory works; nothing is read into Python row by row.
"""

from __future__ import annotations

import tempfile

from journeymap.evidence.observe import sql
from journeymap.evidence.observe.design import Design
from journeymap.evidence.observe.log import CSV, EventLog, check_columns, unreadable, untimed_problem

_MATERIALIZED = {True: "MATERIALIZED", False: "NOT MATERIALIZED"}  # a kept table streams into all its readers

MEMORY_LIMIT = "1GB"


def run(log: EventLog, design: Design, progress=None, *, top: int = 10) -> dict[str, list[dict]]:
    """Every query of sql.py on one log: name -> rows (dicts). progress: a progress.Progress, or None;
    top: the variants kept per group."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="journeymap-duckdb-") as spill:
        # preserve_insertion_order: the ordered pass (sql.py) walks the rows of one ORDER BY in that order.
        con = duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT, "temp_directory": spill,
                                                 "preserve_insertion_order": True})
        try:
            return _run(con, log, design, progress, top)
        except duckdb.Error as exc:
            raise unreadable(log, exc) from None
        finally:
            con.close()


def _run(con, log: EventLog, design: Design, progress, top: int) -> dict[str, list[dict]]:
    tables, queries = sql.statements("duckdb", design, by_segment=bool(log.segments), top=top)
    total = sql.work(tables, queries)

    def heavy(statement: str, done: float, weight: float = 1):
        if progress is not None:
            progress.at(done, total, lambda: con.query_progress() / 100, weight)
        return con.execute(statement)

    if progress is not None:
        con.execute("SET enable_progress_bar = true")        # DuckDB tracks how far a query is ...
        con.execute("SET enable_progress_bar_print = false")  # ... and our bar shows it
    source = _source(log)
    types = {name: kind for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    check_columns(log, list(types))
    # The statements read the log more than once: Parquet where it lies (only the columns they ask
    # for), a CSV file parsed once into a table of the columns they read.
    kind = "TABLE" if log.format == CSV else "VIEW"
    heavy(f"CREATE TEMPORARY {kind} journey_log AS {log_view(log, source, types[log.time_column])}", 0)
    bad = heavy(sql.UNTIMED, 0).fetchone()
    if bad is not None:
        raise untimed_problem(log, *bad)  # DuckDB's row numbers count from 1 in each file
    for table, columns, rows in (("claims", "activity VARCHAR, touchpoint INTEGER", design.claims),
                                 ("segment_personas", "segment VARCHAR, persona VARCHAR", sorted(log.segments.items()))):
        con.execute(f"CREATE TEMPORARY TABLE {table} ({columns})")
        if rows:
            con.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
    con.execute(f"CREATE TEMPORARY VIEW journey_events AS {sql.window(log.since_epoch, bool(log.segments))}")
    # One statement: its tables are common table expressions (a kept one streams into all its readers,
    # the others are read where they are named), so nothing is written as a table (DuckDB compresses
    # what it writes, and spills it past the memory limit); the queries' rows come back as one list,
    # told apart by `part`.
    common = ", ".join(f"journey_{name} AS {_MATERIALIZED[kept]} ({text})" for name, text, kept in tables)
    parts = " UNION ALL BY NAME ".join(f"SELECT '{name}' AS part, * FROM ({text}) AS {name}" for name, text in queries)
    rows: dict[str, list[dict]] = {name: [] for name, _ in queries}
    for row in _rows(heavy(f"WITH {common} {parts}", sql.WORK["untimed"], total - sql.WORK["untimed"])):
        rows[row.pop("part")].append(row)
    return rows


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
