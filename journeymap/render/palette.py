"""Colours shared by the diagram and the HTML report; every one is doubled by a number, word or mark.

Emotions take their colours, and the mark of their sign, from the one emotion scale (model/emotion.py). Personas use the
Okabe-Ito qualitative palette, each also with its own marker shape and dash pattern, so lines
stay apart in black and white.
"""

from journeymap.i18n.catalog import labels
from journeymap.model.emotion import LEVELS, nearest

EMOTION_COLORS = {level.value: level.colour for level in LEVELS}
EMOTION_TEXT = {level.value: level.text_colour for level in LEVELS}
EMOTION_MARKS = {level.value: level.mark for level in LEVELS}
HOTSPOT_COLOR = "#67001f"
PERSONA_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#8c6d00")
PERSONA_MARKERS = ("circle", "square", "triangle", "diamond")
PERSONA_DASHES = ("", "8 4", "3 3", "10 3 3 3")


def emotion_step(value: float) -> int:
    """-2..2, the nearest whole step of an emotion value."""
    return nearest(value).value


def emotion_word(value: float, lang: str) -> str:
    """The word for an emotion value in a report language, rounded to the nearest step."""
    return labels(lang)[nearest(value).label]
