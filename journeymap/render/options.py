"""Options of the diagram and paper sizes: light, so `render` can check its cache without the renderers."""

from __future__ import annotations

from dataclasses import dataclass

# Every paper size once, long and short side in millimetres: ISO 216 A sizes and the US Letter and
# Tabloid (11 x 17 in). The printed reports get these as explicit sizes in their @page rule, because
# CSS names only a few (A5-A3, letter, ledger, ...) and Chromium drops a rule it does not know
# (`size: A1 landscape`) and prints US Letter without a word.
PAPER_MM = {"A4": (297, 210), "A3": (420, 297), "A2": (594, 420), "A1": (841, 594), "A0": (1189, 841),
            "Letter": (279.4, 215.9), "Tabloid": (431.8, 279.4)}
PAPERS = tuple(PAPER_MM)
PAPER_INCHES = {name: (long / 25.4, short / 25.4) for name, (long, short) in PAPER_MM.items()}
MARGIN_INCHES = 0.4


@dataclass(frozen=True)
class DiagramOptions:
    persona: str | None = None
    paper: str | None = None          # one of PAPERS, landscape unless portrait; None = natural size
    portrait: bool = False
    hotspots: int = 3                 # how many hotspots to mark
    large: bool = False               # layout limits for very large maps
    lang: str | None = None           # labels' language; None = the map's lang


def paper_name(text: str) -> str:
    """The paper's name as PAPERS spell it, whatever the case ('a1' -> 'A1', 'LETTER' -> 'Letter'); KeyError if none."""
    found = next((name for name in PAPERS if name.lower() == text.lower()), None)
    if found is None:
        raise KeyError(f"unknown paper size {text!r}; choose from {', '.join(PAPERS)}")
    return found


def paper_mm(paper: str, portrait: bool = False) -> tuple[float, float]:
    """Width and height of a paper size in millimetres (landscape unless portrait)."""
    long, short = PAPER_MM[paper_name(paper)]
    return (short, long) if portrait else (long, short)


def paper_points(paper: str, portrait: bool = False) -> tuple[float, float]:
    """Width and height of a paper size in PostScript points (landscape unless portrait)."""
    width, height = paper_mm(paper, portrait)
    return width / 25.4 * 72, height / 25.4 * 72


def css_page_size(paper: str, portrait: bool = False) -> str:
    """The value of a printed page's `@page { size: … }`: width and height in mm, which every browser knows."""
    width, height = paper_mm(paper, portrait)
    return f"{width:g}mm {height:g}mm"
