"""The customer's voice in the map: what customers expect at a touchpoint, competitors and how they do there, the SWOT.

A touchpoint's `expectation` takes the forms of its `emotion`; gap = emotion - expectation, per persona
(negative: disappointed, positive: delighted beyond expectation). Its `benchmark` says how each named
competitor does at the same moment; the SWOT's strengths and weaknesses follow from those (analysis/voice.py),
its opportunities and threats are written in the map.
"""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import Field, StringConstraints

from journeymap.model.values import EmotionValue, Name, Strict, bounded, for_persona

_Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class Competitor(Strict):
    id: _Slug
    name: Name


class Benchmark(Strict):
    """How a competitor does at this touchpoint, on our scales."""

    emotion: Optional[EmotionValue] = None
    effort: Optional[bounded(1, 7, description="customer effort, 1 very easy .. 7 very hard")] = None
    rating: Optional[bounded(0, None, description="their rating here, e.g. stars from reviews")] = None
    note: Optional[str] = None


class Swot(Strict):
    opportunities: list[Name] = Field([], description="chances outside: what the market offers")
    threats: list[Name] = Field([], description="dangers outside: what competitors or the market do")


def expectation_for(touchpoint, persona_id: str) -> float | None:
    """The emotion one persona expects here: its own entry, else the shared value, else None."""
    return for_persona(touchpoint.expectation, persona_id)


def gap_for(touchpoint, persona_id: str) -> float | None:
    """emotion - expectation for one persona (negative: disappointed); None when either is missing."""
    felt, expected = for_persona(touchpoint.emotion, persona_id), expectation_for(touchpoint, persona_id)
    return None if felt is None or expected is None else felt - expected


def broken_promise(gap: float | None, limit: float) -> bool:
    """A gap at or below the map's limit (`rules.expectation_gap`); a hair of float noise, -1.9999…, counts as -2."""
    return gap is not None and gap <= limit + 1e-9
