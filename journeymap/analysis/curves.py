"""Emotion curves per persona along the journey, with their low point, largest drop and peak-end value.

Order: phase order, then flow order within a phase (see graph.ordered_touchpoints). Only the
touchpoints the persona passes and that record an emotion for it are points of its curve.
peak-end = (most intense emotion + last emotion) / 2, the moment customers remember
(Kahneman's peak-end rule); "most intense" is the largest absolute value, the more negative one
on a tie, the earlier one on a further tie.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from journeymap.model.graph import ordered_touchpoints
from journeymap.model.format import emotion_for, passes


@dataclass(frozen=True)
class CurvePoint:
    touchpoint: str
    phase: str
    emotion: float


@dataclass(frozen=True)
class Drop:
    source: str
    target: str
    change: float


@dataclass(frozen=True)
class EmotionCurve:
    persona: str
    points: list[CurvePoint] = field(default_factory=list)
    lowest: CurvePoint | None = None
    largest_drop: Drop | None = None
    average: float | None = None
    peak: CurvePoint | None = None
    end: CurvePoint | None = None
    peak_end: float | None = None


def emotion_curve(journey, persona: str, order: list[str] | None = None) -> EmotionCurve:
    graph = journey.graph
    points = []
    for node in order or ordered_touchpoints(graph):
        touchpoint = graph.nodes[node]["touchpoint"]
        emotion = emotion_for(touchpoint, persona)
        if passes(touchpoint, persona) and emotion is not None:
            points.append(CurvePoint(node, touchpoint.phase, emotion))
    if not points:
        return EmotionCurve(persona)
    lowest = min(points, key=lambda p: p.emotion)
    drops = [Drop(a.touchpoint, b.touchpoint, b.emotion - a.emotion) for a, b in zip(points, points[1:])]
    largest = min(drops, key=lambda d: d.change) if drops else None
    peak = min(points, key=lambda p: (-abs(p.emotion), p.emotion))
    return EmotionCurve(
        persona, points, lowest,
        largest if largest is not None and largest.change < 0 else None,
        statistics.fmean(p.emotion for p in points),
        peak, points[-1], (peak.emotion + points[-1].emotion) / 2,
    )


def emotion_curves(journey, persona: str | None = None) -> list[EmotionCurve]:
    order = ordered_touchpoints(journey.graph)
    personas = [persona] if persona else [p.id for p in journey.model.personas]
    return [emotion_curve(journey, p, order) for p in personas]
