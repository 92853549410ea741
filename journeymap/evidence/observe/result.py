"""What an event log shows: cases, events, and the flows between touchpoints, overall and per persona."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from journeymap.evidence.observe.log import EventLog


@dataclass(frozen=True)
class ObservedTouchpoint:
    reach: int          # cases with at least one visit
    visits: int         # runs of consecutive events of this touchpoint
    starts: int         # cases whose first visit is here
    dropoffs: int       # visits with no next touchpoint: the case ends here
    median_seconds_to_next: float | None
    p90_seconds_to_next: float | None


@dataclass
class ObservedFlows:
    """The touchpoints and directly-follows pairs of all cases, or of one persona's."""

    touchpoints: dict[str, ObservedTouchpoint] = field(default_factory=dict)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)

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


def from_rows(log: EventLog, rows: dict[str, list[dict]]) -> Observation:
    """The Observation of one log from the engine's query results (the same for every engine)."""
    [totals] = rows["totals"]
    personas: dict[str, ObservedFlows] = {}
    _fill(personas, rows.get("segment_touchpoints", []), rows.get("segment_pairs", []))
    overall: dict[str, ObservedFlows] = {}
    _fill(overall, rows["touchpoints"], rows["pairs"])
    unmapped = sorted(((r["activity"], int(r["events"])) for r in rows["unmapped"] if r["activity"] is not None),
                      key=lambda item: (-item[1], item[0]))
    return Observation(log, int(totals["events"] or 0), int(totals["cases"] or 0), int(totals["mapped_events"] or 0),
                       int(totals["events_without_case"] or 0), unmapped, overall.get(None, ObservedFlows()),
                       {persona: personas[persona] for persona in sorted(p for p in personas if p is not None)})


def _fill(groups: dict, touchpoints: list[dict], pairs: list[dict]) -> None:
    for row in sorted(touchpoints, key=lambda r: (r["segment"] or "", r["touchpoint"])):
        groups.setdefault(row["segment"], ObservedFlows()).touchpoints[row["touchpoint"]] = ObservedTouchpoint(
            int(row["reach"]), int(row["visits"]), int(row["starts"]), int(row["dropoffs"]),
            _seconds(row["median_seconds_to_next"]), _seconds(row["p90_seconds_to_next"]))
    for row in sorted(pairs, key=lambda r: (r["segment"] or "", r["touchpoint"], r["next_touchpoint"])):
        groups.setdefault(row["segment"], ObservedFlows()).pairs[(row["touchpoint"], row["next_touchpoint"])] = \
            int(row["transitions"])


def _seconds(value) -> float | None:
    """Seconds to 3 decimals; None where unknown (no next visit, or a figure that is not finite: the
    engines refuse out-of-range times, so that would be a bug, and NaN is no figure)."""
    if value is None or not math.isfinite(float(value)):
        return None
    return round(float(value), 3)
