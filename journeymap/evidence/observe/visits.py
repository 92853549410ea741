"""From a log's sorted events to visits and cases, a chunk of whole cases at a time (walk.py).

The input (`Sorted`) holds the events that have a case id, within the log's window, ordered by
case, then mapped events before unmapped ones, then time, then file and row. A visit is a run of
consecutive events of one touchpoint in a case (sql.py and docs/observe.md define every term).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journeymap.evidence.observe.design import Design


@dataclass
class Sorted:
    """A log's events with a case id, sorted (module docstring): one array per column."""

    new_case: np.ndarray     # bool: the first event of its case
    touchpoint: np.ndarray   # int: the number of the touchpoint that claims it, -1 where none does
    ts: np.ndarray           # float64: epoch seconds
    persona: np.ndarray | None   # int: the persona number of its segment, -1 where none; None: no segments


class DesignArrays:
    """The design as lookup arrays on touchpoint numbers, and on the paths of one or two visits (as
    Tally.add_short numbers them: (first + 1) * (touchpoints + 1) + (second + 1), 0 for no second)."""

    def __init__(self, design: Design):
        tps = self.tps = len(design.touchpoints)
        self.is_end = np.zeros(tps, dtype=bool)
        self.is_end[list(design.ends)] = True
        self.is_entry = np.zeros(tps, dtype=bool)
        self.is_entry[list(design.entries)] = True
        self.designed = np.zeros(tps * tps, dtype=bool)
        self.designed[[source * tps + target for source, target in design.flows]] = True
        first = np.repeat(np.arange(-1, tps), tps + 1)
        second = np.tile(np.arange(-1, tps), tps + 1)
        real = first >= 0
        two = real & (second >= 0)
        end = np.append(self.is_end, False)   # [-1]: no visit
        self.short_reached = real & (end[first] | end[second])
        pair = np.where(two, first * tps + second, 0)
        self.short_conforms = real & np.append(self.is_entry, False)[first] & (~two | self.designed[pair])


@dataclass
class Visits:
    """Runs of consecutive events of one touchpoint in a case, in order."""

    touchpoint: np.ndarray    # int
    ts: np.ndarray            # its first event's time
    last_ts: np.ndarray       # its last event's time
    persona: np.ndarray | None   # its first event's persona number
    first: np.ndarray         # bool: the case's first visit
    has_next: np.ndarray      # bool: the case goes on to another visit
    next_touchpoint: np.ndarray   # int, -1 where there is no next


    def only(self, keep: np.ndarray) -> Visits:
        """The visits of some cases (keep: a mask that takes whole cases)."""
        return Visits(self.touchpoint[keep], self.ts[keep], self.last_ts[keep],
                       None if self.persona is None else self.persona[keep], self.first[keep], self.has_next[keep],
                       self.next_touchpoint[keep])


def visits_of(events: Sorted, mapped: np.ndarray) -> Visits:
    touchpoint = events.touchpoint[mapped]
    new_case = events.new_case[mapped]
    start = new_case.copy()
    start[1:] |= touchpoint[1:] != touchpoint[:-1]
    at = np.flatnonzero(start)
    count = len(at)
    visit_tp = touchpoint[at].astype(np.int64)
    first = new_case[at]
    last = np.empty(count, dtype=at.dtype)
    last[:-1] = at[1:] - 1
    last[-1:] = len(touchpoint) - 1
    has_next = np.zeros(count, dtype=bool)
    has_next[:-1] = ~first[1:]
    following = np.full(count, -1, dtype=visit_tp.dtype)
    following[:-1] = np.where(has_next[:-1], visit_tp[1:], -1)
    ts = events.ts[mapped]
    persona = None if events.persona is None else events.persona[mapped][at]
    return Visits(visit_tp, ts[at], ts[last], persona, first, has_next, following)


@dataclass
class Cases:
    """The cases with a visit, in order, and where their visits are."""

    start: np.ndarray      # index of each case's first visit
    length: np.ndarray     # its number of visits
    of_visit: np.ndarray   # each visit's case (index into start)
    reached: np.ndarray    # bool: visits an end touchpoint
    deviates: np.ndarray   # bool: starts away from an entry, or takes a pair the map does not design
    seconds: np.ndarray    # from its first to its last mapped event
    persona: np.ndarray | None   # its first visit's persona number
    pair: np.ndarray       # each visit's touchpoint * touchpoints + its next one (meaningful where it has one)


def cases_of(visits: Visits, design: DesignArrays) -> Cases:
    count = len(visits.touchpoint)
    start = np.flatnonzero(visits.first)
    length = np.diff(np.append(start, count))
    of_visit = np.cumsum(visits.first, dtype=np.int64) - 1
    reached = np.zeros(len(start), dtype=bool)
    reached[of_visit[design.is_end[visits.touchpoint]]] = True
    pair = visits.touchpoint * design.tps + visits.next_touchpoint
    undesigned = visits.has_next & ~design.designed[np.where(visits.has_next, pair, 0)]
    deviates = ~design.is_entry[visits.touchpoint[start]]
    deviates[of_visit[undesigned]] = True
    last = np.empty_like(start)
    last[:-1] = start[1:] - 1
    last[-1:] = count - 1
    seconds = visits.last_ts[last] - visits.ts[start]
    persona = None if visits.persona is None else visits.persona[start]
    return Cases(start, length, of_visit, reached, deviates, seconds, persona, pair)
