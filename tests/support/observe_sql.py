"""sql.py's text run in DuckDB: a third opinion beside walk.py (the embedded engine) and Spark.

Spark runs that text on a cluster; here DuckDB runs it in a second, fast to start, so every test log
can hold walk.py and the SQL to the same figures without a JVM.
"""

from __future__ import annotations

import tempfile

from journeymap.evidence.observe import engine_duckdb, sql
from journeymap.evidence.observe.design import Design
from journeymap.evidence.observe.log import EventLog, untimed_problem


def run_sql(log: EventLog, design: Design, *, top: int = 10) -> dict[str, list[dict]]:
    """Every query of sql.py on one log, in DuckDB: name -> rows, as the engines give them."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="journeymap-sql-") as spill:
        # preserve_insertion_order: the ordered pass walks the rows of one ORDER BY in that order.
        con = duckdb.connect(":memory:", config={"temp_directory": spill, "preserve_insertion_order": True})
        try:
            engine_duckdb._prepare(con, log, design, None)
            bad = con.execute(sql.UNTIMED).fetchone()
            if bad is not None:
                raise untimed_problem(log, *bad)
            con.execute("CREATE TABLE segment_personas (segment VARCHAR, persona VARCHAR)")
            if log.segments:
                con.executemany("INSERT INTO segment_personas VALUES (?, ?)", sorted(log.segments.items()))
            con.execute(f"CREATE VIEW journey_events AS {sql.window(log.since_epoch, bool(log.segments))}")
            tables, queries = sql.statements("duckdb", design, by_segment=bool(log.segments), top=top)
            kept = {True: "MATERIALIZED", False: "NOT MATERIALIZED"}
            common = ", ".join(f"journey_{name} AS {kept[keep]} ({text})" for name, text, keep in tables)
            parts = " UNION ALL BY NAME ".join(f"SELECT '{name}' AS part, * FROM ({text}) AS {name}"
                                               for name, text in queries)
            cursor = con.execute(f"WITH {common} {parts}")
            names = [d[0] for d in cursor.description]
            rows: dict[str, list[dict]] = {name: [] for name, _ in queries}
            for values in cursor.fetchall():
                row = dict(zip(names, values))
                rows[row.pop("part")].append(row)
            return rows
        finally:
            con.close()
