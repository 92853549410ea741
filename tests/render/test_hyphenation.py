"""German words break at their syllables with a hyphen ('Kontakt-punkte'), never anywhere ('KONTAKTPUNK|T')."""

from __future__ import annotations

import pytest

from journeymap.analysis.run import analyze
from journeymap.i18n.hyphenation.liang import SOFT_HYPHEN, hyphenate
from journeymap.render.html import ReportOptions, render_html
from journeymap.rules.pipeline import validate_file

from support.browser import SHOTS, Visit, browser, words_split_without_hyphen  # noqa: F401  (browser: a fixture)
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


@pytest.mark.browser
def test_the_german_report_grid_splits_words_only_at_hyphens(browser, tmp_path):
    validation = validate_file(GERMAN_MAP)
    journey, diagnostics = validation.journey, validation.diagnostics
    page = tmp_path / "bericht.html"
    page.write_text(render_html(journey, analyze(journey), diagnostics, options=ReportOptions(paper="A3")),
                    encoding="utf-8")
    with Visit(browser, page, width=1400, media="print") as visit:
        splits = words_split_without_hyphen(visit.page, "#journey-grid table")
        broken_at_hyphen = visit.page.evaluate(
            "() => [...document.querySelectorAll('#journey-grid td, #journey-grid th')]"
            ".filter(cell => cell.textContent.includes('\\u00ad') && cell.getClientRects()[0].height > 0).length")
        SHOTS.mkdir(exist_ok=True)
        visit.page.locator("#journey-grid").screenshot(path=str(SHOTS / "hyphenation-de.png"))
    assert splits == []
    assert broken_at_hyphen > 20          # the German map's cells do carry soft hyphens
