"""What an event log shows: cases, events, the flows between touchpoints, and the cases as wholes (their
variants, conformance to the design, time to outcome), overall and per persona."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from journeymap.evidence.observe.design import Design
from journeymap.evidence.observe.log import EventLog


@dataclass(frozen=True)
class ObservedTouchpoint:
    reach: int          # cases with at least one visit
    visits: int         # runs of consecutive events of this touchpoint
    starts: int         # cases whose first visit is here
    dropoffs: int       # visits with no next touchpoint: the case ends here
    median_seconds_to_next: float | None
    p90_seconds_to_next: float | None


@dataclass(frozen=True)
class Variant:
    """A path customers take: the touchpoints of a case's visits in order, and how many cases take it."""

    path: tuple[str, ...]
    cases: int


@dataclass(frozen=True)
class Outcome:
    """Time from a case's first to its last mapped event, over a group of cases."""

    cases: int
    median_seconds: float | None
    p90_seconds: float | None


@dataclass
class ObservedPaths:
    """The cases with a visit, as wholes: variants (the most frequent ones), conformance, time to outcome."""

    cases: int = 0                  # cases with at least one visit
    conforming: int = 0             # start at an entry, and every pair they take is a designed `next`
    variants: list[Variant] = field(default_factory=list)   # by cases (most first), then path
    reached: Outcome = Outcome(0, None, None)        # cases that visit an end touchpoint (no designed next)
    not_reached: Outcome = Outcome(0, None, None)

    @property
    def conformance(self) -> float | None:
        return self.conforming / self.cases if self.cases else None


@dataclass
class ObservedFlows:
    """The touchpoints, directly-follows pairs and paths of all cases, or of one persona's."""

    touchpoints: dict[str, ObservedTouchpoint] = field(default_factory=dict)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    pair_cases: dict[tuple[str, str], int] = field(default_factory=dict)   # cases that take a pair at least once
    paths: ObservedPaths = field(default_factory=ObservedPaths)

    def share(self, source: str, target: str) -> float | None:
        """Of the visits at source, the fraction that went on to target (None: source never visited)."""
        visited = self.touchpoints.get(source)
        if visited is None or not visited.visits:
            return None
        return self.pairs.get((source, target), 0) / visited.visits


@dataclass
class Observation:
    """The figures of one event log."""

    log: EventLog
    events: int
    cases: int
    mapped_events: int
    events_without_case: int
    unmapped: list[tuple[str, int]]           # event names no touchpoint claims, most frequent first
    flows: ObservedFlows
    personas: dict[str, ObservedFlows] = field(default_factory=dict)

    @property
    def mapped_share(self) -> float:
        return self.mapped_events / self.events if self.events else 0.0


def from_rows(log: EventLog, design: Design, rows: dict[str, list[dict]]) -> Observation:
    """The Observation of one log from the engine's query results (the same for every engine)."""
    counted = rows.get("event_counts") or event_counts(rows["events"])
    overall = _groups(design, rows, "").get(None, ObservedFlows())
    personas = _groups(design, rows, "segment_")
    personas.pop(None, None)   # visits whose segment value names no persona count in the totals only
    cases = sum(int(row["all_cases"]) for row in rows["outcomes"])   # with the cases without visits
    return Observation(log, counted["events"], cases, counted["mapped"], counted["without_case"],
                       sorted(counted["unmapped"].items(), key=lambda i: (-i[1], i[0])),
                       overall, {persona: personas[persona] for persona in sorted(personas)})


def event_counts(events: list[dict]) -> dict:
    """The events of a log counted (events, mapped, without_case, and unmapped: name -> events) from
    sql.EVENTS's rows: (activity, mapped, without_case, events)."""
    count = lambda keep: sum(int(r["events"]) for r in events if keep(r))
    unmapped: dict[str, int] = {}
    for row in events:
        if not row["mapped"] and row["activity"] is not None:
            unmapped[row["activity"]] = unmapped.get(row["activity"], 0) + int(row["events"])
    return {"events": count(lambda r: True), "mapped": count(lambda r: r["mapped"]),
            "without_case": count(lambda r: r["without_case"]), "unmapped": unmapped}


def _groups(design: Design, rows: dict[str, list[dict]], prefix: str) -> dict[str | None, ObservedFlows]:
    """The figures of one kind of query (overall, or per segment) by segment (None: overall)."""
    groups: dict[str | None, ObservedFlows] = {}
    name = design.touchpoints
    group = lambda row: groups.setdefault(row["segment"], ObservedFlows())
    for row in sorted(rows.get(prefix + "touchpoints", []), key=lambda r: (r["segment"] or "", name[r["touchpoint"]])):
        median, p90 = row["seconds_to_next"] or (None, None)
        group(row).touchpoints[name[row["touchpoint"]]] = ObservedTouchpoint(
            int(row["reach"]), int(row["visits"]), int(row["starts"]), int(row["dropoffs"]), _seconds(median), _seconds(p90))
    for row in sorted(rows.get(prefix + "pairs", []),
                      key=lambda r: (r["segment"] or "", name[r["touchpoint"]], name[r["next_touchpoint"]])):
        pair = (name[row["touchpoint"]], name[row["next_touchpoint"]])
        group(row).pairs[pair] = int(row["transitions"])
        group(row).pair_cases[pair] = int(row["cases"])
    for row in rows.get(prefix + "outcomes", []):
        if not row["cases"]:
            continue   # the cases without visits
        paths = group(row).paths
        median, p90 = row["seconds"] or (None, None)   # the engines give both percentiles as one list
        outcome = Outcome(int(row["cases"]), _seconds(median), _seconds(p90))
        paths.cases += outcome.cases
        paths.conforming += int(row["conforming"] or 0)
        if row["reached"]:
            paths.reached = outcome
        else:
            paths.not_reached = outcome
    for row in rows.get(prefix + "variants", []):
        path = (tuple(name[step] for step in row["path"]) if "path" in row  # walk.py
                else design.path(int(row["head"]), row["tail"]))                # sql.py
        group(row).paths.variants.append(Variant(path, int(row["cases"])))
    for flows in groups.values():
        flows.paths.variants.sort(key=lambda v: (-v.cases, v.path))
    return groups


def _seconds(value) -> float | None:
    """Seconds to 3 decimals; None where unknown (no next visit, or a figure that is not finite: the
    engines refuse out-of-range times, so that would be a bug, and NaN is no figure)."""
    if value is None or not math.isfinite(float(value)):
        return None
    return round(float(value), 3)
