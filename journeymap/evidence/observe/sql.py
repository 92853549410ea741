"""The observed-journey computation as SQL, for Spark (a cluster reads logs larger than one machine).

The embedded engine computes the same figures another way (walk.py: DuckDB sorts the events, NumPy
walks them; DuckDB's own ordered windows run on one core), from the same definitions; the tests
hold the two engines to identical figures on the same logs. DuckDB still runs UNTIMED, EARLIEST
and END from here.

Spark prepares these views and tables, then runs the statements below:

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

`statements` gives the work as tables (journey_visits, ...) and the queries that read them; Spark
caches the tables it keeps and runs the queries one by one. The text still runs in DuckDB too
(DIALECTS), as one statement whose tables are common table expressions: the tests run it there
against walk.py on every log they observe, a third opinion beside Spark.

The dialects differ in two places (DIALECTS): the exact percentiles (`QUANTILES`, the median and
the 90th percentile as a list from one aggregate: DuckDB's `quantile_cont`, Spark's `percentile`,
both linear interpolation), and how the one ordered pass walks each case's events. Spark windows
each case (`PARTITION BY case_key ORDER BY ...`), and every window of the pass shares that one
sort. DuckDB sorts every event once (`ORDER BY case_key, ...`) and walks the sorted rows in
streaming windows (`OVER ()`, in the order of the rows: DuckDB keeps the order of an ORDER BY
through SELECT, WHERE and windows without PARTITION BY or ORDER BY, with
`preserve_insertion_order`, docs/sql/dialect/order_preservation). The text guards every look at a
neighbour with `LAG(case_key) = case_key`, and numbers a case's visits from the place of its first
visit (the running maximum of an ever-growing place), so it means the same in both.

Definitions (docs/observe.md): a case's events are ordered by time, then by row order (ties in
time keep the order of the file, as pm4py's stable sort does). Events no touchpoint claims are
left out of the journey and counted. Consecutive events of one touchpoint are one visit. A
directly-follows pair is two consecutive visits of one case; a visit with no next is a drop-off.
A case's variant is its visits' touchpoints in order; it conforms when it starts at an entry
and every pair it takes is a designed `next`; it reaches an outcome when it visits an end.
"""

from __future__ import annotations

from journeymap.evidence.observe.design import PLACE, Design

# The times a log may hold, in epoch seconds: from 1900-01-01 up to the end of 2200 (UTC). A time
# outside them is a unit mistake or a stray number (1e300, nanoseconds), and NaN or infinity is no
# time at all: either would turn every median into nonsense (5e+296 s, NaN).
EARLIEST, END = -2208988800.0, 7289654400.0
FIRST_YEAR, LAST_YEAR = 1900, 2200

# The order of a case's events: mapped events first (so the neighbours of a mapped event are mapped
# events), by time, then by the order of the files and rows. In the pass an unmapped event's time is
# END, after every time a log may hold (the engines refuse a log with a row out of range, UNTIMED),
# so DuckDB sorts on three keys, a fifth faster than on five: the case, the time, and the file and
# row as one number (a file holds fewer than 2^40 rows).
_CASE_ORDER = "touchpoint IS NULL, ts, file_no, row_no"
DIALECTS = {
    "duckdb": {"QUANTILES": "quantile_cont({}, [0.5, 0.9])",
               "IN_CASE_ORDER": " ORDER BY case_key, ts, file_no * 1099511627776 + row_no",
               "STEP": "()", "SO_FAR": "(ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"},
    "spark": {"QUANTILES": "percentile({}, array(0.5, 0.9))", "IN_CASE_ORDER": "",
              "STEP": f"(PARTITION BY case_key ORDER BY {_CASE_ORDER})",
              "SO_FAR": f"(PARTITION BY case_key ORDER BY {_CASE_ORDER} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"},
}

# The first row whose time could not be read or is out of range (journey_log: every row, before the
# `since` window). NaN fails the range in both engines: each sorts NaN above every other number.
UNTIMED = ("SELECT file_no, row_no, raw_time, ts FROM journey_log "
           f"WHERE ts IS NULL OR NOT (ts >= {EARLIEST!r} AND ts < {END!r}) ORDER BY file_no, row_no LIMIT 1")


def window(since_epoch: float | None, by_segment: bool = True) -> str:
    """journey_events: the rows of journey_log within the log's `since` window, segments as personas
    (none without by_segment: no join then)."""
    where = f" WHERE l.ts >= {float(since_epoch)!r}" if since_epoch is not None else ""
    if not by_segment:
        return ("SELECT l.case_key, l.activity, l.ts, CAST(NULL AS STRING) AS segment, l.file_no, l.row_no "
                f"FROM journey_log l{where}")
    return ("SELECT l.case_key, l.activity, l.ts, s.persona AS segment, l.file_no, l.row_no "
            f"FROM journey_log l LEFT JOIN segment_personas s ON l.segment = s.segment{where}")


