"""The flows of a map's event logs, merged, where the analysis lets them stand in for typed-in figures.

A map without a hand-written `share` takes its funnel from the observed shares; a map without any
`kpis.volume` weights its hotspots by the cases that reached each touchpoint in the logs. Both are
said in every report (docs/analysis.md, "Observed figures in the analysis").
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.evidence.observe.result import ObservedFlows, ObservedTouchpoint


@dataclass(frozen=True)
class ObservedBasis:
    """The event logs (as written in `data`) whose figures the analysis used, and the merged flows."""

    logs: list[str]
    flows: ObservedFlows


def observed_basis(journey) -> ObservedBasis | None:
    """The merged flows of every event log that was read and holds cases; None when there is none."""
    observed = [(journey.model.data[log.index].file, log.observation) for log in journey.observations
                if log.observation is not None and log.observation.cases]
    if not observed:
        return None
    return ObservedBasis([file for file, _ in observed], merge([o.flows for _, o in observed]))


def merge(flows: list[ObservedFlows]) -> ObservedFlows:
    """Counts added up over logs (cases of different logs are different cases)."""
    if len(flows) == 1:
        return flows[0]
    merged = ObservedFlows()
    for part in flows:
        for touchpoint, figures in part.touchpoints.items():
            known = merged.touchpoints.get(touchpoint)
            merged.touchpoints[touchpoint] = figures if known is None else ObservedTouchpoint(
                known.reach + figures.reach, known.visits + figures.visits, known.starts + figures.starts,
                known.dropoffs + figures.dropoffs, None, None)
        for pair, count in part.pairs.items():
            merged.pairs[pair] = merged.pairs.get(pair, 0) + count
    return merged
