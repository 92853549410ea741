"""Every paper size, either way up: the printed report, the comparison, the trend report and the diagram come out on it.

`--paper A1` once printed six US-Letter pages without a word: `@page { size: A1 landscape }` is not
CSS (it names A5-A3, letter, ledger, ...), so Chromium dropped the rule. Each PDF is read with pypdf
and every page's MediaBox must be the paper in points (1 pt tolerance). report-pdf goes through
`render` (one Chromium per print, as a user gets it); the comparison and the trend report are HTML
that a person prints from the browser, so one Chromium (Playwright's, Debian's binary) prints them all.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from support.browser import browser  # noqa: F401  (a fixture)
from support.history_repo import shop_history
from support.paths import SAMPLES
from support.report_maps import RENDERED, TODAY, render

# Landscape width x height in PostScript points, written out here rather than taken from the code under test.
POINTS = {"A4": (842, 595), "A3": (1191, 842), "A2": (1684, 1191), "A1": (2384, 1684), "A0": (3370, 2384),
          "Letter": (792, 612), "Tabloid": (1224, 792)}
# Every size landscape (the default), and A4 portrait too: the paper names are typed in any case.
CASES = [(paper.lower(), False) for paper in POINTS] + [("A4", True)]
IDS = [f"{paper}-{'portrait' if portrait else 'landscape'}" for paper, portrait in CASES]
MAP = SAMPLES / "cafe" / "morning-coffee.journey.yaml"            # small: a few pages on A4
SHOP = SAMPLES / "online-shop"


def expected(paper: str, portrait: bool) -> tuple[int, int]:
    width, height = POINTS[next(name for name in POINTS if name.lower() == paper.lower())]
    return (height, width) if portrait else (width, height)


def page_boxes(pdf: bytes) -> list[tuple[float, float]]:
    from pypdf import PdfReader
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in PdfReader(io.BytesIO(pdf)).pages]


def assert_on_paper(pdf: bytes, paper: str, portrait: bool) -> None:
    width, height = expected(paper, portrait)
    boxes = page_boxes(pdf)
    assert boxes, "no page"
    for number, (got_width, got_height) in enumerate(boxes, 1):
        assert abs(got_width - width) <= 1 and abs(got_height - height) <= 1, (number, (got_width, got_height))


def paper_options(paper: str, portrait: bool) -> list[str]:
    return ["--paper", paper] + (["--portrait"] if portrait else [])


def print_in_browser(browser, path) -> bytes:  # noqa: F811
    """Print an HTML file as a person does from the browser: on the paper its @page rule asks for."""
    page = browser.new_page()
    try:
        page.goto(path.as_uri(), wait_until="load")
        return page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()


# ------------------------------------------------------------------------------ report-pdf and the diagram

@pytest.mark.browser
@pytest.mark.parametrize("paper, portrait", CASES, ids=IDS)
def test_printed_report_is_on_the_paper(tmp_path, paper, portrait):
    assert render("render", MAP, "-o", tmp_path, "-f", "report-pdf", *paper_options(paper, portrait),
                  "--today", TODAY) == RENDERED
    assert_on_paper((tmp_path / "morning-coffee.report.pdf").read_bytes(), paper, portrait)


@pytest.mark.graphviz
@pytest.mark.parametrize("paper, portrait", CASES, ids=IDS)
def test_diagram_pdf_is_the_paper(tmp_path, paper, portrait):
    assert render("render", MAP, "-o", tmp_path, "-f", "pdf", *paper_options(paper, portrait),
                  "--today", TODAY) == 0
    pdf = (tmp_path / "morning-coffee.pdf").read_bytes()
    assert len(page_boxes(pdf)) == 1
    assert_on_paper(pdf, paper, portrait)


@pytest.mark.parametrize("paper, portrait, size", [("A1", False, "841mm 594mm"), ("LETTER", True, "215.9mm 279.4mm"),
                                                   ("tabloid", False, "431.8mm 279.4mm")])
def test_report_page_rule_names_the_paper_in_millimetres(tmp_path, paper, portrait, size):
    """Without Chromium too: the HTML report asks for the paper in a form every browser knows."""
    assert render("render", MAP, "-o", tmp_path, "-f", "html", *paper_options(paper, portrait),
                  "--today", TODAY) == RENDERED
    assert f"@page {{ size: {size}; margin: 10mm; }}" in (tmp_path / "morning-coffee.html").read_text("utf-8")


# ------------------------------------------------------------------------------ the comparison and the trend report

@pytest.fixture(scope="module")
def compare_pages(tmp_path_factory) -> dict:
    """The shop's as-is/to-be comparison as HTML, once per case."""
    folder = tmp_path_factory.mktemp("compare-paper")
    pages = {}
    for paper, portrait in CASES:
        target = folder / f"{paper}-{portrait}.compare.html"
        assert render("compare", SHOP / "first-purchase.journey.yaml", SHOP / "first-purchase.to-be.journey.yaml",
                      "-o", target, *paper_options(paper, portrait)) == 0
        pages[paper, portrait] = target
    return pages


@pytest.fixture(scope="module")
def trend_pages(tmp_path_factory) -> dict:
    """The shop map's trend report over a small git history, once per case: the history is read once
    (reading it takes seconds), one case goes through `journeymap history` itself."""
    from journeymap.history.html import render_trend_html
    from journeymap.history.series import history

    repo = tmp_path_factory.mktemp("trend-paper")
    map_path = shop_history(repo)
    pages = {}
    with contextlib.chdir(repo):
        found = history(map_path)
        for paper, portrait in CASES:
            target = pages[paper, portrait] = repo / f"{paper}-{portrait}.trend.html"
            if (paper, portrait) == CASES[-1]:
                assert render("history", map_path, "-o", target, *paper_options(paper, portrait)) == 0
            else:
                target.write_text(render_trend_html(found, paper=paper, portrait=portrait), encoding="utf-8")
    return pages


@pytest.mark.browser
@pytest.mark.parametrize("paper, portrait", CASES, ids=IDS)
def test_printed_comparison_is_on_the_paper(browser, compare_pages, paper, portrait):  # noqa: F811
    assert_on_paper(print_in_browser(browser, compare_pages[paper, portrait]), paper, portrait)


@pytest.mark.browser
@pytest.mark.parametrize("paper, portrait", CASES, ids=IDS)
def test_printed_trend_report_is_on_the_paper(browser, trend_pages, paper, portrait):  # noqa: F811
    assert_on_paper(print_in_browser(browser, trend_pages[paper, portrait]), paper, portrait)