# journey_coded: every event of journey_events with the touchpoint that claims it. EVENTS and the ordered
# pass each read it (in DuckDB, in a pipeline of its own beside the pass): keeping it for both, or
# counting the events in the pass itself, costs more (docs/performance.md).
CODED = ("SELECT e.case_key, e.segment, c.touchpoint, e.ts, e.file_no, e.row_no, e.activity "
         "FROM journey_events e LEFT JOIN claims c ON e.activity = c.activity")

# Every event counted once: by whether a touchpoint claims it (the name where none does) and whether it
# has a case id.
EVENTS = """
SELECT CASE WHEN touchpoint IS NULL THEN activity END AS activity, touchpoint IS NOT NULL AS mapped,
       case_key IS NULL AS without_case, COUNT(*) AS events
FROM journey_coded
GROUP BY CASE WHEN touchpoint IS NULL THEN activity END, touchpoint IS NOT NULL, case_key IS NULL
"""

# journey_visits: the one ordered pass (its only sort). A row per visit, written at its last event: the
# case, the visit's touchpoint, segment (that of its first event), number in the case, next touchpoint,
# when it began, its last event, the seconds from its first event to the next visit's first event; and
# a row (visit_no 0) for each case none of whose events a touchpoint claims, so that every case is
# counted. An event no touchpoint claims gets the time END: it sorts after the case's mapped events,
# and its time is never read. `in_long_case`: the case has three visits or more. A case of one or two
# visits takes no touchpoint and no pair twice, so only the longer cases need an exact distinct count
# for reach and pair cases; and the last visit of a shorter case sees its first one as its previous
# row, so it carries the case as a whole (as journey_cases has it), and only the longer cases need
# grouping. Level by level: the neighbours of each event; which events begin and end a visit; the first
# and last event of each visit; the visits in order; their numbers in the case (the place of the case's
# first visit only grows, so its running maximum is the current case's).
VISITS = """
WITH coded AS (
    SELECT case_key, {segment} AS segment, touchpoint, CASE WHEN touchpoint IS NULL THEN {END!r} ELSE ts END AS ts,
           file_no, row_no
    FROM journey_coded
    WHERE case_key IS NOT NULL{IN_CASE_ORDER}
), neighbours AS (
    SELECT case_key, segment, touchpoint, ts, file_no, row_no,
           LAG(case_key) OVER {STEP} IS DISTINCT FROM case_key AS case_start,
           CASE WHEN LAG(case_key) OVER {STEP} = case_key THEN LAG(touchpoint) OVER {STEP} END AS previous,
           CASE WHEN LEAD(case_key) OVER {STEP} = case_key THEN LEAD(touchpoint) OVER {STEP} END AS next_touchpoint,
           CASE WHEN LEAD(case_key) OVER {STEP} = case_key THEN LEAD(ts) OVER {STEP} END AS next_ts
    FROM coded
), edges AS (
    SELECT *, touchpoint IS NOT NULL AND previous IS DISTINCT FROM touchpoint AS visit_start,
           touchpoint IS NOT NULL AND next_touchpoint IS DISTINCT FROM touchpoint AS visit_end
    FROM neighbours
), spans AS (
    SELECT case_key, touchpoint, ts, file_no, row_no, case_start, visit_end, next_touchpoint, next_ts,
           CASE WHEN visit_start THEN ts ELSE LAG(ts) OVER {STEP} END AS visit_ts,
           visit_end AND CASE WHEN visit_start THEN case_start ELSE LAG(case_start) OVER {STEP} END AS first_visit,
           {visit_segment} AS segment
    FROM edges
    WHERE visit_start OR visit_end OR (case_start AND touchpoint IS NULL)
), ordered AS (
    SELECT *, ROW_NUMBER() OVER {STEP} AS place,
           COALESCE(LAG(case_key, 2) OVER {STEP} = case_key
                    OR (LEAD(case_key, 2) OVER {STEP} = case_key AND LEAD(touchpoint, 2) OVER {STEP} IS NOT NULL)
                    OR (LAG(case_key) OVER {STEP} = case_key AND LEAD(case_key) OVER {STEP} = case_key
                        AND LEAD(touchpoint) OVER {STEP} IS NOT NULL), FALSE) AS in_long_case,
           CASE WHEN first_visit THEN touchpoint ELSE LAG(touchpoint) OVER {STEP} END AS first_touchpoint,
           CASE WHEN first_visit THEN visit_ts ELSE LAG(visit_ts) OVER {STEP} END AS first_ts,
           {first_segment} AS first_segment
    FROM spans
    WHERE visit_end OR touchpoint IS NULL
), numbered AS (
    SELECT *, place + 1 - MAX(CASE WHEN first_visit THEN place END) OVER {SO_FAR} AS visit_no FROM ordered
), short_cases AS (
    SELECT *, NOT in_long_case AND next_touchpoint IS NULL AS closes_short_case FROM numbered
)
SELECT case_key, touchpoint, next_touchpoint, segment, visit_ts, ts AS last_ts, in_long_case, closes_short_case,
       CASE WHEN touchpoint IS NULL THEN 0 ELSE visit_no END AS visit_no,
       CASE WHEN next_touchpoint IS NOT NULL THEN next_ts - visit_ts END AS seconds_to_next,
       CASE WHEN closes_short_case AND touchpoint IS NOT NULL THEN CAST(first_touchpoint + 1 AS BIGINT) * {first_weight}
            + CASE WHEN visit_no = 2 THEN CAST(touchpoint + 1 AS BIGINT) * {second_weight} ELSE 0 END END AS head,
       CASE WHEN closes_short_case AND touchpoint IS NOT NULL THEN ts - first_ts END AS seconds,
       CASE WHEN closes_short_case AND touchpoint IS NOT NULL
            THEN CASE WHEN {is_end} OR (visit_no = 2 AND {first_is_end}) THEN 1 ELSE 0 END
               + CASE WHEN NOT ({first_is_entry}) OR (visit_no = 2 AND NOT ({first_to_here})) THEN 2 ELSE 0 END END AS flags,
       CASE WHEN closes_short_case AND touchpoint IS NOT NULL THEN first_segment END AS case_segment
FROM short_cases
"""

