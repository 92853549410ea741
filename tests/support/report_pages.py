"""Every page journeymap writes as a file: each sample's report, the compare and trend reports, the XSS map's report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from journeymap.source.discover import find_maps, output_stem

from support.history_repo import shop_history
from support.paths import SAMPLES
from support.report_maps import RENDERED, TODAY, render, write_xss_map

SAMPLE_STEMS = [str(output_stem(relative)) for _, _, relative in find_maps([SAMPLES])]
SHOP = SAMPLES / "online-shop"
GERMAN = SAMPLES / "bank-account" / "kontoeroeffnung.journey.yaml"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Every sample report (one with a Trend section), the compare reports, a trend report, the XSS map's report."""
    folder = tmp_path_factory.mktemp("a11y")
    assert render("render", SAMPLES, "-o", folder / "reports", "-f", "html", "--today", TODAY) == RENDERED
    found = {stem: folder / "reports" / f"{stem}.html" for stem in SAMPLE_STEMS}
    found["compare"] = folder / "compare.html"
    assert render("compare", SHOP / "first-purchase.journey.yaml", SHOP / "first-purchase.to-be.journey.yaml",
                  "-o", found["compare"]) == 0
    found["compare-de"] = folder / "vergleich.html"
    assert render("compare", GERMAN, GERMAN, "-o", found["compare-de"]) == 0
    repo = folder / "history"
    repo.mkdir()
    map_path = shop_history(repo)
    here = Path.cwd()
    try:
        os.chdir(repo)
        assert render("history", map_path, "-o", folder / "trend.html") == 0
        assert render("render", map_path, "-o", folder / "with-trend", "-f", "html", "--history", "9",
                      "--today", TODAY) == RENDERED
    finally:
        os.chdir(here)
    found["trend"] = folder / "trend.html"
    found["report-with-trend"] = next((folder / "with-trend").rglob("*.html"))
    found["xss"] = folder / "xss" / "xss.html"
    (folder / "xss").mkdir()
    assert render("render", write_xss_map(folder / "xss"), "-o", folder / "xss", "-f", "html",
                  "--today", TODAY) == RENDERED
    return found


STATIC = [*SAMPLE_STEMS, "compare", "compare-de", "trend", "report-with-trend", "xss"]
