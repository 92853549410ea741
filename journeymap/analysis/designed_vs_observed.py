"""Designed vs observed: every designed `next` beside what the log shows, and the flows the map lacks."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model.format import edge
from journeymap.evidence.observe.result import ObservedFlows

MIN_VISITS = 30  # below this many visits at a touchpoint, an observed share says too little to warn about
MIN_LACKING_SHARE = 0.05  # a flow the map lacks matters from this share of the source's visits


@dataclass(frozen=True)
class Flow:
    """One transition, designed or observed or both."""

    source: str
    target: str
    designed: bool              # the map has this `next`
    designed_share: float | None
    observed: int               # directly-follows count in the log
    observed_share: float | None  # of the visits at source (None: source never visited)
    visits: int                 # visits at source
    touchpoint_index: int       # the source touchpoint's place in the map
    next_index: int | None      # the `next` entry's place (designed flows)

    @property
    def telling(self) -> bool:
        """Enough visits at source for its shares to mean something."""
        return self.visits >= MIN_VISITS

    def off(self, tolerance: float) -> bool:
        """A designed share that the log contradicts by more than the tolerance (`observed-flow-mismatch`)."""
        return (self.designed_share is not None and self.observed_share is not None and self.telling
                and abs(self.designed_share - self.observed_share) > tolerance + 1e-9)

    @property
    def lacking(self) -> bool:
        """A flow the map does not have that enough customers take (`unmapped-flow`)."""
        return not self.designed and self.telling and self.observed_share >= MIN_LACKING_SHARE - 1e-9


def compare(journey, flows: ObservedFlows) -> list[Flow]:
    """Designed flows in map order, then observed-only flows by source (map order) and count."""
    index = {}
    for i, touchpoint in enumerate(journey.model.touchpoints):
        index.setdefault(touchpoint.id, i)
    result, designed = [], set()
    for i, touchpoint in enumerate(journey.model.touchpoints):
        if index[touchpoint.id] != i:
            continue
        for k, item in enumerate(touchpoint.next):
            flow = edge(item)
            if (touchpoint.id, flow.to) in designed:
                continue
            designed.add((touchpoint.id, flow.to))
            result.append(_flow(flows, touchpoint.id, flow.to, True, flow.share, i, k))
    extra = [(source, target) for source, target in flows.pairs if (source, target) not in designed and source in index]
    extra.sort(key=lambda pair: (index[pair[0]], -flows.pairs[pair], pair[1]))
    result += [_flow(flows, source, target, False, None, index[source], None) for source, target in extra]
    return result


def _flow(flows: ObservedFlows, source: str, target: str, designed: bool, share, i: int, k) -> Flow:
    visited = flows.touchpoints.get(source)
    return Flow(source, target, designed, share, flows.pairs.get((source, target), 0), flows.share(source, target),
                visited.visits if visited else 0, i, k)
