"""The customer's voice in the map: what customers expect at a touchpoint, competitors and how they do there, the SWOT.

A touchpoint's `expectation` takes the forms of its `emotion`; gap = emotion - expectation, per persona
(negative: disappointed, positive: delighted beyond expectation). Its `benchmark` says how each named
competitor does at the same moment; the SWOT's strengths and weaknesses follow from those (analysis/voice.py),
its opportunities and threats are written in the map.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional

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


RATING_SCALES = {"stars5": (1, 5), "nps10": (0, 10)}


class FeedbackSource(Strict):
    """Customer feedback: reviews, survey comments, social posts; one row per comment (docs/format.md)."""

    file: str = Field(description="CSV, .csv.gz or Parquet file relative to the map")
    kind: Literal["feedback"]
    text_column: str = Field(description="column with the comment as the customer wrote it")
    rating_column: Optional[str] = Field(None, description="column with the rating of the comment")
    rating_scale: Literal[tuple(RATING_SCALES)] = Field(
        "stars5", description="stars5: 1..5 stars; nps10: 0..10 as in the NPS question")
    date_column: Optional[str] = Field(None, description="column with the date of the comment (ISO)")
    source_column: Optional[str] = Field(None, description="column naming where it was said (Google, survey, ...)")
    touchpoint_column: Optional[str] = Field(None, description="column with a touchpoint id: an explicit link; "
                                                               "an empty cell means none")
    segment_column: Optional[str] = Field(None, description="column whose values map to personas (see segments)")
    segments: dict[str, _Slug] = Field({}, description="segment value -> persona id")


def feedback_emotion(rating: float, scale: str) -> float:
    """A rating on the emotion scale -2..2: stars r - 3; nps10 (r - 5) / 2.5."""
    return rating - 3 if scale == "stars5" else (rating - 5) / 2.5


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
