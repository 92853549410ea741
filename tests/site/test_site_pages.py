"""The site's pages in real Chromium: 0 axe violations, 0 vnu errors, hostile text inert, printed on A3, screenshots.

Screenshots of every page (English, German, and the first printed A3 page) go to
/tmp/journeymap-shots/site-*.png for a person to look at.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from support.browser import SHOTS, Visit, browser  # noqa: F401  (browser is a fixture)
from support.page_checks import EVENT_HANDLERS, SCRIPT_URLS, axe_source, validate_html, violations, without_csp
from support.report_maps import PAYLOADS, render
from support.site_project import HOSTILE_BROKEN, HOSTILE_NAME, TODAY, write_project, write_xss_project

pytestmark = [pytest.mark.browser, pytest.mark.graphviz]

PAGES = ("index", "architecture", "hotspots", "owners", "channels", "opportunities")
A3_POINTS = (1191, 842)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The test project's site in English and in German, and the site of the hostile maps."""
    folder = tmp_path_factory.mktemp("site-pages")
    project = write_project(folder / "project")
    hostile = write_xss_project(folder / "hostile")
    found = {"en": folder / "en", "de": folder / "de", "xss": folder / "xss"}
    assert render("site", project, "-o", found["en"], "--today", TODAY) == 1      # one map has errors
    assert render("site", project, "-o", found["de"], "--today", TODAY, "--lang", "de") == 1
    assert render("site", hostile, "-o", found["xss"], "--today", TODAY) == 1
    return found


def every_page(sites) -> list[Path]:
    return [site / f"{page}.html" for site in sites.values() for page in PAGES]


@pytest.fixture(scope="module")
def context(browser):  # noqa: F811
    running = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    yield running
    running.close()


@pytest.mark.parametrize("lang", ["en", "de", "xss"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation(context, sites, lang, name):
    page = context.new_page()
    try:
        page.goto((sites[lang] / f"{name}.html").as_uri(), wait_until="load")
        assert violations(page, axe_source()) == []
    finally:
        page.close()


def test_every_page_is_valid_html(sites, tmp_path):
    pages = every_page(sites)
    copies = []
    for page in pages:   # vnu reports by file name: one name per page
        copy = tmp_path / f"{page.parent.name}-{page.name}"
        shutil.copyfile(page, copy)
        copies.append(copy)
    assert len(copies) == 18
    assert validate_html(copies) == {}


# ------------------------------------------------------------------------------------ hostile text

@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "without-csp"])
@pytest.mark.parametrize("name", PAGES)
def test_hostile_titles_owners_and_channels_stay_text(browser, sites, name, csp, tmp_path):  # noqa: F811
    """Escaping alone must hold: the same checks with the Content-Security-Policy removed."""
    path = sites["xss"] / f"{name}.html"
    if not csp:  # the copy beside the others: its links still lead somewhere
        path = without_csp(path, sites["xss"] / f"{name}-without-csp.html")
    with Visit(browser, path, settle_ms=300) as visit:
        page = visit.page
        assert visit.problems() == {}
        assert page.evaluate(EVENT_HANDLERS) == []
        assert page.evaluate(SCRIPT_URLS) == []
        assert page.eval_on_selector_all("script, img, iframe, object", "els => els.length") == 0
        text = page.inner_text("body")
        expected = {"index": "title: ", "architecture": "second title: ", "hotspots": "touchpoint pay: ",
                    "owners": "owner name: ", "channels": "channel: ", "opportunities": "opportunity: "}[name]
        shown = expected + " ".join(PAYLOADS).replace("\u2028", "")
        assert shown in text.replace("\u2028", ""), name
        assert "{{7*7}}" in text and "49" not in text.replace("alert(4", "")


def test_hostile_file_names_are_shown_as_text_and_linked_percent_encoded(browser, sites):  # noqa: F811
    with Visit(browser, sites["xss"] / "index.html") as visit:
        text = visit.page.inner_text("body")
        assert HOSTILE_NAME in text and HOSTILE_BROKEN in text
        assert "<script>alert(9)</script>" in visit.page.text_content("details")   # the finding quoting it, as text
        links = visit.page.eval_on_selector_all("a[href^='maps/']", "els => els.map(e => e.getAttribute('href'))")
        assert "maps/%22%3E%3Csvg%20onload%3Dalert%287%29%3E.html" in links
        assert visit.problems() == {}
        visit.page.click("a[href^='maps/%22']")
        assert visit.page.title().startswith("second title: <script>alert(1)</script>")   # its report opens
        assert visit.problems() == {"requests": [(sites["xss"] / "maps" / HOSTILE_NAME.replace(
            ".journey.yaml", ".html")).as_uri()]}


# ------------------------------------------------------------------------------ printed and seen

@pytest.mark.parametrize("name", PAGES)
def test_every_page_prints_on_a3_landscape(browser, sites, name, tmp_path):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto((sites["en"] / f"{name}.html").as_uri(), wait_until="load")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    from pypdf import PdfReader
    boxes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert boxes and all(abs(w - A3_POINTS[0]) <= 1 and abs(h - A3_POINTS[1]) <= 1 for w, h in boxes), boxes
    if shutil.which("pdftoppm"):
        (tmp_path / "page.pdf").write_bytes(pdf)
        SHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", str(tmp_path / "page.pdf"),
                        str(SHOTS / f"site-print-a3-{name}")], check=True)


@pytest.mark.parametrize("lang", ["en", "de", "xss"])
def test_screenshots_of_every_page(browser, sites, lang):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        with Visit(browser, sites[lang] / f"{name}.html", width=1280, height=800) as visit:
            assert visit.problems() == {}
            visit.page.screenshot(path=str(SHOTS / f"site-{lang}-{name}.png"), full_page=True)
