"""Sticky notes on touchpoints (`notes:`): the format accepts them, the report shows them as a lane,
hostile note text stays text, and a blank note is a schema error at its line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap.model.json_schema import json_schema_text
from journeymap.i18n.catalog import labels

from support.maps import MINIMAL_MAP, WELCOME, map_with
from support.paths import ROOT
from support.report_maps import ALL_PAYLOADS, RENDERED, TODAY, render, report_text

NOTES_MAP = map_with(title='"Notes"', lang="LANG", touchpoints=["""
    id: signup
    name: "Signs up"
    phase: join
    owner: team
    notes:
      - "Ask the shop why the form asks for a fax number"
      - {text: "Customers call to check the delivery date", by: "Kim, service"}
    next: [welcome]""", WELCOME])


def notes_map(lang: str = "en") -> str:
    return NOTES_MAP.replace("LANG", lang)


def report(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.journey.yaml"
    path.write_text(text, encoding="utf-8")
    assert render("render", path, "-o", tmp_path / "out", "-f", "html", "--today", TODAY) == RENDERED
    return (tmp_path / "out" / f"{name}.html").read_text(encoding="utf-8")


def notes_lane(html: str) -> str:
    found = re.search(r'<tr class="notes">.*?</tr>', html, re.S)
    assert found, "no notes lane"
    return found.group(0)


def test_a_map_with_notes_is_valid(validate, write):
    path = write("notes.journey.yaml", notes_map())
    run = validate(path)
    assert (run.code, run.lines, run.err.strip()) == (0, [], "1 map checked: 0 errors, 0 warnings")


def test_the_report_shows_notes_in_their_own_lane_with_the_author(tmp_path):
    lane = notes_lane(report(tmp_path, "notes", notes_map()))
    assert f'<th scope="row">{labels("en")["lane.notes"]}</th>' in lane
    assert lane.count('<li class="sticky">') == 2
    assert '<li class="sticky">Ask the shop why the form asks for a fax number</li>' in lane
    assert '<li class="sticky">Customers call to check the delivery date<span class="by">— Kim, service</span></li>' \
        in lane
    assert lane.count("<td>") == 2   # one cell per touchpoint; the second one has no notes
    assert "<td></td>" in lane


def test_the_notes_lane_is_german_in_a_german_map(tmp_path):
    lane = notes_lane(report(tmp_path, "notizen", notes_map("de"))).replace("\u00ad", "")   # soft hyphens: Work-shop-No-ti-zen
    assert '<th scope="row">Workshop-Notizen</th>' in lane
    assert labels("de")["lane.notes"] == "Workshop-Notizen" and labels("en")["lane.notes"] == "Workshop notes"


def test_a_map_without_notes_has_no_notes_lane(tmp_path):
    html = report(tmp_path, "minimal", MINIMAL_MAP)
    assert 'class="notes"' not in html and labels("en")["lane.notes"] not in html


def test_sticky_notes_survive_black_and_white_print():
    css = (ROOT / "journeymap" / "templates" / "report.css").read_text(encoding="utf-8")
    rule = re.search(r"\n\.sticky \{(.*?)\}", css, re.S).group(1)
    assert re.search(r"border-left: \d+px solid", rule) and re.search(r"border: 1px solid", rule)


def test_html_in_notes_stays_text(tmp_path):
    hostile = f"{{text: {yaml_quoted(ALL_PAYLOADS)}, by: {yaml_quoted('by ' + ALL_PAYLOADS)}}}"
    html = report(tmp_path, "hostile", notes_map().replace('"Ask the shop why the form asks for a fax number"', hostile))
    lane = notes_lane(html)
    for markup in ("<script>alert", "<img src=x", "<svg onload", "</title><script>", "</script><script>"):
        assert markup not in html
    assert len(re.findall(r"<script\b", html)) == 2   # the report's own filter data and script
    assert '<li class="sticky">&lt;script&gt;alert(1)&lt;/script&gt;' in lane
    assert "&amp;lt;b&amp;gt;entity&amp;amp;" in lane   # escaped once more, not decoded
    visible = report_text(lane)
    assert ALL_PAYLOADS in visible and "— by " + ALL_PAYLOADS in visible


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes are YAML's (and U+2028 stays an escape, not a line break)."""
    return json.dumps(text, ensure_ascii=True)


@pytest.mark.parametrize("note, where, message", [
    ('"   "', "17:9", "item 1 of 'notes' must not be empty or only spaces"),
    ('""', "17:9", "item 1 of 'notes' must not be empty or only spaces"),
    ('{text: " ", by: "Kim"}', "17:16", "'text' must not be empty or only spaces"),
    ('{text: "Call back", by: ""}', "17:33", "'by' must not be empty or only spaces"),
    ('{text: "Call back", bye: "Kim"}', "17:29", "unknown key 'bye' (did you mean 'by'?)"),
])
def test_a_blank_note_is_a_schema_error_at_its_line(validate, write, note, where, message):
    text = map_with(touchpoints=[f"""
        id: signup
        name: "Signs up"
        phase: join
        owner: team
        next: [welcome]
        notes:
          - {note}""", WELCOME])
    path = write("blank.journey.yaml", text)
    assert path.read_text(encoding="utf-8").splitlines()[16] == f"      - {note}"
    run = validate(path)
    assert run.code == 1
    assert run.lines[0] == f"{path}:{where}: error: {message} [schema]"


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    return subprocess.run([tool, "--schemafile", str(schema), *map(str, files)], capture_output=True, text=True)


def test_the_editor_schema_knows_notes(tmp_path):
    schema = tmp_path / "journeymap.schema.json"
    schema.write_text(json_schema_text(), encoding="utf-8")
    good = tmp_path / "good.journey.yaml"
    good.write_text(notes_map(), encoding="utf-8")
    blank = tmp_path / "blank.journey.yaml"
    blank.write_text(notes_map().replace('by: "Kim, service"', 'by: "  "'), encoding="utf-8")
    assert check_jsonschema(schema, good).returncode == 0
    assert check_jsonschema(schema, blank).returncode == 1
