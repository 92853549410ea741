"""The customer's voice: expectation gaps per persona, our emotion against the competitors', the SWOT.

gap = emotion - expectation, per persona who passes the touchpoint and has both (negative: disappointed).
Our emotion at a touchpoint is the mean over the personas who pass it and have one. A strength is a
touchpoint where ours beats every benchmarked competitor's emotion by 1 or more; a weakness one where some
competitor's beats ours by 1 or more. Opportunities and threats are the map's `swot`, as written.
"""

from __future__ import annotations

import dataclasses
import statistics
from dataclasses import dataclass, field

from journeymap.model.format import emotion_for, passes
from journeymap.model.voice import gap_for

MARGIN = 1  # emotion steps by which one side must beat the other to be a strength or a weakness


@dataclass(frozen=True)
class TouchpointVoice:
    expectation_gap: dict[str, float] = field(default_factory=dict)   # persona id -> emotion - expectation
    benchmark: dict[str, dict] = field(default_factory=dict)          # competitor id -> their figures, and ours
    feedback: dict | None = None   # rows, mean_rating, emotion, negative_share, quotes (evidence/feedback)


@dataclass(frozen=True)
class Swot:
    strengths: list[str] = field(default_factory=list)       # touchpoint ids, in journey order
    weaknesses: list[str] = field(default_factory=list)
    opportunities: list[str] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Voice:
    touchpoints: dict[str, TouchpointVoice]
    swot: Swot
    unlinked_rows: int = 0                                              # feedback rows no touchpoint took
    unlinked_words: list[tuple[str, int]] = field(default_factory=list)  # their most frequent words, with counts


def has_voice(model) -> bool:
    """Does the map say anything of the customer's voice? (else the analysis has no `voice` at all)"""
    return bool(model.competitors or model.swot or any(source.kind == "feedback" for source in model.data) or any(
        t.expectation is not None or t.benchmark for t in model.touchpoints))


def voice(journey, order: list[str], persona: str | None = None) -> Voice | None:
    """The voice figures of a journey, touchpoints in the given order; None for a map that has none."""
    model = journey.model
    if not has_voice(model):
        return None
    personas = [persona] if persona else [p.id for p in model.personas]
    touchpoints, heard = {}, _feedback(journey)
    for node in order:
        touchpoint = journey.graph.nodes[node]["touchpoint"]
        gaps = expectation_gaps(touchpoint, personas)
        ours = our_emotion(touchpoint, personas)
        benchmark = {competitor: _benchmark(figures, ours) for competitor, figures in touchpoint.benchmark.items()}
        if gaps or benchmark or node in heard:
            touchpoints[node] = TouchpointVoice(gaps, benchmark, heard.get(node))
    strengths = [node for node, figures in touchpoints.items() if verdict(figures.benchmark) == "strength"]
    weaknesses = [node for node, figures in touchpoints.items() if verdict(figures.benchmark) == "weakness"]
    swot = model.swot
    return Voice(touchpoints, Swot(strengths, weaknesses, list(swot.opportunities) if swot else [],
                                   list(swot.threats) if swot else []),
                 sum(read.unlinked_rows for read in journey.feedback),
                 [word for read in journey.feedback for word in read.unlinked_words])


def _feedback(journey) -> dict[str, dict]:
    """touchpoint -> its feedback figures; a touchpoint linked in several files takes the first file's."""
    heard: dict[str, dict] = {}
    for read in journey.feedback:
        for node, figures in read.touchpoints.items():
            heard.setdefault(node, {"rows": figures.rows, "mean_rating": figures.mean_rating,
                                    "emotion": figures.emotion, "negative_share": figures.negative_share,
                                    "quotes": [dataclasses.asdict(quote) for quote in figures.quotes]})
    return heard


def expectation_gaps(touchpoint, personas: list[str]) -> dict[str, float]:
    """persona id -> gap, for the personas who pass and have an emotion and an expectation here."""
    gaps = {persona: gap_for(touchpoint, persona) for persona in personas if passes(touchpoint, persona)}
    return {persona: gap for persona, gap in gaps.items() if gap is not None}


def our_emotion(touchpoint, personas: list[str]) -> float | None:
    """The mean emotion of the personas who pass here and have one (None: nobody has)."""
    felt = [emotion_for(touchpoint, p) for p in personas if passes(touchpoint, p)]
    felt = [value for value in felt if value is not None]
    return statistics.fmean(felt) if felt else None


def _benchmark(figures, ours: float | None) -> dict:
    lead = None if ours is None or figures.emotion is None else ours - figures.emotion
    return {"emotion": figures.emotion, "effort": figures.effort, "rating": figures.rating, "note": figures.note,
            "ours": ours, "lead": lead}


def verdict(benchmark: dict[str, dict]) -> str | None:
    """'strength' when we lead every competitor with an emotion here by MARGIN, 'weakness' when one leads us."""
    leads = [figures["lead"] for figures in benchmark.values() if figures["lead"] is not None]
    if not leads:
        return None
    if any(lead <= -MARGIN for lead in leads):
        return "weakness"
    return "strength" if all(lead >= MARGIN for lead in leads) else None
