"""The HTML report as text, no browser needed: hostile map text stays text, labels follow the language,
and a missing Graphviz or Chromium is said plainly."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journeymap.i18n.catalog import labels
from journeymap.rules.pipeline import validate_file

from support.maps import MINIMAL_MAP
from support.paths import SAMPLES
from support.report_maps import (ALL_PAYLOADS, PAYLOADS, RENDERED, TODAY, evil, foreign_labels, labels_found, render,
                                 report_text, user_strings, write_xss_map)

GERMAN_MAP = SAMPLES / "bank-account" / "kontoeroeffnung.journey.yaml"


@pytest.fixture(scope="module")
def xss_html(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("xss")
    assert render("render", write_xss_map(folder), "-o", folder / "out", "-f", "html", "--today", TODAY) == RENDERED
    return (folder / "out" / "xss.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def german_html(tmp_path_factory) -> dict[str, str]:
    """The German sample's report in its own language and with --lang en."""
    out = tmp_path_factory.mktemp("german")
    assert render("render", GERMAN_MAP, "-o", out / "de", "-f", "html", "--today", TODAY) == RENDERED
    assert render("render", GERMAN_MAP, "-o", out / "en", "-f", "html", "--lang", "en", "--today", TODAY) == RENDERED
    return {lang: (out / lang / "kontoeroeffnung.html").read_text(encoding="utf-8") for lang in ("de", "en")}


class Attributes(HTMLParser):
    """Every (tag, attribute, value) of a document."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.extend((tag, name, value or "") for name, value in attrs)


# ------------------------------------------------------------------------------------ hostile text

def test_xss_payloads_never_become_markup(xss_html):
    for markup in ("<script>alert", "<img src=x", "<svg onload", "</title><script>", "</script><script>"):
        assert markup not in xss_html
    assert len(re.findall(r"<script\b", xss_html)) == 2   # the filter's JSON and its script, nothing else
    title = re.search(r"<title>(.*?)</title>", xss_html, re.S).group(1)
    assert title.startswith("title: &lt;script&gt;alert(1)&lt;/script&gt; &lt;/script&gt;&lt;script&gt;alert(2)")


def test_xss_payloads_add_no_handler_or_script_url(xss_html):
    attributes = Attributes(xss_html).found
    assert [(tag, name) for tag, name, _ in attributes if name.startswith("on")] == []
    urls = [value.strip().lower() for _, name, value in attributes if name in ("href", "src", "action", "formaction")]
    assert [url for url in urls if url.startswith("javascript:")] == []
    assert all(value.startswith("data:image/svg+xml;base64,") for tag, name, value in attributes
               if tag == "img" and name == "src")   # the diagram only


def test_every_payload_reads_as_text(xss_html):
    text = report_text(xss_html)
    for payload in PAYLOADS:
        assert payload in text
    assert "&amp;lt;b&amp;gt;entity&amp;amp;" in xss_html   # the entity text is escaped once more, not decoded


def test_template_syntax_in_user_text_is_not_evaluated(xss_html):
    assert "{{7*7}}" in xss_html
    assert not re.search(r"\{\{7\*7\}\}\s*49|49\s*\{\{7\*7\}\}", xss_html)
    assert xss_html.count("{{7*7}}") == xss_html.count("javascript:alert(5)")   # every field kept both


def test_filter_data_is_inert_json(xss_html):
    data = re.search(r'<script type="application/json" id="journey-data">(.*?)</script>', xss_html, re.S).group(1)
    assert "<" not in data and "\u2028" not in data
    assert json.loads(data) == {"personas": [{"id": pid, "name": evil(f"persona {pid}")} for pid in ("ada", "bob")]}
    assert ALL_PAYLOADS in json.loads(data)["personas"][0]["name"]


# ------------------------------------------------------------------------------------ language

def without_findings(text: str, map_path: Path) -> str:
    """The text less the findings' places and rule ids (code, not words); their messages stay in."""
    for finding in validate_file(map_path, str(map_path), today=None).diagnostics:
        for part in (f"{finding.file}:{finding.line}:{finding.column}", finding.rule):
            text = text.replace(part, " ")
    return text


@pytest.mark.graphviz
def test_german_report_has_no_english_label(german_html):
    html = german_html["de"]
    assert html.startswith('<!DOCTYPE html>\n<html lang="de">')
    english = foreign_labels("de", user_strings(GERMAN_MAP))
    assert len(english) > 100 and "lane.pains" in english
    assert labels_found(without_findings(report_text(html), GERMAN_MAP), english) == {}
    assert labels("de")["lane.pains"] in html
    assert "Konversion 0,61 bei „video-ident“ verfehlt das Ziel 0,85 (höher ist besser)" in report_text(html)
    assert "is worse than" not in html


@pytest.mark.graphviz
def test_lang_en_gives_the_german_map_english_labels(german_html):
    html = german_html["en"]
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    text = without_findings(report_text(html), GERMAN_MAP)
    assert labels_found(text, foreign_labels("en", user_strings(GERMAN_MAP))) == {}
    for key in ("lane.pains", "lane.action", "section.journey", "diagram.alt", "legend"):
        assert labels("en")[key] in text, key


