"""Money at stake on every surface (issue 28): the hand-computed figures as analyze text and JSON, the HTML
report (en, de), the CI summary, diff and compare print them; a map without money shows none of it."""

from __future__ import annotations

import json
import re

import pytest

from journeymap.render.templates import asset

from support.maps import map_with
from support.money import money_map
from support.report_maps import report_text

TODAY = "2026-11-20"


@pytest.fixture
def money(write):
    return write("money.journey.yaml", money_map())


def _words(html: str) -> str:
    """What a reader sees, one space between words."""
    return " ".join(report_text(html).split())


def _html(jm, path, out, *args) -> str:
    run = jm("render", path, "-o", out, "-f", "html", "--today", TODAY, "-j", "1", *args)
    assert run.code == 0, run.err
    return (out / f"{path.name.removesuffix('.journey.yaml')}.html").read_text(encoding="utf-8")


def test_analyze_text_shows_the_hand_computed_money(jm, money):
    run = jm("analyze", money)
    assert run.code == 0
    lines = run.lines
    start = lines.index("Value at stake (EUR): total €276,000")
    assert lines[start + 1:start + 5] == [
        "#  touchpoint  name              at stake  volume  loss                   value per case",
        "-  ----------  ----------------  --------  ------  ---------------------  --------------",
        "1  checkout    Checkout          €252,000   1,000  30 % (1 − conversion)  €840",
        "2  account     Customer account  €24,000      200  10 % (churn)           €1,200",
    ]
    assert ("no money figure for hotline (no loss: no kpis.churn, no kpis.conversion, no drop-off in an event log; "
            "no volume: no kpis.volume, and event logs count only in a map without any)") in lines
    start = lines.index("Opportunities by expected value")
    assert lines[start + 3:start + 6] == [
        "1  one-click     €126,000        –       –       50 %    checkout",
        "2  self-service  €4,800          €1,600  3×      20 %    account",
        "–  loyalty       –               €2,000  –       10 %    account, hotline",
    ]
    assert "loyalty: no money figure for hotline" in lines


def test_analyze_json_writes_the_money_as_plain_numbers(jm, money):
    run = jm("analyze", money, "--format", "json")
    value = json.loads(run.out)["maps"][0]["value"]
    assert value["touchpoints"]["checkout"]["at_stake"] == 252000
    assert value["touchpoints"]["account"]["at_stake"] == 24000
    assert value["opportunities"]["one-click"] == {"expected_value": 126000, "cost": None, "return": None,
                                                   "effect": 0.5, "unknown": []}
    assert (value["currency"], value["total_at_stake"], value["missing"]) == ("EUR", 276000, {"hotline": "loss-volume"})
    assert '"at_stake": 252000,' in run.out and '"value_per_case": 840,' in run.out   # no 252000.00000000003


def test_the_html_report_shows_the_same_figures_in_english(jm, money, tmp_path):
    text = _words(_html(jm, money, tmp_path / "en"))
    section = text[text.index("Total at stake:"):text.index("At stake = volume")]
    for figure in ("Total at stake: €276,000", "€252,000", "€24,000", "€126,000", "€840", "€1,200", "€4,800", "3×"):
        assert figure in section, figure
    assert "Hotline (no loss: no kpis.churn" in section


def test_the_german_report_writes_money_the_german_way(jm, money, tmp_path):
    text = _words(_html(jm, money, tmp_path / "de", "--lang", "de"))
    section = text[text.index("Insgesamt gefährdet:"):text.index("Gefährdet = Volumen")]
    for figure in ("Insgesamt gefährdet: 276.000 €", "252.000 €", "24.000 €", "126.000 €", "840 €", "1.200 €",
                   "4.800 €", "1.600 €"):
        assert figure in section, figure
    assert "€" not in section.replace(" €", "")   # the sign always after the amount


