"""The observed-journey computation, written once as SQL that DuckDB and Spark SQL both run.

Each engine prepares these views and tables, then runs the statements below:

- `journey_log(case_key BIGINT, activity STRING, ts DOUBLE, raw_time STRING, segment STRING,
  file_no BIGINT, row_no BIGINT)`: one row per event of the log; `case_key` the case id hashed to
  64 bits (NULL where the event has no case id), `ts` in epoch seconds (NULL where the time cannot
  be read); `file_no` the file's place among the log's files (by name) and `row_no` a number that
  grows with the row's place in its file;
- `claims(activity STRING, touchpoint INT)`: which event names mean which touchpoint (its number,
  design.py);
- `segment_personas(segment STRING, persona STRING)`: the log's `segments` (value -> persona id).

User text (event names, segment values) reaches the engines only as table rows, never inside
SQL text: the two dialects escape string literals differently. Touchpoint numbers (the map's
entries, ends and designed flows) are integers, written into the text.

The dialects differ in two places (DIALECTS): the exact percentile function (`QUANTILE`: DuckDB's
`quantile_cont`, Spark's `percentile`, both linear interpolation), and how the one ordered pass
walks each case's events. Spark windows each case (`PARTITION BY case_key ORDER BY ...`), and
every window of the pass shares that one sort. DuckDB sorts every event once (`ORDER BY case_key,
...`) and walks the sorted rows in streaming windows (`OVER ()`, in the order of the rows: DuckDB
keeps the order of an ORDER BY through SELECT, WHERE and windows without PARTITION BY or ORDER
BY, with `preserve_insertion_order`, docs/sql/dialect/order_preservation); its partitioned
windows would sort again for each level of the pass. The text guards every look at a neighbour
with `LAG(case_key) = case_key`, so it means the same in both.

Definitions (docs/observe.md): a case's events are ordered by time, then by row order (ties in
time keep the order of the file, as pm4py's stable sort does). Events no touchpoint claims are
left out of the journey and counted. Consecutive events of one touchpoint are one visit. A
directly-follows pair is two consecutive visits of one case; a visit with no next is a drop-off.
A case's variant is its visits' touchpoints in order; it conforms when it starts at an entry
and every pair it takes is a designed `next`; it reaches an outcome when it visits an end.
"""

from __future__ import annotations

from journeymap.evidence.observe.design import PLACE, Design

# The order of a case's events: mapped events first (so the neighbours of a mapped event are mapped
# events), by time, then by the order of the files and rows.
_CASE_ORDER = "touchpoint IS NULL, ts, file_no, row_no"
DIALECTS = {
    "duckdb": {"QUANTILE": "quantile_cont", "IN_CASE_ORDER": f" ORDER BY case_key, {_CASE_ORDER}",
               "STEP": "()", "SO_FAR": "(ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"},
    "spark": {"QUANTILE": "percentile", "IN_CASE_ORDER": "",
              "STEP": f"(PARTITION BY case_key ORDER BY {_CASE_ORDER})",
              "SO_FAR": f"(PARTITION BY case_key ORDER BY {_CASE_ORDER} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"},
}

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
    return ("SELECT l.case_key, l.activity, l.ts, s.persona AS segment, l.file_no, l.row_no "
            f"FROM journey_log l LEFT JOIN segment_personas s ON l.segment = s.segment{where}")


# Every event counted once: by whether a touchpoint claims it (the name where none does) and whether it
# has a case id.
EVENTS = """
SELECT CASE WHEN c.touchpoint IS NULL THEN e.activity END AS activity,
       c.touchpoint IS NOT NULL AS mapped, e.case_key IS NULL AS without_case, COUNT(*) AS events
FROM journey_events e LEFT JOIN claims c ON e.activity = c.activity
GROUP BY CASE WHEN c.touchpoint IS NULL THEN e.activity END, c.touchpoint IS NOT NULL, e.case_key IS NULL
"""