# Cases that reach a touchpoint (take a pair): counted where the case is short, and where it is long by
# an exact distinct count over the long cases' visits alone, joined to the counts (a COUNT(DISTINCT)
# beside other aggregates would make DuckDB keep every visit once more for it). A persona's counts are
# exact distinct counts throughout (a case may change segment between visits). On a map of up to
# BITS touchpoints one aggregation gives both distinct counts: journey_long_steps, per touchpoint and
# set of next touchpoints (as bits), the long cases that visit it and go on to exactly those.
_LONG = {"": "in_long_case", "segment_": "TRUE"}
BITS = 63
LONG_STEPS = """
SELECT touchpoint, nexts, COUNT(*) AS cases
FROM (SELECT case_key, touchpoint,
             bit_or(CASE WHEN next_touchpoint IS NULL THEN 0 ELSE CAST(POWER(2, next_touchpoint) AS BIGINT) END) AS nexts
      FROM journey_visits
      WHERE in_long_case
      GROUP BY case_key, touchpoint) steps
GROUP BY touchpoint, nexts
"""
_LONG_REACH = {
    "steps": """SELECT CAST(NULL AS STRING) AS segment, touchpoint, SUM(cases) AS long_reach
           FROM journey_long_steps GROUP BY touchpoint""",
    "distinct": """SELECT segment, touchpoint, COUNT(*) AS long_reach
           FROM (SELECT {group} AS segment, touchpoint FROM journey_visits
                 WHERE visit_no > 0 AND {long} GROUP BY {group_by}touchpoint, case_key) reached
           GROUP BY segment, touchpoint"""}
_LONG_PAIRS = {
    "steps": """SELECT CAST(NULL AS STRING) AS segment, p.touchpoint, p.next_touchpoint, SUM(s.cases) AS long_cases
           FROM (SELECT DISTINCT touchpoint, next_touchpoint FROM journey_visits
                 WHERE next_touchpoint IS NOT NULL AND in_long_case) p
           JOIN journey_long_steps s
             ON p.touchpoint = s.touchpoint AND (s.nexts & CAST(POWER(2, p.next_touchpoint) AS BIGINT)) <> 0
           GROUP BY p.touchpoint, p.next_touchpoint""",
    "distinct": """SELECT segment, touchpoint, next_touchpoint, COUNT(*) AS long_cases
           FROM (SELECT {group} AS segment, touchpoint, next_touchpoint FROM journey_visits
                 WHERE next_touchpoint IS NOT NULL AND {long} GROUP BY {group_by}touchpoint, next_touchpoint, case_key) taken
           GROUP BY segment, touchpoint, next_touchpoint"""}

