"""The report's observed section in headless Chromium: the variant chart (each variant a row of touchpoint chips,
its share as a bar) and the conformance beside the designed flows, in English, German and grey; axe finds no
violation (every fold open, a persona chosen) and vnu no error.

Screenshots go to /tmp/journeymap-shots/ for a person to look at.
"""

from __future__ import annotations

import random

import pytest

from support.browser import SHOTS, Visit, browser  # noqa: F401  (browser is a fixture)
from support.checkout_log import SHOP
from support.page_checks import axe_source, validate_html, violations

pytestmark = [pytest.mark.browser, pytest.mark.graphviz]
PERSONAS = SHOP.replace('personas:\n  - {id: lea, name: "Lea"}\n',
                        'personas:\n  - {id: lea, name: "Lea"}\n  - {id: ben, name: "Ben"}\n').replace(
    "time_column: ts}", "time_column: ts, segment_column: tier, segments: {vip: lea, new: ben}}")
GERMAN = PERSONAS.replace('title: "Checkout"\n', 'title: "Checkout"\nlang: de\n')


def journeys_log(cases: int = 300, seed: int = 4) -> str:
    """Carts that go on (or not) to checkout, payment or the hotline, and a tenth that starts at checkout."""
    rng = random.Random(seed)
    rows = ["session,event,ts,tier"]
    for case in range(cases):
        steps = ["checkout_started"] if case % 10 == 0 else ["cart_viewed"]
        if steps == ["checkout_started"] or rng.random() < 0.6:
            steps += ["checkout_started"] if steps[-1] != "checkout_started" else []
            steps.append(rng.choice(["payment_completed"] * 4 + ["hotline_call"]))
        tier = "vip" if case % 3 == 0 else "new"
        rows += [f"s{case},{event},2026-11-02T{8 + case // 60:02d}:{case % 60:02d}:{10 * k:02d},{tier}"
                 for k, event in enumerate(steps)]
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict:
    from journeymap.cli.main import main

    folder = tmp_path_factory.mktemp("observed")
    (folder / "log.csv").write_text(journeys_log(), encoding="utf-8")
    pages = {}
    for name, text in (("en", PERSONAS), ("de", GERMAN)):
        (folder / f"{name}.journey.yaml").write_text(text, encoding="utf-8")
        try:
            main(["render", str(folder / f"{name}.journey.yaml"), "-o", str(folder / "out"), "-f", "html",
                  "--today", "2026-11-25"])
        except SystemExit as done:
            assert done.code == 0
        pages[name] = folder / "out" / f"{name}.html"
    return pages


NAMES = {"cart_viewed": "Cart", "checkout_started": "Checkout", "payment_completed": "Paid", "hotline_call": "Hotline"}
CHECKOUT_LINE = 19   # support/checkout_log.py's map, one persona longer


