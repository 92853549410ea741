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
with `LAG(case_key) = case_key`, and takes every running figure of a case as the running figure
minus its value before the case began, so it means the same in both.

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
# events), by time, then by the order of the files and rows. DuckDB sorts on three keys, which is a
# fifth faster than five: a mapped event's time, END for the others (every time is below it: the
# engines refuse a log with a row out of range, UNTIMED), and the file and row as one number (a
# file holds fewer than 2^40 rows).
_CASE_ORDER = "touchpoint IS NULL, ts, file_no, row_no"
DIALECTS = {
    "duckdb": {"QUANTILE": "quantile_cont",
               "IN_CASE_ORDER": f" ORDER BY case_key, CASE WHEN touchpoint IS NULL THEN {END!r} ELSE ts END, "
                                "file_no * 1099511627776 + row_no",
               "STEP": "()", "SO_FAR": "(ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"},
    "spark": {"QUANTILE": "percentile", "IN_CASE_ORDER": "",
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
        return f"SELECT l.case_key, l.activity, l.ts, CAST(NULL AS STRING) AS segment, l.file_no, l.row_no FROM journey_log l{where}"
    return ("SELECT l.case_key, l.activity, l.ts, s.persona AS segment, l.file_no, l.row_no "
            f"FROM journey_log l LEFT JOIN segment_personas s ON l.segment = s.segment{where}")


# journey_visits: the one ordered pass over every event of journey_events. A row per visit, written at
# its last event: the case, the visit's touchpoint, segment (that of its first event), number in the
# case, next touchpoint, seconds from its first event to the next visit's first event, and its events;
# the case's last visit carries the case as a whole (its variant head, design.py; whether it reached
# an end and conforms; the seconds from its first to its last mapped event; its segment: that of its
# first visit). Besides, a row per event no touchpoint claims (`activity` its name) and per event
# without a case id, so that every event is counted (`events`) from this one read of the log; the
# first row of a case none of whose events a touchpoint claims has visit_no 0.
# `reach_key` and `pair_key` count cases without an exact distinct count over every visit: the first two
# visits of a case are two touchpoints and its first pair is one, so only a later visit to a touchpoint
# (a pair) that is not among them (not the first pair) can be the case's second there, and only
# those carry the case (the head's first digits say which they are).
# Level by level: the neighbours of each event; which events begin and end a visit, and whether a
# visit arrives at an end or deviates; the first and last event of each visit, and running counts;
# the counts within the case; the head so far; the head within the case.
VISITS = """
WITH coded AS (
    SELECT e.case_key, {segment} AS segment, c.touchpoint, e.ts, e.file_no, e.row_no,
           CASE WHEN c.touchpoint IS NULL THEN e.activity END AS activity
    FROM journey_events e LEFT JOIN claims c ON e.activity = c.activity{IN_CASE_ORDER}
), neighbours AS (
    SELECT case_key, segment, touchpoint, ts, file_no, row_no, activity,
           ROW_NUMBER() OVER {STEP} AS position,
           case_key IS NOT NULL AND LAG(case_key) OVER {STEP} IS DISTINCT FROM case_key AS case_start,
           CASE WHEN LAG(case_key) OVER {STEP} = case_key THEN LAG(touchpoint) OVER {STEP} END AS previous,
           CASE WHEN LEAD(case_key) OVER {STEP} = case_key THEN LEAD(touchpoint) OVER {STEP} END AS next_touchpoint,
           CASE WHEN LEAD(case_key) OVER {STEP} = case_key THEN LEAD(ts) OVER {STEP} END AS next_ts
    FROM coded
), edges AS (
    SELECT *, case_key IS NOT NULL AND touchpoint IS NOT NULL AND previous IS DISTINCT FROM touchpoint AS visit_start,
           case_key IS NOT NULL AND touchpoint IS NOT NULL AND next_touchpoint IS DISTINCT FROM touchpoint AS visit_end
    FROM neighbours
), marked AS (
    SELECT *, CASE WHEN visit_start THEN 1 ELSE 0 END AS arrival,
           CASE WHEN visit_start AND {is_end} THEN 1 ELSE 0 END AS outcome,
           CASE WHEN (visit_start AND case_start AND NOT ({is_entry}))
                  OR (visit_end AND next_touchpoint IS NOT NULL AND NOT ({is_designed})) THEN 1 ELSE 0 END AS deviation
    FROM edges
    WHERE visit_start OR visit_end OR touchpoint IS NULL OR case_key IS NULL
), spans AS (
    SELECT case_key, touchpoint, ts, file_no, row_no, activity, position, case_start, visit_end,
           next_touchpoint, next_ts, arrival, outcome, deviation,
           CASE WHEN visit_start THEN ts ELSE LAG(ts) OVER {STEP} END AS visit_ts,
           CASE WHEN visit_start THEN position ELSE LAG(position) OVER {STEP} END AS first_position,
           {visit_segment} AS segment,
           COUNT(CASE WHEN arrival = 1 THEN 1 END) OVER {SO_FAR} AS arrivals,
           COUNT(CASE WHEN outcome = 1 THEN 1 END) OVER {SO_FAR} AS outcomes,
           COUNT(CASE WHEN deviation = 1 THEN 1 END) OVER {SO_FAR} AS deviations
    FROM marked
), numbered AS (
    SELECT *,
           arrivals - MAX(CASE WHEN case_start THEN arrivals - arrival END) OVER {SO_FAR} AS visit_no,
           outcomes - MAX(CASE WHEN case_start THEN outcomes - outcome END) OVER {SO_FAR} AS reached_ends,
           deviations - MAX(CASE WHEN case_start THEN deviations - deviation END) OVER {SO_FAR} AS case_deviations,
           max_by(visit_ts, CASE WHEN case_start THEN position END) OVER {SO_FAR} AS case_ts{case_segment_so_far}
    FROM spans
), weighed AS (
    SELECT *, CASE WHEN visit_end AND visit_no <= {head_visits}
                   THEN CAST(touchpoint + 1 AS BIGINT) * CASE visit_no {head_weights} END ELSE 0 END AS weight
    FROM numbered
), headed AS (
    SELECT *, SUM(weight) OVER {SO_FAR} AS heads FROM weighed
), cased AS (
    SELECT *, CAST(heads - MAX(CASE WHEN case_start THEN heads - weight END) OVER {SO_FAR} AS BIGINT) AS head_so_far
    FROM headed
)
SELECT case_key, touchpoint, activity, next_touchpoint,
       CASE WHEN case_key IS NULL THEN NULL WHEN touchpoint IS NOT NULL THEN visit_no WHEN case_start THEN 0 END AS visit_no,
       CASE WHEN touchpoint IS NOT NULL AND case_key IS NOT NULL THEN position - first_position + 1 ELSE 1 END AS events,
       segment,
       CASE WHEN next_touchpoint IS NOT NULL THEN next_ts - visit_ts END AS seconds_to_next,
       CASE WHEN case_key IS NOT NULL AND visit_no > 2 AND NOT ({in_first_two}) THEN case_key END AS reach_key,
       CASE WHEN next_touchpoint IS NOT NULL AND visit_no > 1 AND NOT ({is_first_pair}) THEN case_key END AS pair_key,
       CASE WHEN {last} THEN head_so_far END AS head,
       CASE WHEN {last} THEN ts - case_ts END AS seconds,
       CASE WHEN {last} THEN CASE WHEN reached_ends > 0 THEN 1 ELSE 0 END END AS reached,
       CASE WHEN {last} THEN CASE WHEN case_deviations > 0 THEN 0 ELSE 1 END END AS conforms,
       CASE WHEN {last} THEN {case_segment} END AS case_segment
FROM cased
WHERE visit_end OR touchpoint IS NULL OR case_key IS NULL
"""
_LAST = "visit_end AND next_touchpoint IS NULL"

# Every event counted once: by whether a touchpoint claims it (the name where none does) and whether it
# has a case id.
EVENTS = """
SELECT activity, touchpoint IS NOT NULL AS mapped, case_key IS NULL AS without_case, SUM(events) AS events
FROM journey_visits
GROUP BY activity, touchpoint IS NOT NULL, case_key IS NULL
"""

CASE_COUNT = "SELECT SUM(CASE WHEN visit_no <= 1 THEN 1 ELSE 0 END) AS cases, MAX(visit_no) AS longest FROM journey_visits"

# Per touchpoint, overall (segment NULL) and per segment. A persona's reach counts its cases exactly (a
# case may change segment between visits, so its first visits say nothing about a persona).
TOUCHPOINTS = """
SELECT {group} AS segment, touchpoint,
       {reach} AS reach,
       COUNT(*) AS visits,
       SUM(CASE WHEN visit_no = 1 THEN 1 ELSE 0 END) AS starts,
       SUM(CASE WHEN next_touchpoint IS NULL THEN 1 ELSE 0 END) AS dropoffs,
       {QUANTILE}(seconds_to_next, 0.5) AS median_seconds_to_next,
       {QUANTILE}(seconds_to_next, 0.9) AS p90_seconds_to_next
FROM journey_visits
WHERE visit_no > 0
GROUP BY {group_by}touchpoint
"""
REACH = {"": "COUNT(CASE WHEN visit_no <= 2 THEN 1 END) + COUNT(DISTINCT reach_key)",
         "segment_": "COUNT(DISTINCT case_key)"}

PAIRS = """
SELECT {group} AS segment, touchpoint, next_touchpoint, COUNT(*) AS transitions, {cases} AS cases
FROM journey_visits
WHERE next_touchpoint IS NOT NULL
GROUP BY {group_by}touchpoint, next_touchpoint
"""
PAIR_CASES = {"": "COUNT(CASE WHEN visit_no = 1 THEN 1 END) + COUNT(DISTINCT pair_key)",
              "segment_": "COUNT(DISTINCT case_key)"}

# journey_tails, where some case has more visits than a variant's head holds: per such case, its visits
# past the head as visit_no * PLACE + touchpoint, sorted. The head then the tail sort like the paths.
TAILS = """
SELECT case_key, array_sort(array_agg(visit_no * {PLACE} + touchpoint)) AS tail
FROM journey_visits
WHERE visit_no > {head_visits}
GROUP BY case_key
"""

# A row per case with a visit: its segment, variant (head and tail), seconds, outcome and conformance.
CASES = "SELECT case_segment AS segment, head, CAST(NULL AS BIGINT) AS tail, seconds, reached, conforms FROM journey_visits WHERE head IS NOT NULL"
CASES_WITH_TAILS = ("SELECT v.case_segment AS segment, v.head, t.tail, v.seconds, v.reached, v.conforms "
                    "FROM journey_visits v LEFT JOIN journey_tails t ON v.case_key = t.case_key WHERE v.head IS NOT NULL")

# The most frequent variants, ties by path; {top} of them per group.
VARIANTS = """
SELECT segment, head, tail, cases FROM (
    SELECT {group} AS segment, head, tail, COUNT(*) AS cases,
           ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY COUNT(*) DESC, head, tail NULLS FIRST) AS place
    FROM ({cases}) journey_cases
    GROUP BY {group_by}head, tail
) ranked
WHERE place <= {top}
"""

# Conformance and time to outcome, by whether the cases reached an end.
OUTCOMES = """
SELECT {group} AS segment, reached, COUNT(*) AS cases, SUM(conforms) AS conforming,
       {QUANTILE}(seconds, 0.5) AS median_seconds, {QUANTILE}(seconds, 0.9) AS p90_seconds
FROM ({cases}) journey_cases
GROUP BY {group_by}reached
"""


def statements(dialect: str, design: Design, *, by_segment: bool, top: int) -> list[tuple[str, object, bool]]:
    """The work on one log after the check for untimed rows, in order: (name, SQL, kept), where a kept
    statement becomes a table (journey_<name>) that later ones read, and the others give rows. SQL may
    be a function of the rows so far, giving the text or None (nothing to do): the tails are needed only
    where a case is that long. The per-segment queries come only when the log has segments."""
    words = {**DIALECTS[dialect], "PLACE": PLACE, "top": int(top), **_design_terms(design)}
    words.update(segment="e.segment" if by_segment else "CAST(NULL AS STRING)",
                 visit_segment=(f"CASE WHEN visit_start THEN segment ELSE LAG(segment) OVER {words['STEP']} END"
                                if by_segment else "CAST(NULL AS STRING)"),
                 case_segment_so_far=(f",\n           max_by(COALESCE(segment, ''), "
                                      f"CASE WHEN case_start THEN position END) OVER {words['SO_FAR']} AS first_segment" if by_segment else ""),
                 case_segment="first_segment" if by_segment else "''", last=_LAST)
    overall = {"group": "CAST(NULL AS STRING)", "group_by": ""}
    segmented = {"group": "segment", "group_by": "segment, "}
    work = [("visits", VISITS.format(**words), True), ("events", EVENTS, False), ("case_count", CASE_COUNT, False)]
    groups = [("", overall)] + ([("segment_", segmented)] if by_segment else [])
    for prefix, group in groups:
        work += [(prefix + "touchpoints", TOUCHPOINTS.format(**group, **words, reach=REACH[prefix]), False),
                 (prefix + "pairs", PAIRS.format(**group, cases=PAIR_CASES[prefix]), False)]

    def long(rows: dict[str, list[dict]]) -> bool:
        [count] = rows["case_count"]
        return (count["longest"] or 0) > design.head_visits

    work.append(("tails", lambda rows: TAILS.format(**words) if long(rows) else None, True))
    for prefix, group in groups:
        for name, text in ((prefix + "variants", VARIANTS), (prefix + "outcomes", OUTCOMES)):
            work.append((name, lambda rows, text=text, group=group: text.format(
                **group, **words, cases=CASES_WITH_TAILS if long(rows) else CASES), False))
    return work


def _design_terms(design: Design) -> dict[str, str]:
    """The design as SQL conditions on a visit's touchpoint numbers (integers only: no user text)."""
    def among(expression: str, numbers) -> str:
        listed = ", ".join(str(int(n)) for n in numbers)
        return f"{expression} IN ({listed})" if listed else "FALSE"
    head, base = design.head_visits, design.base
    first, second = base ** (head - 1), base ** (head - 2)   # the weights of a head's first two digits
    number = "CAST(touchpoint AS BIGINT)"
    return {"head_visits": head,
            "head_weights": " ".join(f"WHEN {visit} THEN {base ** (head - visit)}" for visit in range(1, head + 1)),
            "is_entry": among("touchpoint", design.entries), "is_end": among("touchpoint", design.ends),
            "is_designed": among(f"CAST(touchpoint AS BIGINT) * {PLACE} + next_touchpoint",
                                 sorted(source * PLACE + target for source, target in design.flows)),
            # the visit's touchpoint is the first or second digit of the case's head
            "in_first_two": (f"(head_so_far >= ({number} + 1) * {first} AND head_so_far < ({number} + 2) * {first}) OR "
                             f"(head_so_far % {first} >= ({number} + 1) * {second} "
                             f"AND head_so_far % {first} < ({number} + 2) * {second})"),
            # the pair is the first two digits of the case's head
            "is_first_pair": (f"head_so_far >= (({number} + 1) * {base} + next_touchpoint + 1) * {second} AND "
                              f"head_so_far < (({number} + 1) * {base} + next_touchpoint + 2) * {second}")}


# How much of the work each statement is, for the progress bar (measured on 10 M events with DuckDB:
# the ordered pass is most of the time).
WORK = {"untimed": 0.5, "visits": 10, "events": 0.3, "case_count": 0.1, "touchpoints": 0.5, "pairs": 0.3,
        "tails": 1, "variants": 0.5, "outcomes": 0.5}


def weight(name: str) -> float:
    return WORK[name.removeprefix("segment_")]


def work(statements_: list[tuple[str, object, bool]]) -> float:
    """All the work of one log: the check for untimed rows, then the statements."""
    return WORK["untimed"] + sum(weight(name) for name, _, _ in statements_)
