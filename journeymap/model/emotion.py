"""The emotion scale, defined once: five levels from frustrated (-2) to delighted (+2), each with its word and colours.

The format accepts a level's word wherever it accepts a number; the i18n catalogues label each
level under `emotion.<word>`; Mermaid's scores 1..5 are the levels plus 3. The colours are
ColorBrewer's RdBu diverging scheme (colour-blind safe), the ends dark enough for white text at
WCAG AA contrast; every colour is doubled by the number and the word.
"""

from __future__ import annotations

from typing import NamedTuple


class Level(NamedTuple):
    value: int
    word: str
    colour: str
    text_colour: str   # of text written on the colour

    @property
    def label(self) -> str:
        """The key of the level's word in the i18n catalogues."""
        return f"emotion.{self.word}"


LEVELS = (
    Level(-2, "frustrated", "#ca0020", "#ffffff"),
    Level(-1, "unhappy", "#f4a582", "#000000"),
    Level(0, "neutral", "#f7f7f7", "#000000"),
    Level(1, "happy", "#92c5de", "#000000"),
    Level(2, "delighted", "#0571b0", "#ffffff"),
)
WORDS = {level.word: level.value for level in LEVELS}
LOWEST, HIGHEST = LEVELS[0].value, LEVELS[-1].value


def nearest(value: float) -> Level:
    """The level of an emotion value: the nearest whole step, within the scale."""
    return LEVELS[int(max(LOWEST, min(HIGHEST, round(value)))) - LOWEST]