def test_the_matrix_labels_its_axes_and_its_points(jm, money, tmp_path):
    html = _html(jm, money, tmp_path / "out")
    svg = re.search(r'<figure class="value-matrix">.*?</figure>', html, re.S).group()
    assert '<text class="axis-title"' in svg and "Cost →" in svg and "Expected value →" in svg
    assert ">Self-service portal</text>" in svg                      # the one opportunity with a cost and a value
    assert re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg) == [
        "€0", "€2,000", "€4,000", "€6,000", "€0", "€500", "€1,000", "€1,500", "€2,000"]
    assert [q for q in ("Quick wins", "Big bets", "Fill-ins", "Reconsider") if f">{q}</text>" in svg] == [
        "Quick wins", "Big bets", "Fill-ins", "Reconsider"]
    assert "Not in the chart: One-click checkout (no cost); Loyalty mail (no expected value)" in _words(html)


def test_the_matrix_style_is_grey_only():
    """Grayscale-readable by construction: every colour of the section is a grey, the quadrants are named."""
    colours = re.findall(r"#([0-9a-f]{6}|[0-9a-f]{3})\b", asset("value.css"))
    assert colours
    for colour in colours:
        channels = [colour[i:i + 2] for i in (0, 2, 4)] if len(colour) == 6 else list(colour)
        assert len(set(channels)) == 1, colour


def test_the_summary_says_the_money(jm, money, tmp_path):
    summary = tmp_path / "summary.md"
    assert jm("render", money, "-o", tmp_path / "out", "-f", "json", "--summary", summary).code == 0
    text = summary.read_text(encoding="utf-8")
    assert "Money at stake: **€276,000** (1 touchpoint without a figure)" in text
    assert "| #1 | Checkout | €252,000 |" in text and "| #2 | Customer account | €24,000 |" in text
    assert "Largest expected value: One-click checkout, €126,000." in text


def test_diff_and_compare_show_the_money_moved(jm, money, write):
    better = write("better.journey.yaml", money_map(conversion="0.75"))
    assert jm("diff", money, better).lines[1:] == [
        "  ▲ conversion at 'Checkout': 0.7 → 0.75, improved",
        "  ▲ total money at stake: €276,000 → €234,000 (−€42,000)",
        "  ▲ money at stake at 'Checkout': €252,000 → €210,000 (−€42,000)",
        "  ~ expected value of opportunity 'One-click checkout': €126,000 → €105,000 (−€21,000)",
    ]
    lines = jm("compare", money, better).lines
    start = lines.index("Money at stake")
    assert lines[start + 1:start + 4] == [
        "  ▲ total: €276,000 → €234,000 (−€42,000)",
        "  ▲ 'Checkout': €252,000 → €210,000 (−€42,000)",
        "  ~ expected value of 'One-click checkout': €126,000 → €105,000 (−€21,000)",
    ]
    moved = json.loads(jm("compare", money, better, "--format", "json").out)["money"]
    assert moved[0] == {"kind": "total-at-stake-changed", "subject": "total", "before": 276000, "after": 234000,
                        "moved": -42000, "currency": "EUR", "better": True}


def test_the_german_comparison_writes_the_money_moved(jm, money, write, tmp_path):
    better = write("better.journey.yaml", money_map(conversion="0.75"))
    assert jm("compare", money, better, "-o", tmp_path / "c.html", "--lang", "de").code == 0
    text = _words((tmp_path / "c.html").read_text(encoding="utf-8"))
    assert "▲ Insgesamt gefährdet 276.000 € 234.000 € −42.000 € ▲ Checkout 252.000 € 210.000 € −42.000 €" in text


def test_a_map_without_money_shows_no_money_anywhere(jm, write, tmp_path):
    plain = write("plain.journey.yaml", map_with())
    assert "Value at stake" not in jm("analyze", plain).out
    assert "value" not in json.loads(jm("analyze", plain, "--format", "json").out)["maps"][0]
    html = _html(jm, plain, tmp_path / "out")
    assert 'id="value"' not in html and "value-matrix" not in html and asset("value.css") not in html
    summary = tmp_path / "summary.md"
    assert jm("render", plain, "-o", tmp_path / "s", "-f", "json", "--summary", summary).code == 0
    assert "Money" not in summary.read_text(encoding="utf-8")
    assert "money" not in json.loads(jm("compare", plain, plain, "--format", "json").out)
    assert 'id="money"' not in jm("compare", plain, plain, "--format", "html").out