# Per touchpoint, overall (segment NULL) and per segment.
TOUCHPOINTS = """
SELECT t.segment, t.touchpoint, t.short_reach + COALESCE(l.long_reach, 0) AS reach, t.visits, t.starts, t.dropoffs,
       t.seconds_to_next
FROM (SELECT {group} AS segment, touchpoint, COUNT(CASE WHEN NOT {long} THEN 1 END) AS short_reach, COUNT(*) AS visits,
             SUM(CASE WHEN visit_no = 1 THEN 1 ELSE 0 END) AS starts,
             SUM(CASE WHEN next_touchpoint IS NULL THEN 1 ELSE 0 END) AS dropoffs,
             {quantiles_to_next} AS seconds_to_next
      FROM journey_visits
      WHERE visit_no > 0
      GROUP BY {group_by}touchpoint) t
LEFT JOIN ({long_reach}) l
  ON t.touchpoint = l.touchpoint AND t.segment IS NOT DISTINCT FROM l.segment
"""

PAIRS = """
SELECT t.segment, t.touchpoint, t.next_touchpoint, t.transitions, t.short_cases + COALESCE(l.long_cases, 0) AS cases
FROM (SELECT {group} AS segment, touchpoint, next_touchpoint, COUNT(*) AS transitions,
             COUNT(CASE WHEN NOT {long} THEN 1 END) AS short_cases
      FROM journey_visits
      WHERE next_touchpoint IS NOT NULL
      GROUP BY {group_by}touchpoint, next_touchpoint) t
LEFT JOIN ({long_pairs}) l
  ON t.touchpoint = l.touchpoint AND t.next_touchpoint = l.next_touchpoint AND t.segment IS NOT DISTINCT FROM l.segment
"""

# journey_long_cases: a row per case of three visits or more. Its variant: a head (its first visits as one
# number, design.py) and a tail (its visits past the head as visit_no * PLACE + touchpoint, sorted; NULL
# where there are none), which sort like the paths; its segment (that of its first visit); the seconds
# from its first to its last mapped event; and as bits (one aggregate instead of two): 1 it reached an
# end, 2 it deviates from the design.
LONG_CASES = """
SELECT {case_segment} AS segment,
       CAST(SUM(CASE WHEN visit_no <= {head_visits}
                     THEN CAST(touchpoint + 1 AS BIGINT) * CASE visit_no {head_weights} END END) AS BIGINT) AS head,
       CASE WHEN MAX(visit_no) > {head_visits}
            THEN array_sort(array_agg(visit_no * {PLACE} + touchpoint) FILTER (WHERE visit_no > {head_visits})) END AS tail,
       MAX(last_ts) - MIN(visit_ts) AS seconds,
       bit_or(CASE WHEN {is_end} THEN 1 ELSE 0 END
              + CASE WHEN (visit_no = 1 AND NOT ({is_entry})) OR (next_touchpoint IS NOT NULL AND NOT ({is_designed}))
                     THEN 2 ELSE 0 END) AS flags
FROM journey_visits
WHERE in_long_case
GROUP BY case_key
"""

# journey_cases: a row per case, as journey_long_cases has it: the short cases as journey_visits closes them
# (and the cases without visits: head NULL), then the long ones.
CASES = """
SELECT case_segment AS segment, head, NULL AS tail, seconds, flags FROM journey_visits WHERE closes_short_case
UNION ALL
SELECT segment, head, tail, seconds, flags FROM journey_long_cases
"""

# The {top} most frequent variants, ties by path: overall a top-N (no sort of every variant: a log of long
# cases has as many variants as cases), per segment a ranking within each.
VARIANTS = """
SELECT CAST(NULL AS STRING) AS segment, head, tail, COUNT(*) AS cases
FROM journey_cases
WHERE head IS NOT NULL
GROUP BY head, tail
ORDER BY COUNT(*) DESC, head, tail NULLS FIRST
LIMIT {top}
"""
SEGMENT_VARIANTS = """
SELECT segment, head, tail, cases FROM (
    SELECT segment, head, tail, COUNT(*) AS cases,
           ROW_NUMBER() OVER (PARTITION BY segment ORDER BY COUNT(*) DESC, head, tail NULLS FIRST) AS place
    FROM journey_cases
    WHERE head IS NOT NULL
    GROUP BY segment, head, tail
) ranked
WHERE place <= {top}
"""

# Conformance and time to outcome, by whether the cases reached an end; and every case (with the cases
# without visits: reached NULL).
OUTCOMES = """
SELECT {group} AS segment, flags & 1 AS reached, COUNT(*) AS all_cases, COUNT(head) AS cases,
       COUNT(CASE WHEN (flags & 2) = 0 THEN head END) AS conforming, {quantiles_seconds} AS seconds
FROM journey_cases
GROUP BY {group_by}flags & 1
"""


