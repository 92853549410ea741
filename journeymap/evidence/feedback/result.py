"""What a feedback file says per touchpoint: rows, mean rating, emotion, share of negative rows, quotes."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.findings import Diagnostic

QUOTES = 3  # per touchpoint: the lowest rated first, then the newest


@dataclass(frozen=True)
class Quote:
    text: str
    rating: float | None
    source: str | None
    date: str | None


@dataclass(frozen=True)
class TouchpointFeedback:
    """The rows linked to one touchpoint. mean_rating, emotion, negative_share: over the rows with a rating
    (None: none has one); by_persona: persona id -> (rated rows, emotion) where rows carry a segment."""

    rows: int
    mean_rating: float | None
    emotion: float | None
    negative_share: float | None
    quotes: list[Quote] = field(default_factory=list)
    by_persona: dict[str, tuple[int, float]] = field(default_factory=dict)


@dataclass
class FeedbackRead:
    """One `kind: feedback` entry: its figures, or the problems that kept it from them."""

    index: int
    file: str
    rows: int = 0
    touchpoints: dict[str, TouchpointFeedback] = field(default_factory=dict)
    unlinked_rows: int = 0
    unlinked_words: list[tuple[str, int]] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
