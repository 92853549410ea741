"""The observed-journey computation, written once as SQL that DuckDB and Spark SQL both run.

Each engine prepares these views and tables, then runs the statements below unchanged:

- `journey_log(case_id STRING, activity STRING, ts DOUBLE, raw_time STRING, segment STRING,
  file_no BIGINT, row_no BIGINT)`: one row per event of the log, `ts` in epoch seconds (NULL
  where the time cannot be read); `file_no` the file's place among the log's files (by name) and
  `row_no` a number that grows with the row's place in its file;
- `claims(activity STRING, touchpoint STRING)`: which event names mean which touchpoint;
- `segment_personas(segment STRING, persona STRING)`: the log's `segments` (value -> persona id).

User text (event names, segment values) reaches the engines only as table rows, never inside
SQL text: the two dialects escape string literals differently.

The only word the two dialects spell differently is the exact percentile function
(`QUANTILE` below: DuckDB's `quantile_cont`, Spark's `percentile`, both linear interpolation).

Definitions (docs/observe.md): a case's events are ordered by time, then by row order (ties in
time keep the order of the file, as pm4py's stable sort does). Events no touchpoint claims are
left out of the journey and counted. Consecutive events of one touchpoint are one visit. A
directly-follows pair is two consecutive visits of one case; a visit with no next is a drop-off.
"""

from __future__ import annotations

DIALECTS = {"duckdb": {"QUANTILE": "quantile_cont"}, "spark": {"QUANTILE": "percentile"}}

# The times a log may hold, in epoch seconds: from 1900-01-01 up to the end of 2200 (UTC). A time
# outside them is a unit mistake or a stray number (1e300, nanoseconds), and NaN or infinity is no
# time at all: either would turn every median into nonsense (5e+296 s, NaN).
EARLIEST, END = -2208988800.0, 7289654400.0
FIRST_YEAR, LAST_YEAR = 1900, 2200

# The first row whose time could not be read or is out of range (journey_log: every row, before the
# `since` window). NaN fails the range in both engines: each sorts NaN above every other number.
UNTIMED = ("SELECT file_no, row_no, raw_time, ts FROM journey_log "
           f"WHERE ts IS NULL OR NOT (ts >= {EARLIEST!r} AND ts < {END!r}) ORDER BY file_no, row_no LIMIT 1")


def window(since_epoch: float | None) -> str:
    """journey_events: the rows of journey_log within the log's `since` window, segments as personas."""
    where = f" WHERE l.ts >= {float(since_epoch)!r}" if since_epoch is not None else ""
    return ("SELECT l.case_id, l.activity, l.ts, s.persona AS segment, l.file_no, l.row_no "
            f"FROM journey_log l LEFT JOIN segment_personas s ON l.segment = s.segment{where}")


# journey_visits: one row per visit with its next touchpoint. Both engines keep it (a temporary
# table in DuckDB, a cached table in Spark): the per-touchpoint and per-pair queries read it, and
# ordering every case's events is the one expensive step.
VISITS = """
WITH mapped AS (
    SELECT e.case_id, e.segment, c.touchpoint, e.ts, e.file_no, e.row_no
    FROM journey_events e JOIN claims c ON e.activity = c.activity
    WHERE e.case_id IS NOT NULL
), ordered AS (
    SELECT case_id, segment, touchpoint, ts, file_no, row_no,
           LAG(touchpoint) OVER (PARTITION BY case_id ORDER BY ts, file_no, row_no) AS previous
    FROM mapped
), visits AS (
    SELECT case_id, segment, touchpoint, ts, file_no, row_no FROM ordered
    WHERE previous IS NULL OR previous <> touchpoint
)
SELECT case_id, segment, touchpoint, ts,
       LEAD(touchpoint) OVER (PARTITION BY case_id ORDER BY ts, file_no, row_no) AS next_touchpoint,
       LEAD(ts) OVER (PARTITION BY case_id ORDER BY ts, file_no, row_no) - ts AS seconds_to_next,
       ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY ts, file_no, row_no) AS visit_no
FROM visits
"""

TOTALS = """
SELECT COUNT(*) AS events,
       COUNT(DISTINCT e.case_id) AS cases,
       SUM(CASE WHEN c.touchpoint IS NULL THEN 0 ELSE 1 END) AS mapped_events,
       SUM(CASE WHEN e.case_id IS NULL THEN 1 ELSE 0 END) AS events_without_case
FROM journey_events e LEFT JOIN claims c ON e.activity = c.activity
"""

UNMAPPED = """
SELECT e.activity AS activity, COUNT(*) AS events
FROM journey_events e LEFT JOIN claims c ON e.activity = c.activity
WHERE c.touchpoint IS NULL
GROUP BY e.activity
ORDER BY events DESC, activity
"""

# Per touchpoint, overall (segment NULL) and per segment.
TOUCHPOINTS = """
SELECT {group} AS segment, touchpoint,
       COUNT(DISTINCT case_id) AS reach,
       COUNT(*) AS visits,
       SUM(CASE WHEN visit_no = 1 THEN 1 ELSE 0 END) AS starts,
       SUM(CASE WHEN next_touchpoint IS NULL THEN 1 ELSE 0 END) AS dropoffs,
       {QUANTILE}(seconds_to_next, 0.5) AS median_seconds_to_next,
       {QUANTILE}(seconds_to_next, 0.9) AS p90_seconds_to_next
FROM journey_visits
GROUP BY {group_by}touchpoint
"""

PAIRS = """
SELECT {group} AS segment, touchpoint, next_touchpoint, COUNT(*) AS transitions
FROM journey_visits
WHERE next_touchpoint IS NOT NULL
GROUP BY {group_by}touchpoint, next_touchpoint
"""


def statements(dialect: str, *, by_segment: bool) -> dict[str, str]:
    """The queries for one engine: name -> SQL (the per-segment ones only when the log has segments)."""
    words = DIALECTS[dialect]
    overall = {"group": "CAST(NULL AS STRING)", "group_by": ""}
    queries = {"totals": TOTALS, "unmapped": UNMAPPED,
               "touchpoints": TOUCHPOINTS.format(**overall, **words), "pairs": PAIRS.format(**overall, **words)}
    if by_segment:
        segmented = {"group": "segment", "group_by": "segment, "}
        queries["segment_touchpoints"] = TOUCHPOINTS.format(**segmented, **words)
        queries["segment_pairs"] = PAIRS.format(**segmented, **words)
    return queries


# How much of the work each statement is, for the progress bar (measured on 10 M events with DuckDB:
# ordering the visits is two thirds of the time, the flows most of the rest).
WORK = {"untimed": 1, "visits": 12, "totals": 1, "unmapped": 0.5, "touchpoints": 2, "pairs": 4,
        "segment_touchpoints": 2, "segment_pairs": 4}


def work(queries: dict[str, str]) -> float:
    """All the work of one log: the check for untimed rows, the visits, then the queries."""
    return WORK["untimed"] + WORK["visits"] + sum(WORK[name] for name in queries)


def work_before(queries: dict[str, str], name: str) -> tuple[float, float]:
    """(work done before query `name`, its own work)."""
    names = list(queries)
    return WORK["untimed"] + WORK["visits"] + sum(WORK[n] for n in names[:names.index(name)]), WORK[name]