# ------------------------------------------------------------------------------- missing tools

def error_lines(run) -> list[str]:
    return [line for line in run.err.splitlines() if line.startswith("journeymap: error:")]


def test_report_without_graphviz_says_so(jm, write, tmp_path, empty_path):
    from journeymap.render.graphviz_run import INSTALL_HINT

    journey_map = write("minimal.journey.yaml", MINIMAL_MAP)
    run = jm("render", journey_map, "-o", tmp_path / "out", "-f", "html", "-j", "1", "--today", TODAY)
    assert run.code == 2
    assert error_lines(run) == [f"journeymap: error: {INSTALL_HINT}; the report has no flow diagram"]
    html = (tmp_path / "out" / "minimal.html").read_text(encoding="utf-8")
    assert f'<p class="note">{labels("en")["diagram.missing"]}</p>' in html
    assert "<img" not in html


@pytest.mark.graphviz
def test_report_without_diagram_is_redone_once_graphviz_is_there(jm, write, tmp_path, monkeypatch):
    journey_map = write("minimal.journey.yaml", MINIMAL_MAP)
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        patch.setenv("PATH", str(tmp_path))
        assert jm("render", journey_map, "-o", out, "-f", "html", "-j", "1").code == 2
    again = jm("render", journey_map, "-o", out, "-f", "html", "-j", "1")
    assert again.code == 0 and "1 rendered" in again.err
    assert '<img src="data:image/svg+xml;base64,' in (out / "minimal.html").read_text(encoding="utf-8")


def test_report_pdf_without_chromium_says_how_to_install_it(jm, write, tmp_path, empty_path):
    from journeymap.render.report_pdf import INSTALL_HINT

    journey_map = write("minimal.journey.yaml", MINIMAL_MAP)
    run = jm("render", journey_map, "-o", tmp_path / "out", "-f", "report-pdf", "-j", "1", "--today", TODAY)
    assert run.code == 2
    assert error_lines(run) == [f"journeymap: error: {INSTALL_HINT}; report-pdf was skipped"]
    assert "apt-get install chromium" in error_lines(run)[0]
    assert "Traceback" not in run.err
    assert not (tmp_path / "out" / "minimal.report.pdf").exists()


def test_poster_without_chromium_names_every_format_skipped(jm, write, tmp_path, empty_path):
    from journeymap.render.report_pdf import INSTALL_HINT

    journey_map = write("minimal.journey.yaml", MINIMAL_MAP)
    run = jm("render", journey_map, "-o", tmp_path / "out", "-f", "poster,csv,report-pdf", "-j", "1", "--today", TODAY)
    assert run.code == 2
    assert error_lines(run) == [f"journeymap: error: {INSTALL_HINT}; poster and report-pdf were skipped"]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["minimal.csv"]   # no cache: tried again


def test_a_german_report_grades_a_waiting_time_lower_is_better_with_its_unit(jm, write, tmp_path):
    kpis = "{wait_minutes: {value: 35.5, target: 10, better: lower, unit: Min.}}"
    path = write("praxis.journey.yaml", MINIMAL_MAP.replace('title: "Minimal"', 'title: "Praxis"\nlang: de')
                 .replace("owner: team, next: [welcome]}", f"owner: team, next: [welcome], kpis: {kpis}}}"))
    assert jm("render", path, "-f", "html", "-o", tmp_path / "out").code == 0
    html = (tmp_path / "out" / "praxis.html").read_text(encoding="utf-8")
    assert '<li class="missed">wait_minutes <b>35,5 Min.</b> / 10 Min. ✖</li>' in html
    assert "<td>35,5 Min.</td><td>10 Min. <span class=\"muted\">(niedriger ist besser)</span></td>" in html


def opportunity_table(html: str) -> tuple[list[str], list[list[str]]]:
    """The headings and rows of the report's opportunity table, as text."""
    section = html[html.index('<section id="opportunities"'):]
    table = section[:section.index("</table>")]
    cells = lambda row, tag: [re.sub(r"<[^>]+>", "", c).strip()   # noqa: E731
                              for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", row, re.S)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return cells(rows[0], "th"), [cells(row, "td") for row in rows[1:]]


def test_the_opportunity_table_heads_its_columns_with_what_they_hold(german_html):
    """impact and cost are low/medium/high (an effort, not money per month) or, since the sample gives its costs
    as amounts, money in the map's currency; the touchpoints by name."""
    headings, rows = opportunity_table(german_html["en"])
    assert headings == ["Priority", "Opportunity", "Status", "Impact", "Cost (effort)", "Touchpoints addressed",
                        "Friction addressed"]
    assert {row[4] for row in rows} == {"€25,000", "€180,000", "€40,000", "€8,000"} and len(rows) >= 3
    assert any("Wartet auf den Video-Ident-Agenten" in row[5] for row in rows)
    headings, rows = opportunity_table(german_html["de"])
    assert headings == ["Priorität", "Maßnahme", "Status", "Wirkung", "Kosten (Aufwand)", "Betroffene Kontaktpunkte",
                        "Behobene Reibung"]
    assert {row[4] for row in rows} == {"25.000 €", "180.000 €", "40.000 €", "8.000 €"}
