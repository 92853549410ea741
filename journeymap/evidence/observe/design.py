"""The map's design as the engines read it: touchpoints by number, the events that claim them, entries, ends, flows.

The engines work on touchpoint numbers (small integers sort and compare faster than ids); a
touchpoint's number is its place among the ids in sorted order, so a variant's list of numbers
sorts like its list of ids. result.py turns the numbers back into ids.
"""

from __future__ import annotations

from dataclasses import dataclass

# A variant is sorted by its visits: each is visit_no * PLACE + touchpoint number (sql.py), so a map
# may have up to PLACE touchpoints and a case up to 2^63 / PLACE (8.8 trillion) visits.
PLACE = 1 << 20


@dataclass(frozen=True)
class Design:
    """What the observed cases are held against."""

    touchpoints: tuple[str, ...]                # ids, sorted: a touchpoint's number is its place here
    claims: tuple[tuple[str, int], ...]         # (event name, touchpoint number), by event name
    entries: tuple[int, ...]                    # where a conforming case may start
    ends: tuple[int, ...]                       # touchpoints without a designed `next`: an outcome
    flows: tuple[tuple[int, int], ...]          # every designed `next` (loops too), as numbers

    def number(self, touchpoint: str) -> int:
        return self.touchpoints.index(touchpoint)


def design_of(journey) -> Design:
    """The design of a loaded map. An event belongs to the first touchpoint that names it; the entries are
    the map's entries as `unreachable` knows them (first phase, no forward flow into them)."""
    steps = journey.flows.steps
    ids = tuple(sorted(steps))
    number = {touchpoint: place for place, touchpoint in enumerate(ids)}
    claimed: dict[str, int] = {}
    for touchpoint in journey.model.touchpoints:
        for event in touchpoint.events:
            claimed.setdefault(event, number[touchpoint.id])
    flows = journey.flows.flows
    sources = {flow.source for flow in flows}
    return Design(ids, tuple(sorted(claimed.items())),
                  tuple(sorted(number[entry] for entry in journey.flows.entries())),
                  tuple(sorted(number[step] for step in steps if step not in sources)),
                  tuple(sorted({(number[flow.source], number[flow.target]) for flow in flows})))