def statements(dialect: str, design: Design, *, by_segment: bool, top: int) -> tuple[list, list]:
    """The work on one log after the check for untimed rows: (tables, queries). A table is (name, SQL,
    kept): journey_<name>, read by the later tables and the queries; a kept one is worth keeping rather
    than computing again for each reader (journey_coded is the log itself, journey_cases a union of
    two tables). A query is (name, SQL) and gives rows. The per-segment queries come only when the
    log has segments."""
    words = {**DIALECTS[dialect], "PLACE": PLACE, "END": END, "top": int(top), **_design_terms(design)}
    words.update(quantiles_to_next=words["QUANTILES"].format("seconds_to_next"),
                 quantiles_seconds=words["QUANTILES"].format("seconds"))
    words.update(segment="segment" if by_segment else "CAST(NULL AS STRING)",
                 visit_segment=(f"CASE WHEN visit_start THEN segment ELSE LAG(segment) OVER {words['STEP']} END"
                                if by_segment else "CAST(NULL AS STRING)"),
                 case_segment=("NULLIF(min_by(COALESCE(segment, ''), visit_no), '')" if by_segment
                                  else "CAST(NULL AS STRING)"),
                 first_segment=(f"CASE WHEN first_visit THEN segment ELSE LAG(segment) OVER {words['STEP']} END"
                                if by_segment else "CAST(NULL AS STRING)"))
    steps = len(design.touchpoints) <= BITS
    tables = [("coded", CODED, False), ("visits", VISITS.format(**words), True),
              ("long_cases", LONG_CASES.format(**words), True), ("cases", CASES, False)]
    tables += [("long_steps", LONG_STEPS, True)] if steps else []
    queries = [("events", EVENTS)]
    overall = {"group": "CAST(NULL AS STRING)", "group_by": ""}
    segmented = {"group": "segment", "group_by": "segment, "}
    for prefix, group in [("", overall)] + ([("segment_", segmented)] if by_segment else []):
        words_ = {**words, **group, "long": _LONG[prefix]}
        counting = "steps" if steps and not prefix else "distinct"
        words_.update(long_reach=_LONG_REACH[counting].format(**words_),
                      long_pairs=_LONG_PAIRS[counting].format(**words_))
        queries += [(prefix + name, text.format(**words_)) for name, text in
                    (("touchpoints", TOUCHPOINTS), ("pairs", PAIRS), ("outcomes", OUTCOMES),
                     ("variants", SEGMENT_VARIANTS if prefix else VARIANTS))]
    return tables, queries


def _design_terms(design: Design) -> dict[str, str]:
    """The design as SQL conditions on a visit's touchpoint numbers (integers only: no user text)."""
    def among(expression: str, numbers) -> str:
        listed = ", ".join(str(int(n)) for n in numbers)
        return f"{expression} IN ({listed})" if listed else "FALSE"

    def designed(origin: str, destination: str) -> str:
        return among(f"CAST({origin} AS BIGINT) * {PLACE} + {destination}",
                     sorted(source * PLACE + target for source, target in design.flows))
    head = design.head_visits
    return {"head_visits": head,
            "head_weights": " ".join(f"WHEN {visit} THEN {design.base ** (head - visit)}" for visit in range(1, head + 1)),
            "first_weight": design.base ** (head - 1), "second_weight": design.base ** (head - 2),
            "is_entry": among("touchpoint", design.entries), "is_end": among("touchpoint", design.ends),
            "is_designed": designed("touchpoint", "next_touchpoint"),
            "first_is_entry": among("first_touchpoint", design.entries),
            "first_is_end": among("first_touchpoint", design.ends),
            "first_to_here": designed("first_touchpoint", "touchpoint")}


# How much of the work each step is, for the progress bar (measured on 10 M events with DuckDB: the
# ordered pass is most of the time; DuckDB reports one statement, Spark each step).
WORK = {"untimed": 0.5, "coded": 0, "visits": 10, "long_cases": 0.5, "cases": 0, "events": 0.5, "touchpoints": 1,
        "pairs": 1, "variants": 0.5, "outcomes": 0.5,
        "long_steps": 0.5}


def weight(name: str) -> float:
    return WORK[name.removeprefix("segment_")]


def work(tables: list, queries: list) -> float:
    """All the work of one log: the check for untimed rows, the tables, the queries."""
    return WORK["untimed"] + sum(weight(name) for name, *_ in tables + queries)
