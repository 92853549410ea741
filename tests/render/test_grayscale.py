"""Printed in black and white, the five emotions stay five: distinct greys, and a mark for the sign beside each colour.

The diagram is rendered by Graphviz to PNG and the report by Chromium; both are turned grey with
Pillow (ITU-R 601 luma, what a black-and-white print or photocopy does) and measured.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeymap.model.emotion import LEVELS

from support.browser import Visit, browser  # noqa: F401  (browser is a fixture)
from support.maps import map_with

PIL = pytest.importorskip("PIL.Image", reason="Pillow turns the renders grey")
MIN_STEP = 30          # of 255: two neighbouring greys at least this far apart
SIGNS = {-2: "☹ −2", -1: "☹ −1", 0: "○ 0", 1: "☺ +1", 2: "☺ +2"}
TODAY = "2026-11-20"


@pytest.fixture
def five_emotions(write) -> Path:
    """One persona whose five touchpoints feel each level of the scale once, frustrated to delighted."""
    steps = [f'{{id: t{i}, name: "Step {level.word}", phase: join, owner: team, emotion: {level.value}'
             + (f", next: [t{i + 1}]}}" if i < len(LEVELS) - 1 else "}")
             for i, level in enumerate(LEVELS)]
    return write("five.journey.yaml", map_with(touchpoints=steps))


def render(jm, journey_map: Path, out: Path, formats: str) -> None:
    run = jm("render", journey_map, "-o", out, "-f", formats, "--today", TODAY, "-j", "1")
    assert run.code == 0, run.err


def spread(greys: dict[int, int]) -> int:
    """The smallest distance between two of the greys."""
    ordered = sorted(greys.values())
    return min(b - a for a, b in zip(ordered, ordered[1:]))


@pytest.mark.graphviz
def test_the_diagrams_emotion_colours_print_as_five_distinct_greys(jm, five_emotions, tmp_path):
    render(jm, five_emotions, tmp_path / "out", "png")
    image = PIL.open(tmp_path / "out" / "five.png").convert("RGB")
    rgb, greys = image.tobytes(), image.convert("L").tobytes()
    pixels = list(zip(rgb[0::3], rgb[1::3], rgb[2::3]))
    found = {}
    for level in LEVELS:
        colour = tuple(int(level.colour[i:i + 2], 16) for i in (1, 3, 5))
        assert pixels.count(colour) > 200, f"{level.word}: its colour {level.colour} is hardly in the diagram"
        found[level.value] = greys[pixels.index(colour)]
    assert spread(found) >= MIN_STEP, found
    print("diagram greys", found)


@pytest.mark.graphviz
def test_the_diagram_marks_the_sign_beside_every_emotion_colour(jm, five_emotions, tmp_path):
    render(jm, five_emotions, tmp_path / "out", "svg")
    texts = [t.text or "" for t in ET.parse(tmp_path / "out" / "five.svg").iter("{http://www.w3.org/2000/svg}text")]
    joined = [f"{a.strip()} {b.strip()}" for a, b in zip(texts, texts[1:])]
    for level in LEVELS:
        assert joined.count(SIGNS[level.value]) == 2, level.word   # in its touchpoint and in the legend


@pytest.mark.browser
def test_the_reports_emotion_chips_print_as_five_distinct_greys_with_their_sign(jm, browser, five_emotions,  # noqa: F811
                                                                                  tmp_path):
    render(jm, five_emotions, tmp_path / "out", "html")
    with Visit(browser, tmp_path / "out" / "five.html") as visit:
        chips = visit.page.locator("tr.emotions .chip")
        assert chips.count() == len(LEVELS)
        found, signs = {}, {}
        for index, level in enumerate(LEVELS):
            chip = chips.nth(index)
            shot = PIL.open(io.BytesIO(chip.screenshot())).convert("L")
            found[level.value] = max(shot.getcolors())[1]        # the most common grey: the chip's background
            signs[level.value] = " ".join(chip.inner_text().split()[:2])
            assert chip.locator(".sign").get_attribute("aria-hidden") == "true"  # read aloud are number and word
    assert spread(found) >= MIN_STEP, found
    assert signs == SIGNS
    print("report greys", found)
