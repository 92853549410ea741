"""The engine for logs beyond one machine: Apache Spark runs sql.py's text (the embedded engine computes the
same figures another way, walk.py; the tests hold the two to identical results).

Local mode by default (`local[*]`); `--spark-master URL` (or $JOURNEYMAP_SPARK_MASTER) points it
at a cluster, and $SPARK_REMOTE at a Spark Connect server. Install with `pip install
'journeymap[spark]'`; Spark needs Java 17 or newer.
"""

from __future__ import annotations

import os

from journeymap.evidence.observe import sql
from journeymap.evidence.observe.design import Design
from journeymap.evidence.observe.log import CSV, EventLog, check_columns, unreadable, untimed_problem

SETTINGS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.ansi.enabled": "true",
}
_master: str | None = None


def configure(master: str | None) -> None:
    """Where the session runs: a Spark master URL, or None for local mode (or $SPARK_REMOTE)."""
    global _master
    _master = master


def session():
    """One Spark session per process, made on first use (it takes seconds to start)."""
    import sys
    import warnings

    # PySpark warns on every run that pandas >= 3 is "not fully supported"; journeymap hands Spark no
    # pandas frame (its tables are made from Python rows), so the warning says nothing to its users.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    from pyspark.sql import SparkSession

    # Spark's Python workers run this interpreter (the virtualenv's), not whatever `python3` is first on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("journeymap")
    remote = os.environ.get("SPARK_REMOTE")
    if remote and not _master:
        builder = builder.remote(remote)
    else:
        builder = builder.master(_master or os.environ.get("JOURNEYMAP_SPARK_MASTER") or "local[*]")
        for key, value in SETTINGS.items():
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if not remote:
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def run(log: EventLog, design: Design, progress=None, *, top: int = 10) -> dict[str, list[dict]]:
    """Every query of sql.py on one log: name -> rows (dicts), as engine_duckdb.run gives them."""
    from pyspark.errors import PySparkException

    spark = session()
    try:
        return _run(spark, log, design, progress, top)
    except PySparkException as exc:
        raise unreadable(log, exc) from None


def _run(spark, log: EventLog, design: Design, progress, top: int) -> dict[str, list[dict]]:
    tables, queries = sql.statements("spark", design, by_segment=bool(log.segments), top=top)
    total = sql.work(tables, queries)
    within = _stage_progress(spark)

    def heavy(statement: str, done: float, weight: float = 1):
        if progress is not None:
            progress.at(done, total, within, weight)
        return spark.sql(statement)

    frame = _read(spark, log)
    check_columns(log, frame.columns)
    frame.createOrReplaceTempView("journey_source")
    spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW journey_log AS {_log_view(log)}")
    bad = heavy(sql.UNTIMED, 0).collect()
    if bad:
        file_no, row_no, raw, ts = bad[0]
        # Spark's row_no only grows with the file order: count the rows up to it for the row number.
        row = spark.sql(f"SELECT COUNT(*) FROM journey_log WHERE file_no = {int(file_no)} AND row_no <= {int(row_no)}")
        raise untimed_problem(log, file_no, row.collect()[0][0], raw, ts)
    _table(spark, "claims", "activity STRING, touchpoint INT", design.claims)
    _table(spark, "segment_personas", "segment STRING, persona STRING", sorted(log.segments.items()))
    spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW journey_events AS {sql.window(log.since_epoch, bool(log.segments))}")
    rows, done = {}, sql.WORK["untimed"]
    try:  # the session outlives this log: its cached tables must not
        for name, text, kept in tables:
            heavy(f"CACHE TABLE journey_{name} AS {text}" if kept else
                  f"CREATE OR REPLACE TEMPORARY VIEW journey_{name} AS {text}", done, sql.weight(name))
            done += sql.weight(name)
        for name, text in queries:
            rows[name] = [row.asDict() for row in heavy(text, done, sql.weight(name)).collect()]
            done += sql.weight(name)
        return rows
    finally:
        for name, *_ in reversed(tables):  # the later tables read the earlier ones
            spark.sql(f"UNCACHE TABLE IF EXISTS journey_{name}")
            spark.catalog.dropTempView(f"journey_{name}")


def _stage_progress(spark):
    """How far the running job's tasks are (0..1), from Spark's status tracker; None on Spark Connect."""
    try:
        tracker = spark.sparkContext.statusTracker()
    except Exception:  # Spark Connect has no SparkContext
        return None

    def within() -> float:
        stages = [tracker.getStageInfo(stage) for stage in tracker.getActiveStageIds()]
        tasks = sum(s.numTasks for s in stages if s)
        return sum(s.numCompletedTasks for s in stages if s) / tasks if tasks else 0.0
    return within


def _read(spark, log: EventLog):
    """The log's rows with `__file_no` (the file's place by name) and `__row_no` (growing with file order)."""
    from pyspark.sql import functions as F

    files = [str(p) for p in log.files]
    if log.format == CSV:
        frame = spark.read.option("header", True).option("multiLine", True).option("escape", '"').csv(files[0])
        frame = frame.withColumn("__file", F.lit(files[0]))
    else:
        frame = spark.read.parquet(*files).withColumn("__file", F.input_file_name())
    ranks = spark.createDataFrame([(f"file://{path}", i) for i, path in enumerate(files)] +
                                  [(path, i) for i, path in enumerate(files)], ("__file", "__file_no"))
    frame = frame.withColumn("__row_no", F.monotonically_increasing_id())
    return frame.join(F.broadcast(ranks), "__file", "left").drop("__file")


def _log_view(log: EventLog) -> str:
    ident = lambda name: "`" + name.replace("`", "``") + "`"
    segment = f"CAST({ident(log.segment_column)} AS STRING)" if log.segment_column else "CAST(NULL AS STRING)"
    case = ident(log.case_column)
    # The case id hashed to 64 bits, as engine_duckdb does (with Spark's hash: the keys only group and sort).
    return (f"SELECT CASE WHEN {case} IS NULL THEN NULL ELSE xxhash64({case}) END AS case_key, "
            f"CAST({ident(log.activity_column)} AS STRING) AS activity, "
            f"{_time_expression(ident(log.time_column))} AS ts, "
            f"CAST({ident(log.time_column)} AS STRING) AS raw_time, "
            f"{segment} AS segment, __file_no AS file_no, __row_no AS row_no FROM journey_source")


def _time_expression(column: str) -> str:
    """Epoch seconds, as engine_duckdb reads them: a timestamp or date, epoch seconds or milliseconds
    (above 10^11), or text holding either."""
    text = f"CAST({column} AS STRING)"
    number = f"TRY_CAST({text} AS DOUBLE)"
    as_epoch = f"(CASE WHEN abs({number}) > 1e11 THEN {number} / 1000.0 ELSE {number} END)"
    stamp = f"CAST(TRY_CAST({text} AS TIMESTAMP) AS DOUBLE)"
    return f"CAST(COALESCE({as_epoch}, {stamp}) AS DOUBLE)"


def _table(spark, name: str, schema: str, rows) -> None:
    spark.createDataFrame(list(rows), schema).createOrReplaceTempView(name)