# journey_visits: the one ordered pass. A row per visit, written at its last event: the visit's
# touchpoint, its number in the case, when it began, the next visit's touchpoint and the seconds from
# the visit's first event to the next visit's first event; plus a row (touchpoint NULL) for each
# case none of whose events a touchpoint claims, so that every case is counted. Level by level:
# the neighbours of each event; which events begin a visit; when the running visit began and its
# segment (a visit counts for the persona of its first event); the visit's number in its case (in
# DuckDB's one sorted stream the running counts run over all cases: each case subtracts the count
# before its first event, which only grows, so its running maximum is the current case's).
VISITS = """
WITH coded AS (
    SELECT e.case_key, COALESCE(e.segment, '') AS segment, c.touchpoint, e.ts, e.file_no, e.row_no
    FROM journey_events e LEFT JOIN claims c ON e.activity = c.activity
    WHERE e.case_key IS NOT NULL{IN_CASE_ORDER}
), neighbours AS (
    SELECT case_key, segment, touchpoint, ts, file_no, row_no,
           ROW_NUMBER() OVER {STEP} AS position,
           LAG(case_key) OVER {STEP} IS DISTINCT FROM case_key AS case_start,
           CASE WHEN LAG(case_key) OVER {STEP} = case_key THEN LAG(touchpoint) OVER {STEP} END AS previous,
           CASE WHEN LEAD(case_key) OVER {STEP} = case_key THEN LEAD(touchpoint) OVER {STEP} END AS next_touchpoint,
           CASE WHEN LEAD(case_key) OVER {STEP} = case_key THEN LEAD(ts) OVER {STEP} END AS next_ts
    FROM coded
), starts AS (
    SELECT *, touchpoint IS NOT NULL AND (previous IS NULL OR previous <> touchpoint) AS visit_start
    FROM neighbours
), runs AS (
    SELECT *,
           COUNT(CASE WHEN visit_start THEN 1 END) OVER {SO_FAR} AS visits_so_far,
           max_by(ts, CASE WHEN visit_start THEN position END) OVER {SO_FAR} AS visit_ts,
           {visit_segment} AS visit_segment
    FROM starts
), numbered AS (
    SELECT *,
           visits_so_far - MAX(CASE WHEN case_start THEN visits_so_far - CASE WHEN visit_start THEN 1 ELSE 0 END END)
                               OVER {SO_FAR} AS visit_no
    FROM runs
)
SELECT case_key, NULLIF(visit_segment, '') AS segment, touchpoint, visit_no, visit_ts AS ts, ts AS last_ts,
       next_touchpoint, CASE WHEN next_touchpoint IS NOT NULL THEN next_ts - visit_ts END AS seconds_to_next
FROM numbered
WHERE (touchpoint IS NOT NULL AND (next_touchpoint IS NULL OR next_touchpoint <> touchpoint))
   OR (case_start AND touchpoint IS NULL)
"""

CASE_COUNT = "SELECT SUM(CASE WHEN visit_no <= 1 THEN 1 ELSE 0 END) AS cases, MAX(visit_no) AS longest FROM journey_visits"

# Per touchpoint, overall (segment NULL) and per segment.
TOUCHPOINTS = """
SELECT {group} AS segment, touchpoint,
       COUNT(DISTINCT case_key) AS reach,
       COUNT(*) AS visits,
       SUM(CASE WHEN visit_no = 1 THEN 1 ELSE 0 END) AS starts,
       SUM(CASE WHEN next_touchpoint IS NULL THEN 1 ELSE 0 END) AS dropoffs,
       {QUANTILE}(seconds_to_next, 0.5) AS median_seconds_to_next,
       {QUANTILE}(seconds_to_next, 0.9) AS p90_seconds_to_next
FROM journey_visits
WHERE touchpoint IS NOT NULL
GROUP BY {group_by}touchpoint
"""

PAIRS = """
SELECT {group} AS segment, touchpoint, next_touchpoint, COUNT(*) AS transitions, COUNT(DISTINCT case_key) AS cases
FROM journey_visits
WHERE next_touchpoint IS NOT NULL
GROUP BY {group_by}touchpoint, next_touchpoint
"""

# journey_cases: a row per case with a visit. Its variant, as a head (its first visits as one number,
# design.py) and a tail (the visits past the head as visit_no * PLACE + touchpoint, sorted; NULL when
# no case of the log has that many visits); head then tail sort like the paths. Whether it conforms,
# the seconds from its first to its last mapped event, whether it reached an end.
CASES = """
SELECT case_key, min_by(COALESCE(segment, ''), visit_no) AS segment,
       CAST(SUM(CASE WHEN visit_no <= {head_visits}
                     THEN CAST(touchpoint + 1 AS BIGINT) * CASE visit_no {head_weights} END ELSE 0 END) AS BIGINT) AS head,
       {tail} AS tail,
       MAX(last_ts) - MIN(ts) AS seconds,
       MAX(CASE WHEN {is_end} THEN 1 ELSE 0 END) AS reached,
       MIN(CASE WHEN (visit_no = 1 AND NOT ({is_entry}))
                  OR (next_touchpoint IS NOT NULL AND NOT ({is_designed})) THEN 0 ELSE 1 END) AS conforms
FROM journey_visits
WHERE touchpoint IS NOT NULL
GROUP BY case_key
"""
TAIL = "array_sort(array_agg(visit_no * {PLACE} + touchpoint) FILTER (WHERE visit_no > {head_visits}))"

