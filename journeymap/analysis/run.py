"""Friction analysis: pure functions over a validated journey, returning one serialisable Analysis.

Every figure and formula is explained in docs/analysis.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass

from journeymap.analysis.breakdown import GroupFigures, breakdown
from journeymap.analysis.coverage import Coverage, coverage
from journeymap.analysis.curves import EmotionCurve, emotion_curves
from journeymap.analysis.friction import (Hotspot, TouchpointFriction, friction_by_touchpoint, friction_weights,
                                         hotspots, median_volume, ranking)
from journeymap.analysis.funnel import Funnel, funnel, has_shares
from journeymap.analysis.observed import observed_basis
from journeymap.analysis.value import MapValue, map_value
from journeymap.analysis.value import to_dict as value_to_dict
from journeymap.analysis.voice import Voice, voice
from journeymap.evidence.kpis import Kpi, touchpoint_kpis
from journeymap.model.graph import ordered_touchpoints
from journeymap.runtime import gc_paused

ANALYSIS_FORMAT = 1


@dataclass(frozen=True)
class Analysis:
    """Everything the renderers show about friction, in one object."""

    title: str
    persona: str | None
    weights: dict[str, float]
    friction: dict[str, TouchpointFriction]
    hotspot_min: float                   # friction from which a touchpoint is a hotspot (analysis.hotspot_min)
    hotspots: list[Hotspot]              # only the touchpoints whose friction reaches hotspot_min
    emotion_curves: list[EmotionCurve]
    funnel: Funnel | None
    kpis: dict[str, list[Kpi]]
    channels: list[GroupFigures]
    owners: list[GroupFigures]
    coverage: Coverage
    volume_median: float | None = None   # the volume a touchpoint without one counts with (volume_estimated)
    volume_basis: str = "declared"       # declared: kpis.volume; observed: cases in the event logs; none
    observed_logs: list[str] = dataclasses.field(default_factory=list)  # event logs that stand in for figures
    value: MapValue | None = None        # money at stake (analysis/value.py); None: the map names no money
    voice: Voice | None = None           # expectations, competitors, SWOT (analysis/voice.py); None: the map has none


def analyze(journey, persona: str | None = None) -> Analysis:
    """Analyse a validated journey (for one persona, or for all)."""
    with gc_paused():
        return _analyze(journey, persona)


def _analyze(journey, persona: str | None) -> Analysis:
    friction = friction_by_touchpoint(journey, persona)
    kpis = touchpoint_kpis(journey)
    volumes = {node: next((k.value for k in kpis.get(node, []) if k.name == "volume"), None) for node in friction}
    no_shares = not has_shares(journey.graph)
    no_volumes = all(volume is None for volume in volumes.values())
    observed = observed_basis(journey) if no_shares or no_volumes else None
    volume_basis = "declared" if not no_volumes else "observed" if observed else "none"
    if volume_basis == "observed":
        volumes = observed_volumes(journey, observed, friction)
    scored = ranking(friction, volumes)
    hotspot_min = journey.model.analysis.hotspot_min
    hot = hotspots(scored, hotspot_min)
    flow_funnel = funnel(journey, observed if no_shares else None)
    stood_in = (flow_funnel is not None and flow_funnel.basis == "observed") or volume_basis == "observed"
    return Analysis(
        title=journey.model.title,
        persona=persona,
        weights=friction_weights(journey.model),
        friction=friction,
        hotspot_min=hotspot_min,
        hotspots=hot,
        emotion_curves=emotion_curves(journey, persona),
        funnel=flow_funnel,
        kpis=kpis,
        channels=breakdown(journey, "channel", friction, kpis),
        owners=breakdown(journey, "owner", friction, kpis),
        coverage=coverage(journey, hot, scored),
        volume_median=_finite(median_volume({node: volumes.get(node) for node in friction})),
        volume_basis=volume_basis,
        observed_logs=list(observed.logs) if stood_in else [],
        value=map_value(journey, kpis, lambda: observed or observed_basis(journey)),
        voice=voice(journey, ordered_touchpoints(journey.graph), persona),
    )


def _finite(value: float | None) -> float | None:
    """The median of two volumes near the float limit overflows: not known, as every figure past the range."""
    return value if value is not None and math.isfinite(value) else None


def observed_volumes(journey, observed, friction) -> dict[str, float | None]:
    """Cases that reached each touchpoint in the logs; None (estimated) where no event means the touchpoint."""
    claiming = {touchpoint.id for touchpoint in journey.model.touchpoints if touchpoint.events}
    reached = observed.flows.touchpoints
    return {node: (reached[node].reach if node in reached else 0) if node in claiming else None for node in friction}


def to_dict(analysis: Analysis) -> dict:
    """JSON-ready data: floats rounded to 4 places, money without float noise, dates as ISO text, stable
    key order; `value` only for a map that names money, `voice` only for one that has expectations, benchmarks or
    a SWOT."""
    data = dataclasses.asdict(dataclasses.replace(analysis, value=None, voice=None))
    del data["value"], data["voice"]
    for name, kpis in data["kpis"].items():
        for kpi, original in zip(kpis, analysis.kpis[name]):
            kpi["lower_is_better"] = original.lower_is_better
            kpi["meets_target"] = original.meets_target
    data = _clean(data)
    if analysis.value is not None:
        data["value"] = value_to_dict(analysis.value)
    if analysis.voice is not None:
        data["voice"] = _clean(dataclasses.asdict(analysis.voice))
    return data


def _clean(value):
    if isinstance(value, float):
        rounded = round(value, 4)
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k) if k is not None else "null": _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value
