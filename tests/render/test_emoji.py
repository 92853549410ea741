"""Emoji in names (workshops use them) are drawn, in colour, in the PNG diagram and the printed report.

Without an emoji font they come out as empty boxes: setup.sh installs Debian's fonts-noto-color-emoji.
The check: an emoji is colour where an empty box (tofu) is a black outline on white.
"""

from __future__ import annotations

import io
import subprocess

import pytest

from support.tools import IN_CI, require_tool

EMOJI = "🚀🎉📝✅"
MAP = """\
journeymap: 1
title: "Workshop {title}"
personas:
  - {{id: lea, name: "Lea"}}
phases:
  - {{id: join, name: "Join"}}
owners:
  - {{id: team, name: "Team"}}
touchpoints:
  - {{id: signup, name: "Signs up {title}", phase: join, owner: team, emotion: 1}}
"""


def coloured_pixels(png: bytes) -> int:
    """Pixels of strong colour (the emotion chips are the same in both maps, so only new colour counts)."""
    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("HSV")
    return sum(1 for h, s, v in image.get_flattened_data() if s > 120 and v > 80)


def test_an_emoji_font_is_installed():
    require_tool("fc-list")
    found = subprocess.run(["fc-list", ":charset=1f680", "family"], capture_output=True, text=True).stdout
    if not found.strip():
        message = "no font has 🚀 (U+1F680): install fonts-noto-color-emoji (setup.sh does)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    assert "Noto Color Emoji" in found


@pytest.mark.graphviz
def test_emoji_in_names_are_drawn_in_the_png_diagram(jm, write, tmp_path):
    require_tool("dot")
    counts = {}
    for name, title in (("plain", "now"), ("emoji", EMOJI)):
        path = write(f"{name}.journey.yaml", MAP.format(title=title))
        assert jm("render", path, "-o", tmp_path / "out", "-f", "png").code == 0
        counts[name] = coloured_pixels((tmp_path / "out" / f"{name}.png").read_bytes())
    assert counts["emoji"] > counts["plain"] + 400, counts     # four emoji, twice (title and node)


@pytest.mark.browser
def test_emoji_in_names_are_drawn_in_the_printed_report(jm, write, tmp_path):
    from pypdf import PdfReader
    require_tool("chromium")
    path = write("emoji.journey.yaml", MAP.format(title=EMOJI))
    assert jm("render", path, "-o", tmp_path / "out", "-f", "report-pdf").code == 0
    reader = PdfReader(tmp_path / "out" / "emoji.report.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Signs up" in text
    fonts = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts.add((str(font.get("/Subtype")), str(font.get("/BaseFont", ""))))
    # Chromium embeds colour emoji glyphs as Type 3 fonts; a missing glyph would be DejaVu's empty box
    assert any(subtype == "/Type3" for subtype, _ in fonts), fonts
