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
