"""The map's design as the engines read it: touchpoints by number, the events that claim them, entries, ends, flows.

The engines work on touchpoint numbers (small integers sort and compare faster than ids); a
touchpoint's number is its place among the ids in sorted order, so a variant's list of numbers
sorts like its list of ids. result.py turns the numbers back into ids.
"""

from __future__ import annotations

from dataclasses import dataclass

# Past its first visits (`head_visits`), a variant's visits are a list of visit_no * PLACE + touchpoint
# number (sql.py), so a map may have up to PLACE touchpoints and a case up to 2^63 / PLACE visits.
PLACE = 1 << 20
HEAD_LIMIT = 1 << 62   # a variant's head number stays below this (BIGINT, in both engines)


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

    # A variant's first visits are one number, its head: the touchpoint numbers plus one as the digits of
    # a number to the base of the touchpoints plus one (0: no visit). So heads sort like the paths they
    # begin, and most cases (few visits) need no list at all, which a million small lists would cost.
    @property
    def base(self) -> int:
        return len(self.touchpoints) + 1

    @property
    def head_visits(self) -> int:
        """How many visits a head holds: 14 for a map of 20 touchpoints, 6 for one of 1,000."""
        visits = 1
        while self.base ** (visits + 1) < HEAD_LIMIT:
            visits += 1
        return visits

    def path(self, head: int, tail) -> tuple[str, ...]:
        """The touchpoint ids of a variant from its head and tail (the visits past the head, or None)."""
        steps = []
        for place in range(self.head_visits - 1, -1, -1):
            digit = head // self.base ** place % self.base
            if digit == 0:
                break
            steps.append(self.touchpoints[digit - 1])
        return tuple(steps) + tuple(self.touchpoints[visit % PLACE] for visit in sorted(tail or ()))


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
