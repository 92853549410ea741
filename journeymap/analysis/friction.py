"""Friction score per touchpoint and persona (0..1), and hotspots weighted by contact volume.

friction = (w_emotion * emotion_part + w_effort * effort_part + w_pains * pains_part) / (sum of the
weights of the parts present), where
  emotion_part = max(0, -emotion) / 2          (neutral or better = 0, frustrated (-2) = 1)
  effort_part  = (effort - 1) / 6              (1 very easy = 0, 7 very hard = 1)
  pains_part   = 1 - prod(1 - severity / 5)    (no pains = 0, any severity-5 pain = 1)
  gap_part     = max(0, -gap) / 4              (met or beaten = 0, gap -4 = 1; only where an expectation is set)
The gap's weight is 0 unless `analysis.weights.gap` says otherwise, so a map's figures do not move when
expectations are added.
A touchpoint without an emotion or an effort is scored on what it has; the missing inputs are listed.
Touchpoints are ranked by friction x a weight for their monthly contact volume (see volume_weights); the
hotspots are those among them whose friction reaches the map's `analysis.hotspot_min`.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from dataclasses import dataclass, field

from journeymap.model.format import emotion_for, pain_severity, passes
from journeymap.model.voice import gap_for


@dataclass(frozen=True)
class PersonaFriction:
    persona: str
    score: float
    emotion: float | None


@dataclass(frozen=True)
class TouchpointFriction:
    """Friction of one touchpoint: overall (mean over the personas who pass and record an emotion there,
    or over all who pass when none does), per persona, and parts."""

    touchpoint: str
    score: float
    parts: dict[str, float]
    missing: list[str]
    by_persona: list[PersonaFriction] = field(default_factory=list)


@dataclass(frozen=True)
class Hotspot:
    """A touchpoint ranked by hotspot score = friction x volume weight (rank 1 = highest score)."""

    rank: int
    touchpoint: str
    friction: float
    volume: float | None
    volume_estimated: bool
    volume_weight: float
    score: float


def emotion_part(emotion: float) -> float:
    return max(0.0, -emotion) / 2


def effort_part(effort: float) -> float:
    return (effort - 1) / 6


def pains_part(severities: list[int]) -> float:
    remaining = 1.0
    for severity in severities:
        remaining *= 1 - severity / 5
    return 1 - remaining


def gap_part(gap: float) -> float:
    return max(0.0, -gap) / 4


def combine(parts: dict[str, float | None], weights: dict[str, float]) -> float:
    present = {name: value for name, value in parts.items() if value is not None}
    total_weight = sum(weights.get(name, 0.0) for name in present)
    if total_weight == 0:
        return 0.0
    return sum(weights.get(name, 0.0) * value for name, value in present.items()) / total_weight


def touchpoint_friction(model, touchpoint, weights: dict[str, float], persona_ids: list[str]) -> TouchpointFriction:
    effort = effort_part(touchpoint.effort) if touchpoint.effort is not None else None
    pains = pains_part([pain_severity(p) for p in touchpoint.pains])
    by_persona, gaps = [], []
    for persona in persona_ids:
        if not passes(touchpoint, persona):
            continue
        emotion, gap = emotion_for(touchpoint, persona), gap_for(touchpoint, persona)
        parts = {"emotion": emotion_part(emotion) if emotion is not None else None, "effort": effort, "pains": pains,
                 "gap": gap_part(gap) if gap is not None else None}
        by_persona.append(PersonaFriction(persona, combine(parts, weights), emotion))
        gaps.append(gap)
    emotion_parts = [emotion_part(p.emotion) for p in by_persona if p.emotion is not None]
    overall_emotion = statistics.fmean(emotion_parts) if emotion_parts else None
    gap_parts = [gap_part(gap) for gap in gaps if gap is not None]
    overall_gap = statistics.fmean(gap_parts) if gap_parts else None
    missing = [name for name, value in (("emotion", overall_emotion), ("effort", effort)) if value is None]
    # Personas with a recorded emotion speak for the touchpoint; the others only when nobody has one,
    # so adding a persona without data does not move the touchpoint's friction.
    felt = [p for p in by_persona if p.emotion is not None] or by_persona
    score = statistics.fmean(p.score for p in felt) if felt else 0.0
    parts = {name: value for name, value in (("emotion", overall_emotion), ("effort", effort), ("pains", pains),
                                             ("gap", overall_gap)) if value is not None}
    return TouchpointFriction(touchpoint.id, score, parts, missing, by_persona)


def friction_by_touchpoint(journey, persona: str | None = None) -> dict[str, TouchpointFriction]:
    """Friction of every touchpoint (first definition of each id), optionally for one persona only."""
    model = journey.model
    weights = friction_weights(model)
    persona_ids = [persona] if persona else [p.id for p in model.personas]
    result = {}
    for node in journey.graph:
        touchpoint = journey.graph.nodes[node]["touchpoint"]
        result[node] = touchpoint_friction(model, touchpoint, weights, persona_ids)
    return result


def friction_weights(model) -> dict[str, float]:
    """The weights of the parts of friction; the gap's only when it counts (above 0), so the figures of a map
    that does not weigh expectations read as before they existed."""
    weights = model.analysis.weights.model_dump()
    if not weights["gap"]:
        del weights["gap"]
    return weights


def volume_weights(volumes: dict[str, float | None]) -> dict[str, tuple[float, bool]]:
    """(weight 0..1, estimated?) per touchpoint: log10(1 + volume) / log10(1 + largest volume).

    On a log scale ten times the contacts adds one step, so volume sharpens the ranking without
    letting a busy, mildly annoying touchpoint bury a small, painful one. A touchpoint without a
    volume counts with the median known volume (estimated); with no volume known anywhere every
    weight is 1 and the ranking is by friction alone.
    """
    known = [v for v in volumes.values() if v is not None]
    top = math.log10(1 + max(known)) if known else 0.0
    if top == 0:
        return {node: (1.0, False) for node in volumes}
    fallback = math.log10(1 + median_volume(volumes)) / top
    return {node: ((math.log10(1 + v) / top, False) if v is not None else (fallback, True))
            for node, v in volumes.items()}


def median_volume(volumes: dict[str, float | None]) -> float | None:
    """The volume a touchpoint without one counts with: the median of the known volumes (None: none known)."""
    known = [v for v in volumes.values() if v is not None]
    return statistics.median(known) if known else None


def ranking(friction: dict[str, TouchpointFriction], volumes: dict[str, float | None]) -> list[Hotspot]:
    """Every touchpoint someone passes, by hotspot score, highest first (ties: higher friction, then id)."""
    weights = volume_weights({node: volumes.get(node) for node in friction})
    rows = []
    for node, figure in friction.items():
        if not figure.by_persona:
            continue
        weight, estimated = weights[node]
        rows.append((figure.score * weight, figure.score, node, volumes.get(node), weight, estimated))
    rows.sort(key=lambda row: (-row[0], -row[1], row[2]))
    return [Hotspot(rank, node, score, volume, estimated, weight, hotspot_score)
            for rank, (hotspot_score, score, node, volume, weight, estimated) in enumerate(rows, start=1)]


def reaches(friction: float, hotspot_min: float) -> bool:
    """Friction above 0 that reaches the threshold; a hair of float noise (0.29999…) counts as 0.3."""
    return friction > 0 and friction >= hotspot_min - 1e-9


def hotspots(ranked: list[Hotspot], hotspot_min: float) -> list[Hotspot]:
    """The touchpoints of a ranking whose friction reaches hotspot_min, ranked 1.. among themselves.

    A busy touchpoint with little friction is no hotspot however many contacts it has: volume orders
    the hotspots, it does not make them.
    """
    hot = [h for h in ranked if reaches(h.friction, hotspot_min)]
    return [dataclasses.replace(h, rank=rank) for rank, h in enumerate(hot, start=1)]