# The most frequent variants, ties by path; {top} of them per group.
VARIANTS = """
SELECT segment, head, tail, cases FROM (
    SELECT {group} AS segment, head, tail, COUNT(*) AS cases,
           ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY COUNT(*) DESC, head, tail NULLS FIRST) AS place
    FROM journey_cases
    GROUP BY {group_by}head, tail
) ranked
WHERE place <= {top}
"""

# Conformance and time to outcome, by whether the cases reached an end.
OUTCOMES = """
SELECT {group} AS segment, reached, COUNT(*) AS cases, SUM(conforms) AS conforming,
       {QUANTILE}(seconds, 0.5) AS median_seconds, {QUANTILE}(seconds, 0.9) AS p90_seconds
FROM journey_cases
GROUP BY {group_by}reached
"""


def statements(dialect: str, design: Design, *, by_segment: bool, top: int) -> list[tuple[str, object, bool]]:
    """The work on one log after the check for untimed rows, in order: (name, SQL, kept), where a kept
    statement becomes a table (journey_<name>) that later ones read, and the others give rows. The SQL
    of `cases` is a function of the rows so far (it needs a tail only where a case is that long). The
    per-segment queries come only when the log has segments."""
    words = {**DIALECTS[dialect], "PLACE": PLACE, "top": int(top), **_design_terms(design)}
    words["visit_segment"] = (f"max_by(segment, CASE WHEN visit_start THEN position END) OVER {words['SO_FAR']}"
                              if by_segment else "''")
    overall = {"group": "CAST(NULL AS STRING)", "group_by": ""}
    segmented = {"group": "segment", "group_by": "segment, "}
    work = [("events", EVENTS, False), ("visits", VISITS.format(**words), True), ("case_count", CASE_COUNT, False)]
    groups = [("", overall)] + ([("segment_", segmented)] if by_segment else [])
    for prefix, group in groups:
        work += [(prefix + "touchpoints", TOUCHPOINTS.format(**group, **words), False),
                 (prefix + "pairs", PAIRS.format(**group, **words), False)]

    def cases(rows: dict[str, list[dict]]) -> str:
        [count] = rows["case_count"]
        long = (count["longest"] or 0) > design.head_visits
        return CASES.format(**words, tail=TAIL.format(**words) if long else "CAST(NULL AS BIGINT)")
    work.append(("cases", cases, True))
    for prefix, group in groups:
        work += [(prefix + "variants", VARIANTS.format(**group, **words), False),
                 (prefix + "outcomes", OUTCOMES.format(**group, **words), False)]
    return work


def _design_terms(design: Design) -> dict[str, str]:
    """The design as SQL conditions on a visit's touchpoint numbers (integers only: no user text)."""
    def among(expression: str, numbers) -> str:
        listed = ", ".join(str(int(n)) for n in numbers)
        return f"{expression} IN ({listed})" if listed else "FALSE"
    head = design.head_visits
    return {"head_visits": head,
            "head_weights": " ".join(f"WHEN {visit} THEN {design.base ** (head - visit)}" for visit in range(1, head + 1)),
            "is_entry": among("touchpoint", design.entries), "is_end": among("touchpoint", design.ends),
            "is_designed": among(f"CAST(touchpoint AS BIGINT) * {PLACE} + next_touchpoint",
                                 sorted(source * PLACE + target for source, target in design.flows))}


# How much of the work each statement is, for the progress bar (measured on 10 M events with DuckDB:
# the ordered pass is most of the time, the cases and their variants most of the rest).
WORK = {"untimed": 1, "events": 1, "visits": 10, "case_count": 0.2, "touchpoints": 1.5, "pairs": 1,
        "cases": 3, "variants": 1, "outcomes": 0.5}


def weight(name: str) -> float:
    return WORK[name.removeprefix("segment_")]


def work(statements_: list[tuple[str, object, bool]]) -> float:
    """All the work of one log: the check for untimed rows, then the statements."""
    return WORK["untimed"] + sum(weight(name) for name, _, _ in statements_)
