"""Conformance: how many cases follow the designed journey, and where the others leave it, each at a map line.

A case conforms when its first touchpoint is an entry of the map (as `unreachable` knows them: a
touchpoint of the first phase that no forward `next` leads to) and every pair of visits it takes is a
designed `next` (loops included). The engines count the conforming cases (evidence/observe/sql.py);
the deviations come from the counts they give per pair and per touchpoint.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.evidence.observe.result import ObservedFlows

UNDESIGNED, WRONG_START = "undesigned-transition", "wrong-start"


@dataclass(frozen=True)
class Deviation:
    """Where cases leave the design: a pair of visits the map has no `next` for, or a start away from the entries."""

    kind: str                   # undesigned-transition | wrong-start
    touchpoint: str             # the transition's source, or where the cases started
    target: str | None          # the transition's target (None for a wrong start)
    cases: int                  # cases that show it at least once
    touchpoint_index: int       # the touchpoint's place in the map: the line a deviation points at


@dataclass(frozen=True)
class Conformance:
    cases: int                  # cases with at least one visit
    conforming: int
    deviations: list[Deviation]  # most cases first, then kind, touchpoint, target

    @property
    def rate(self) -> float | None:
        return self.conforming / self.cases if self.cases else None


def conformance(journey, flows: ObservedFlows) -> Conformance:
    """The conformance of the cases behind `flows` (all of a log's cases, or one persona's)."""
    steps = journey.flows.steps
    designed = {(flow.source, flow.target) for flow in journey.flows.flows}
    entries = set(journey.flows.entries())
    deviations = [Deviation(UNDESIGNED, source, target, cases, steps[source].index)
                  for (source, target), cases in flows.pair_cases.items() if (source, target) not in designed]
    deviations += [Deviation(WRONG_START, touchpoint, None, figures.starts, steps[touchpoint].index)
                   for touchpoint, figures in flows.touchpoints.items() if figures.starts and touchpoint not in entries]
    deviations.sort(key=lambda d: (-d.cases, d.kind, d.touchpoint, d.target or ""))
    return Conformance(flows.paths.cases, flows.paths.conforming, deviations)
