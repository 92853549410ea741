"""Keyboard and screen-reader access: axe-core over every page journeymap makes, 0 violations.

axe-core (from npm, in .tools/web, put there by `scripts/install.sh --for-tests`) is injected into
the real page in headless Chromium. The reports forbid outside scripts (their Content Security
Policy), so the browser context bypasses the CSP for the injected checker only. Every rule axe
runs by default counts (WCAG 2.0/2.1/2.2 A and AA and best practices), whatever its impact.
"""

from __future__ import annotations

import pytest

from support.browser import browser  # noqa: F401  (browser is a fixture)
from support.page_checks import axe_source as load_axe, violations
from support.report_pages import STATIC, pages  # noqa: F401  (pages is a fixture: every report journeymap writes)
from support.serving import Server, copy_samples, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe_source() -> str:
    return load_axe()


@pytest.fixture(scope="module")
def context(browser):  # noqa: F811
    running = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    yield running
    running.close()


def check(context, axe_source: str, url: str, *, before=None) -> list[str]:
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        if before:
            before(page)
        return violations(page, axe_source)
    finally:
        page.close()


# ------------------------------------------------------------------------------ static reports

@pytest.mark.graphviz
@pytest.mark.parametrize("name", STATIC)
def test_axe_finds_no_violation_on_the_page(context, axe_source, pages, name):
    assert check(context, axe_source, pages[name].as_uri()) == []


@pytest.mark.graphviz
@pytest.mark.parametrize("name", ["online-shop/first-purchase", "bank-account/kontoeroeffnung"])
def test_axe_finds_no_violation_on_a_narrow_screen_with_a_persona_chosen(browser, axe_source, pages, name):  # noqa: F811
    narrow = browser.new_context(bypass_csp=True, viewport={"width": 700, "height": 900})
    try:
        def choose_persona(page):
            options = page.eval_on_selector_all("#persona-filter option", "os => os.map(o => o.value)")
            page.select_option("#persona-filter", options[-1])
        assert check(narrow, axe_source, pages[name].as_uri(), before=choose_persona) == []
    finally:
        narrow.close()


@pytest.mark.graphviz
def test_the_journey_grid_is_reached_by_tab_and_scrolled_by_arrow_keys(context, pages):
    page = context.new_page()
    page.set_viewport_size({"width": 800, "height": 900})
    try:
        page.goto(pages["online-shop/first-purchase"].as_uri())
        grid = page.locator("#journey-grid")
        assert grid.evaluate("g => g.scrollWidth > g.clientWidth")          # it is a scroll box here
        for _ in range(40):                                                 # as a keyboard user: Tab, Tab, ...
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.id") == "journey-grid":
                break
        else:
            pytest.fail("Tab never reached the journey grid")
        assert grid.evaluate("g => getComputedStyle(g).outlineStyle") != "none"   # and it shows it has the focus
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        wait_until(lambda: grid.evaluate("g => g.scrollLeft") > 0, timeout=3)
        assert grid.get_attribute("role") == "region" and grid.get_attribute("aria-label")
    finally:
        page.close()


def test_the_german_report_names_the_grid_in_german(pages):
    html = pages["bank-account/kontoeroeffnung"].read_text(encoding="utf-8")
    assert 'aria-label="Journey-Raster: Phasen und Kontaktpunkte von links nach rechts' in html


# ------------------------------------------------------------------------------ serve pages

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = copy_samples(tmp_path_factory.mktemp("a11y-serve"))
    running = Server(folder, "--edit")
    yield running
    assert running.stop() == 0


def open_editor(page):
    page.click("button[data-edit='cart']")
    page.wait_for_selector("#edit-dialog[open]")


@pytest.mark.parametrize("where, before", [
    ("/", None),
    ("/map/online-shop/first-purchase.journey.yaml", None),
    ("/map/online-shop/first-purchase.journey.yaml", open_editor),
    ("/map/online-shop/first-purchase.journey.yaml?view=projector", None),
    ("/map/bank-account/kontoeroeffnung.journey.yaml", None),
    ("/map/bank-account/kontoeroeffnung.journey.yaml?view=projector", None),
], ids=["index", "map", "map-editing", "projector", "map-de", "projector-de"])
def test_axe_finds_no_violation_on_the_served_page(context, axe_source, served, where, before):
    assert check(context, axe_source, served.base + where, before=before) == []


def test_axe_finds_no_violation_on_the_findings_page_of_a_broken_map(context, axe_source, served):
    path = served.folder / "cafe" / "morning-coffee.journey.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("phases:", "phases: 3\nunknown-key:", 1), encoding="utf-8")
    try:
        def findings_shown(page):
            wait_until(lambda: "[schema]" in page.inner_text("body"), timeout=10)
        assert check(context, axe_source, served.map_url("cafe/morning-coffee.journey.yaml"),
                     before=findings_shown) == []
    finally:
        path.write_text(original, encoding="utf-8")


def test_axe_is_the_real_checker(context, axe_source, tmp_path):
    """The check can fail: a page with a scroll box nobody can reach and an unlabelled field has violations."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><main><div style="overflow:auto;width:50px">'
                    '<p style="width:500px">wide text that scrolls</p></div><select><option>1</option></select>'
                    '</main></html>', encoding="utf-8")
    found = check(context, axe_source, page.as_uri())
    assert {"scrollable-region-focusable", "select-name"} <= {line.split(" ")[0] for line in found}
