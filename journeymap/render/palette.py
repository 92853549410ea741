"""Colours shared by the diagram and the HTML report; every one is doubled by a number, word or mark.

Emotions use ColorBrewer's RdBu diverging scheme (colour-blind safe); the ends are dark enough
for white text at WCAG AA contrast. Personas use the Okabe-Ito qualitative palette, each also
with its own marker shape and dash pattern, so lines stay apart in black and white.
"""

EMOTION_COLORS = {-2: "#ca0020", -1: "#f4a582", 0: "#f7f7f7", 1: "#92c5de", 2: "#0571b0"}
EMOTION_TEXT = {-2: "#ffffff", -1: "#000000", 0: "#000000", 1: "#000000", 2: "#ffffff"}
HOTSPOT_COLOR = "#67001f"
PERSONA_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#8c6d00")
PERSONA_MARKERS = ("circle", "square", "triangle", "diamond")
PERSONA_DASHES = ("", "8 4", "3 3", "10 3 3 3")


def emotion_step(value: float) -> int:
    """-2..2, the nearest whole step of an emotion value."""
    return int(max(-2, min(2, round(value))))
