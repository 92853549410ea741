"""The customer's voice in a real Chromium: axe-core finds nothing, vnu finds no error, hostile review and competitor
text stays inert, in English and German; screenshots for a person in /tmp/journeymap-shots."""

from __future__ import annotations

import pytest

from support.browser import SHOTS, Visit, browser  # noqa: F401  (the module's Chromium)
from support.page_checks import axe_source, validate_html, violations

from support.voice_maps import CAFE, report

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("voice")
    written = {}
    for lang in ("en", "de"):
        source = folder / f"cafe-{lang}.journey.yaml"
        source.write_text(CAFE.format(lang=lang), encoding="utf-8")
        written[lang] = folder / f"cafe-{lang}.html"
        written[lang].write_text(report(source), encoding="utf-8")
    return written


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_voice_report_is_accessible_and_inert(browser, reports, lang):  # noqa: F811
    with Visit(browser, reports[lang], settle_ms=200) as visit:
        visit.page.evaluate("document.body.style.filter = ''")
        assert violations(visit.page, axe_source()) == []
        assert visit.problems() == {}
        SHOTS.mkdir(exist_ok=True)
        visit.page.locator("#journey").screenshot(path=str(SHOTS / f"voice-curve-{lang}.png"))
        visit.page.locator("#voice").screenshot(path=str(SHOTS / f"voice-section-{lang}.png"))


def test_the_voice_report_is_valid_html(reports):
    assert validate_html(list(reports.values())) == {}
