"""The CSV export opens in LibreOffice Calc with umlauts intact and no formula run (headless conversion)."""

import pytest

from support.paths import ROOT
from support.spreadsheet import open_in_calc

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def test_german_csv_opens_in_libreoffice_with_umlauts(jm, tmp_path):
    assert jm("render", ROOT / "samples/bank-account", "-o", tmp_path, "-f", "csv").code == 0
    csv_file = tmp_path / "kontoeroeffnung.csv"
    sheet = open_in_calc(csv_file, tmp_path)
    assert "Günther, 61, wechselt von der Sparkasse" in sheet.texts
    assert "Lässt sich in der Filiale beraten" in sheet.texts
    assert not [t for t in sheet.texts if "Ã" in t or "\ufeff" in t]          # no mojibake, the BOM is not a character
    assert sheet.rows == len(csv_file.read_text(encoding="utf-8-sig").splitlines())


def test_names_like_formulas_stay_text_in_libreoffice(jm, write, tmp_path):
    journey_map = write("evil.journey.yaml", """\
        journeymap: 1
        title: "Evil"
        personas: [{id: p, name: "+1+1"}]
        phases: [{id: ph, name: "@SUM(A1)"}]
        owners: [{id: o, name: "O"}]
        touchpoints:
          - {id: t, name: '=HYPERLINK("http://evil.example","x")', phase: ph, owner: o, emotion: -2, kpis: {nps: -40}}
          - {id: u, name: "-1+1", phase: ph, owner: o, emotion: -1}
        """)
    assert jm("render", journey_map, "-o", tmp_path / "out", "-f", "csv").code == 0
    sheet = open_in_calc(tmp_path / "out" / "evil.csv", tmp_path)
    assert sheet.formulas == []
    assert {"'+1+1", "'@SUM(A1)", "'-1+1"} <= set(sheet.texts)
    assert {"-2", "-40"} <= set(sheet.numbers)


FORMULAS = ("=1+1", "+1+1", "-1+1", "@SUM(1,1)", "\t=1+1", "\r=1+1")   # OWASP's CSV injection starts


def test_review_text_like_formulas_stays_text_in_libreoffice(jm, write, tmp_path):
    """Each touchpoint's quote in the CSV export is a review as written: =1+1 must stay text, never become 2."""
    touchpoints = "".join(f"  - {{id: t{i}, name: T{i}, phase: ph, owner: o, emotion: -2}}\n" for i in range(6))
    journey_map = write("reviews.journey.yaml", (
        'journeymap: 1\ntitle: "Reviews"\npersonas: [{id: p, name: P}]\nphases: [{id: ph, name: Visit}]\n'
        "owners: [{id: o, name: O}]\ntouchpoints:\n" + touchpoints +
        "data:\n  - {file: reviews.csv, kind: feedback, text_column: text, rating_column: stars, source_column: site,\n"
        "     date_column: date, touchpoint_column: touchpoint}\n"))
    cells = "".join(f'"{text}",1,"{text}","{text}",t{i}\r\n' for i, text in enumerate(FORMULAS))
    write("reviews.csv", "text,stars,site,date,touchpoint\r\n" + cells)
    assert jm("render", journey_map, "-o", tmp_path / "out", "-f", "csv").code == 0
    exported = (tmp_path / "out" / "reviews.csv").read_text(encoding="utf-8-sig")
    assert exported.count("'=1+1") == 3 and exported.count("'@SUM(1,1)") == 3   # quote, source, date
    sheet = open_in_calc(tmp_path / "out" / "reviews.csv", tmp_path)
    assert sheet.formulas == []
    assert "2" not in sheet.numbers and "-2" in sheet.numbers      # nothing computed; the emotions stay numbers
    assert {"'=1+1", "'+1+1", "'-1+1", "'@SUM(1,1)"} <= set(sheet.texts)
    assert len([t for t in sheet.texts if t.startswith("'") and t.endswith("=1+1") and t[1] in "\t\r\n"]) >= 2
