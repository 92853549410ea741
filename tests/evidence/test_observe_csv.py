"""`journeymap observe --format csv` of a map and a log named like formulas: defused, BOM, CRLF, no formula in Calc."""

from __future__ import annotations

import csv
import io

import pytest

from support.checkout_log import SHOP, deviating_log
from support.spreadsheet import open_in_calc

MAP_FILE = "=HYPERLINK(1,2).journey.yaml"
LOG_FILE = "+1+1.csv"


@pytest.fixture
def hostile_files(write, tmp_path, monkeypatch):
    """The checkout map and its log, both under names a spreadsheet would run as formulas."""
    monkeypatch.chdir(tmp_path)
    write(LOG_FILE, deviating_log())
    write(MAP_FILE, SHOP.replace("file: log.csv", f'file: "{LOG_FILE}"'))
    return tmp_path


def observe_csv(jm, folder) -> bytes:
    """The CSV as observe prints it, saved byte for byte (CRLF and the BOM kept) to flows.csv."""
    run = jm("observe", MAP_FILE, "--format", "csv")
    assert run.code == 0, run.err
    data = run.out.encode("utf-8")
    (folder / "flows.csv").write_bytes(data)
    return data


def test_observe_csv_has_the_bom_crlf_and_defused_paths(jm, hostile_files):
    data = observe_csv(jm, hostile_files)
    assert data.startswith(b"\xef\xbb\xbfmap,log,persona,from,to,")
    assert data.count(b"\r\n") == data.count(b"\n") and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 4   # the header, then cart -> checkout, checkout -> paid, checkout -> hotline
    assert {(row[0], row[1]) for row in rows[1:]} == {("'" + MAP_FILE, "'" + LOG_FILE)}
    assert ["'" + MAP_FILE, "'" + LOG_FILE, "", "cart", "checkout", "yes", "0.76"] == rows[1][:7]


@pytest.mark.libreoffice
@pytest.mark.slow
def test_observe_csv_opens_in_libreoffice_without_a_formula(jm, hostile_files):
    observe_csv(jm, hostile_files)
    sheet = open_in_calc(hostile_files / "flows.csv", hostile_files)
    assert sheet.formulas == []
    assert {"'" + MAP_FILE, "'" + LOG_FILE} <= set(sheet.texts)   # shown as text, the apostrophe in front
    assert "0.76" in sheet.numbers                                 # shares stay numbers
