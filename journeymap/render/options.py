"""Options of the diagram and paper sizes: light, so `render` can check its cache without the renderers."""

from __future__ import annotations

from dataclasses import dataclass

PAPER_MM = {"A4": (297, 210), "A3": (420, 297), "A2": (594, 420), "A1": (841, 594), "A0": (1189, 841)}
PAPER_INCHES = {name: (long / 25.4, short / 25.4) for name, (long, short) in PAPER_MM.items()}
MARGIN_INCHES = 0.4


@dataclass(frozen=True)
class DiagramOptions:
    persona: str | None = None
    paper: str | None = None          # A4..A0 landscape; None = natural size
    portrait: bool = False
    hotspots: int = 3                 # how many hotspots to mark
    large: bool = False               # layout limits for very large maps
    lang: str | None = None           # labels' language; None = the map's lang


def paper_points(paper: str, portrait: bool = False) -> tuple[float, float]:
    """Width and height of a paper size in PostScript points (landscape unless portrait)."""
    width, height = (inches * 72 for inches in PAPER_INCHES[paper])
    return (height, width) if portrait else (width, height)
