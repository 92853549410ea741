"""Designed vs observed: every designed `next` beside what the log shows (with its 95 % interval), and the flows
the map lacks."""

from __future__ import annotations

import math
from dataclasses import dataclass

from journeymap.model.format import edge
from journeymap.evidence.observe.result import ObservedFlows

MIN_VISITS = 30  # below this many visits at a touchpoint, a flow the map lacks is not worth a warning
MIN_LACKING_SHARE = 0.05  # a flow the map lacks matters from this share of the source's visits
Z95 = 1.959963984540054  # the standard normal quantile of 97.5 %: a two-sided 95 % interval


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a share observed as successes of trials (None without trials).

    Unlike the normal approximation it stays within 0..1 and holds for small counts and shares near
    0 or 1: 15 of 40 visits give 0.375 in [0.242, 0.530], 375 of 1,000 give [0.345, 0.406].
    """
    if trials <= 0:
        return None
    share, z2 = successes / trials, z * z
    centre = (share + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z / (1 + z2 / trials) * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials * trials))
    # At 0 or all successes a bound is exactly 0 or 1; floating point would leave 0.9999999999999999.
    return (0.0 if successes == 0 else centre - half), (1.0 if successes == trials else centre + half)


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
        """Enough visits at source for a flow the map lacks (or a change between versions) to mean something."""
        return self.visits >= MIN_VISITS

    @property
    def interval(self) -> tuple[float, float] | None:
        """The 95 % Wilson interval of the observed share (None: source never visited)."""
        return wilson(self.observed, self.visits)

    def off(self, tolerance: float) -> bool:
        """A designed share that the log contradicts (`observed-flow-mismatch`): it lies outside the observed
        share's 95 % interval, so chance explains the difference poorly, and further than the tolerance from
        the observed share, so the difference matters. Few visits give a wide interval: no warning."""
        interval = self.interval
        if self.designed_share is None or interval is None:
            return False
        low, high = interval
        outside = self.designed_share < low - 1e-9 or self.designed_share > high + 1e-9
        return outside and abs(self.designed_share - self.observed_share) > tolerance + 1e-9

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
