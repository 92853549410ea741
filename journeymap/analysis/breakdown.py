"""Friction, contact volume and cost per channel and per owner.

Volume and cost are sums of the touchpoints' `volume` and `cost` KPIs (monthly); cost per contact
is cost / volume over the touchpoints that declare both. Friction is the mean of the touchpoints'.
A sum beyond the float range is unknown (None), not infinity.
Touchpoints without a channel (owner) are grouped under `null`.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GroupFigures:
    id: str | None
    name: str
    touchpoints: list[str] = field(default_factory=list)
    friction: float | None = None
    volume: float | None = None
    cost: float | None = None
    cost_per_contact: float | None = None


def breakdown(journey, key: str, friction, kpis) -> list[GroupFigures]:
    """Figures per channel (key='channel') or per owner (key='owner'), in definition order."""
    kind = "channels" if key == "channel" else "owners"
    names = {item.id: item.name for item in reversed(getattr(journey.model, kind))}
    members: dict[str | None, list[str]] = {group: [] for group in names}
    for node in journey.graph:
        members.setdefault(getattr(journey.graph.nodes[node]["touchpoint"], key), []).append(node)
    return [_figures(group, names.get(group, "(none)" if group is None else group), nodes, friction, kpis)
            for group, nodes in members.items() if nodes or group in names]


def _figures(group, name, nodes, friction, kpis) -> GroupFigures:
    values = {node: {k.name: k.value for k in kpis.get(node, [])} for node in nodes}
    volumes = [v["volume"] for v in values.values() if "volume" in v]
    costs = [v["cost"] for v in values.values() if "cost" in v]
    both = [(v["cost"], v["volume"]) for v in values.values() if "cost" in v and "volume" in v]
    paid_volume = sum(volume for _, volume in both)
    scored = [friction[n].score for n in nodes if n in friction and friction[n].by_persona]
    return GroupFigures(
        group, name, nodes,
        statistics.fmean(scored) if scored else None,
        _known(sum(volumes)) if volumes else None,
        _known(sum(costs)) if costs else None,
        _known(sum(cost for cost, _ in both) / paid_volume) if paid_volume else None,
    )


def _known(figure: float) -> float | None:
    """A figure, or None where it is unknown: KPIs near the float limit (1e308) sum to infinity, and
    infinity over infinity is NaN, which no report can show and JSON cannot hold."""
    return figure if math.isfinite(figure) else None
