"""The diagram's words keep their spaces in a browser: "−1 unhappy", not "−1unhappy".

Graphviz writes each run of a label (plain, bold) as its own SVG <text> at a position it measured,
and a browser drops the whitespace a <text> starts with (SVG's default xml:space): a space that
begins a run is lost on screen. So no run may start with one."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support.browser import Visit, browser  # noqa: F401  (browser is a fixture)
from support.maps import SIGNUP, WELCOME, map_with
from support.paths import SAMPLES

SVG = "{http://www.w3.org/2000/svg}"
# One persona at −1 (one emotion cell), two personas with different emotions (a row per persona)
FEELINGS = map_with(personas=['{id: lea, name: "Lea"}', '{id: max, name: "Max"}'], touchpoints=[
    SIGNUP.replace("next:", "emotion: -1, next:"),
    WELCOME.replace("owner: team}", "owner: team, emotion: {lea: -1, max: 2}}")])


def rendered_svg(jm, source: Path, out: Path, *args: str) -> Path:
    run = jm("render", source, "-o", out, "-f", "svg", "--today", "2026-11-20", *args)
    assert run.code == 0, run.err
    return next(out.rglob("*.svg"))


@pytest.mark.graphviz
@pytest.mark.parametrize("sample, lang", [("online-shop/first-purchase.journey.yaml", "en"),
                                          ("bank-account/kontoeroeffnung.journey.yaml", "de")])
def test_no_run_of_a_label_starts_with_a_space(jm, tmp_path, sample, lang):
    svg = rendered_svg(jm, SAMPLES / sample, tmp_path / "out", "--lang", lang)
    texts = ["".join(t.itertext()) for t in ET.parse(svg).iter(f"{SVG}text")]
    assert [t for t in texts if re.match(r"\s+\S", t)] == []
    assert any(t.startswith("−1") for t in texts)   # the check has something to look at


@pytest.mark.graphviz
@pytest.mark.browser
def test_chromium_shows_the_space_between_the_number_and_the_word(jm, write, tmp_path, browser):  # noqa: F811
    svg = rendered_svg(jm, write("feelings.journey.yaml", FEELINGS), tmp_path / "out")
    with Visit(browser, svg) as visit:
        gaps = visit.page.evaluate("""() => [...document.querySelectorAll('text')]
          .filter(t => /^(unhappy|delighted)$/.test(t.textContent.trim()))
          .map(word => {
            const number = word.previousElementSibling, a = number.getBBox(), b = word.getBBox();
            return [number.textContent.trim() + ' ' + word.textContent.trim(), b.x - (a.x + a.width)];
          })""")
        space = visit.page.evaluate("""() => {
          const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
          t.setAttribute('font-family', 'DejaVu Sans'); t.setAttribute('font-size', '11');
          t.setAttribute('xml:space', 'preserve'); t.textContent = 'a a';
          document.querySelector('svg').appendChild(t);
          const both = t.getComputedTextLength(); t.textContent = 'aa';
          return both - t.getComputedTextLength();
        }""")
    assert sorted(text for text, _ in gaps) == ["+2 delighted", "−1 unhappy", "−1 unhappy"]
    assert space > 2
    assert all(gap >= 0.7 * space for _, gap in gaps), (gaps, space)
