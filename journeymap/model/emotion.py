"""The emotion scale, defined once: five levels from frustrated (-2) to delighted (+2), each with its word and colours.

The format accepts a level's word wherever it accepts a number; the i18n catalogues label each
level under `emotion.<word>`; Mermaid's scores 1..5 are the levels plus 3. The colours are
diverging red to blue (colour-blind safe), darker the stronger the feeling, and a negative level
darker than its positive twin: printed in black and white the five are five greys about 50 of
255 apart (frustrated darkest, neutral lightest). Text on each colour reaches WCAG AA contrast.
Every colour is doubled by the number, the word and a mark for the sign (a frowning face below
zero, a smiling one above, a circle at zero), so no level rests on colour alone.
"""

from __future__ import annotations

from typing import NamedTuple


class Level(NamedTuple):
    value: int
    word: str
    colour: str
    text_colour: str   # of text written on the colour
    mark: str          # the sign as a shape, beside the colour

    @property
    def label(self) -> str:
        """The key of the level's word in the i18n catalogues."""
        return f"emotion.{self.word}"


# In grey (ITU-R 601 luma, as Pillow's "L" mode): -2 is 47, +2 98, -1 153, +1 200, 0 247 of 255.
LEVELS = (
    Level(-2, "frustrated", "#8e0024", "#ffffff", "☹"),
    Level(-1, "unhappy", "#e0805e", "#000000", "☹"),
    Level(0, "neutral", "#f7f7f7", "#000000", "○"),
    Level(1, "happy", "#a6d3e8", "#000000", "☺"),
    Level(2, "delighted", "#2a6fb5", "#ffffff", "☺"),
)
WORDS = {level.word: level.value for level in LEVELS}
LOWEST, HIGHEST = LEVELS[0].value, LEVELS[-1].value


def nearest(value: float) -> Level:
    """The level of an emotion value: the nearest whole step, within the scale."""
    return LEVELS[int(max(LOWEST, min(HIGHEST, round(value)))) - LOWEST]
