"""German words break at their syllables with a hyphen ('Kontakt-punkte'), never anywhere ('KONTAKTPUNK|T')."""

from __future__ import annotations

import pytest

from journeymap.analysis.run import analyze
from journeymap.i18n.hyphenation.liang import SOFT_HYPHEN, hyphenate
from journeymap.render.html import ReportOptions, render_html
from journeymap.rules.pipeline import validate_file

from support.browser import SHOTS, Visit, browser  # noqa: F401  (browser is a fixture)
from support.paths import SAMPLES

GERMAN_MAP = SAMPLES / "bank-account" / "kontoeroeffnung.journey.yaml"


def shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "-")


@pytest.mark.parametrize(("word", "expected"), [
    ("Kontaktpunkte", "Kon-takt-punk-te"),
    ("Schmerzpunkte", "Schmerz-punk-te"),
    ("Terminerinnerung", "Ter-min-er-in-ne-rung"),
    ("Bestellbestätigung", "Be-stell-be-stä-ti-gung"),
    ("KONTAKTPUNKTE", "KON-TAKT-PUNK-TE"),
])
def test_german_words_break_at_their_syllables(word, expected):
    assert shown(hyphenate(word, "de")) == expected


def test_short_words_numbers_and_other_languages_stay_whole():
    assert shown(hyphenate("Die Bank ruft 2026 zurück", "de")) == "Die Bank ruft 2026 zu-rück"
    assert hyphenate("Kontaktpunkte", "en") == "Kontaktpunkte"
    assert hyphenate("touchpoints", None) == "touchpoints"
    assert hyphenate("", "de") == ""


# A letter followed on a lower line by the next letter of the same word must have a soft hyphen between them.
SPLIT_WORDS = """() => {
  const splits = [];
  const walker = document.createTreeWalker(document.querySelector('#journey-grid table'), NodeFilter.SHOW_TEXT);
  const letter = /\\p{L}/u;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    let previous = -1, previousTop = null, softBetween = false;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\\u00ad') { softBetween = true; continue; }
      if (!letter.test(text[i])) { previous = -1; continue; }
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects(), rect = rects[rects.length - 1];  // at a break: [end of line, next line]
      if (!rect) { previous = -1; continue; }
      if (previous >= 0 && rect.top > previousTop + 2 && !softBetween)
        splits.push(text.slice(Math.max(0, previous - 8), i + 8));
      previous = i; previousTop = rect.top; softBetween = false;
    }
  }
  return splits;
}"""


@pytest.mark.browser
def test_the_german_report_grid_splits_words_only_at_hyphens(browser, tmp_path):
    validation = validate_file(GERMAN_MAP)
    journey, diagnostics = validation.journey, validation.diagnostics
    page = tmp_path / "bericht.html"
    page.write_text(render_html(journey, analyze(journey), diagnostics, options=ReportOptions(paper="A3")),
                    encoding="utf-8")
    with Visit(browser, page, width=1400, media="print") as visit:
        splits = visit.page.evaluate(SPLIT_WORDS)
        broken_at_hyphen = visit.page.evaluate(
            "() => [...document.querySelectorAll('#journey-grid td, #journey-grid th')]"
            ".filter(cell => cell.textContent.includes('\\u00ad') && cell.getClientRects()[0].height > 0).length")
        SHOTS.mkdir(exist_ok=True)
        visit.page.locator("#journey-grid").screenshot(path=str(SHOTS / "hyphenation-de.png"))
    assert splits == []
    assert broken_at_hyphen > 20          # the German map's cells do carry soft hyphens