def expected_variants() -> list[tuple[list[str], int]]:
    """The log's variants counted here, in Python: most cases first, then by path."""
    paths: dict[str, list[str]] = {}
    for row in journeys_log().splitlines()[1:]:
        case, event = row.split(",")[:2]
        paths.setdefault(case, []).append(NAMES[event])
    counts: dict[tuple, int] = {}
    for path in paths.values():
        counts[tuple(path)] = counts.get(tuple(path), 0) + 1
    return [(list(path), cases) for path, cases in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def chart(page) -> list[dict]:
    """The overall variant chart as drawn: per row its share text, bar fill (of the bar's width) and chips."""
    return page.eval_on_selector_all("#observed table.variants:not(details table) tbody tr", """rows => rows.map(r => {
        const bar = r.querySelector('.bar.variant'), fill = bar.firstElementChild;
        return {share: r.cells[0].innerText.trim(), fill: fill.getBoundingClientRect().width / bar.clientWidth,
                steps: [...r.querySelectorAll('ol.path .step')].map(s => s.innerText),
                arrows: [...r.querySelectorAll('ol.path li')].map(li => getComputedStyle(li, '::before').content)};
    })""")


def test_the_variant_chart_draws_each_variant_as_chips_with_its_share_as_a_bar(browser, reports):  # noqa: F811
    with Visit(browser, reports["en"], width=1280) as visit:
        rows = chart(visit.page)
        assert visit.problems() == {}
        expected = expected_variants()
        assert [row["steps"] for row in rows] == [path for path, _ in expected]    # ids sort like these names
        for row, (_, cases) in zip(rows, expected):
            assert row["share"] == f"{100 * cases / 300:.1f} %"
            assert row["fill"] == pytest.approx(cases / 300, abs=0.015)    # the bar is the share
            assert row["arrows"][0] == "none" and all(a != "none" for a in row["arrows"][1:])  # → between chips
        visit.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        visit.page.locator("#observed table.variants").first.screenshot(path=str(SHOTS / "variant-chart.png"))
        visit.page.locator("#observed").screenshot(path=str(SHOTS / "observed-section.png"))


def test_the_conformance_stands_beside_the_designed_flows_with_each_deviation_at_its_line(browser, reports):  # noqa: F811
    with Visit(browser, reports["en"], width=1280) as visit:
        designed = visit.page.locator("#observed table.observed").first.bounding_box()
        table = visit.page.locator("#observed table.conformance")
        box = table.bounding_box()
        assert box["x"] > designed["x"] + designed["width"] - 1 and abs(box["y"] - designed["y"]) < 5  # beside it
        caption = table.locator("caption").inner_text()
        assert caption.startswith("Conformance: ") and caption.endswith(" cases follow the designed journey")
        rows = table.locator("tbody tr").all_inner_texts()
        hotline = sum(cases for path, cases in expected_variants() if "Hotline" in path)
        assert [r.split("\t") for r in rows] == [
            ["A transition the map lacks", "Checkout → Hotline", str(hotline), str(CHECKOUT_LINE)],
            ["A start away from the entries", "Checkout", "30", str(CHECKOUT_LINE)]]
        table.screenshot(path=str(SHOTS / "conformance.png"))


def test_the_german_report_says_it_in_german(browser, reports):  # noqa: F811
    with Visit(browser, reports["de"], width=1280) as visit:
        observed = visit.page.locator("#observed")
        text = observed.inner_text()
        for words in ("Konformität: ", "Fällen folgen der geplanten Journey", "Ein Übergang, den die Karte nicht hat",
                      "Varianten: die Wege der Kunden", "Zeit bis zum Ergebnis", "95-%-Intervall", "Ende erreicht"):
            assert words in text
        for english in ("Conformance", "Variants", "reached an end", "A transition"):
            assert english not in text
        observed.screenshot(path=str(SHOTS / "observed-section-de.png"))


def test_in_grey_the_bars_still_show_their_share(browser, reports):  # noqa: F811
    with Visit(browser, reports["en"], width=1280, media="print") as visit:
        visit.page.add_style_tag(content="html { filter: grayscale(1); }")
        fill, empty = visit.page.eval_on_selector("#observed .bar.variant", """bar => [
            getComputedStyle(bar.firstElementChild).backgroundColor, getComputedStyle(bar).backgroundColor]""")
        assert grey(fill) < 0.5 < grey(empty)    # a dark fill in a light bar, whatever the colours
        visit.page.locator("#observed table.variants").first.screenshot(path=str(SHOTS / "variant-chart-grey.png"))


def grey(css_colour: str) -> float:
    red, green, blue = (int(x) / 255 for x in css_colour[css_colour.index("(") + 1:].rstrip(")").split(",")[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_axe_finds_no_violation_with_every_fold_open_and_a_persona_chosen(browser, reports):  # noqa: F811
    checker = axe_source()
    for name in ("en", "de"):
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
        try:
            page = context.new_page()
            page.goto(reports[name].as_uri(), wait_until="load")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            assert violations(page, checker) == [], name
            page.select_option("#persona-filter", "lea")   # the other persona's rows and folds are dimmed
            assert page.locator("#observed tr.dimmed").count() and page.locator("#observed details.dimmed").count()
            assert violations(page, checker) == [], name
        finally:
            context.close()


def test_vnu_finds_no_error(reports):
    assert validate_html([reports["en"], reports["de"]]) == {}
