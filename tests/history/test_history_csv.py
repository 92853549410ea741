"""`journeymap history --format csv` with formulas in commit subjects, names and titles: LibreOffice runs none of them."""

from __future__ import annotations

import csv
import io

import pytest

from support.gitrepo import commit, init_repo
from support.spreadsheet import open_in_calc

# What a pull request can put into a map's history; each would be a formula in a spreadsheet if written raw.
SUBJECT = '=HYPERLINK("http://evil.example","commit")'
MAP_FILE = "=2+2.journey.yaml"  # the gap's first_finding starts with the map's path
HOSTILE = """\
journeymap: 1
title: "Signup"
personas: [{id: ann, name: "+1+1"}]
phases: [{id: p1, name: "Join"}]
owners: [{id: team, name: "Team"}]
touchpoints:
  - id: signup
    name: "=1+1"
    phase: p1
    owner: team
    emotion: -2
    effort: 7
    kpis: {nps: {value: -20, target: 30}}
    next: [welcome]
  - id: welcome
    name: "-1+1"
    phase: p1
    owner: team
    emotion: 1
opportunities:
  - {id: one-step, title: "@SUM(A1)", addresses: [signup], status: planned}
"""


@pytest.fixture
def hostile_repo(tmp_path, monkeypatch):
    """Three commits: the hostile map, a gap (an unknown phase), the opportunity done."""
    repo = init_repo(tmp_path / "repo")
    path = repo / MAP_FILE
    path.write_text(HOSTILE, encoding="utf-8")
    commit(repo, SUBJECT)
    path.write_text(HOSTILE.replace("phase: p1\n    owner: team\n    emotion: 1", "phase: p9\n    owner: team\n"
                                    "    emotion: 1"), encoding="utf-8")
    commit(repo, "+1+1")
    path.write_text(HOSTILE.replace("status: planned", "status: done"), encoding="utf-8")
    commit(repo, "@SUM(A1)")
    monkeypatch.chdir(repo)
    return repo


def history_csv(jm, repo) -> bytes:
    run = jm("history", MAP_FILE, "--format", "csv", "-o", "history.csv")
    assert run.code == 0, run.err
    return (repo / "history.csv").read_bytes()


def test_history_csv_has_the_bom_crlf_and_defused_text(jm, hostile_repo):
    data = history_csv(jm, hostile_repo)
    assert data.startswith(b"\xef\xbb\xbfcommit,date,subject,")
    assert data.count(b"\r\n") == data.count(b"\n") and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert {row[2] for row in rows[1:]} == {"'" + SUBJECT, "'+1+1", "'@SUM(A1)"}
    cells = {cell for row in rows for cell in row}
    assert {"'=1+1", "'-1+1", "'+1+1", "'@SUM(A1)", "-20", "-0.5"} <= cells
    assert any(cell.startswith("'=2+2.journey.yaml:") for cell in cells)   # the gap's first finding
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))
                or cell.startswith("-") and cell not in ("-20", "-0.5")]


@pytest.mark.libreoffice
@pytest.mark.slow
def test_history_csv_opens_in_libreoffice_without_a_formula(jm, hostile_repo, tmp_path):
    history_csv(jm, hostile_repo)
    sheet = open_in_calc(hostile_repo / "history.csv", tmp_path)
    assert sheet.formulas == []
    assert {"'" + SUBJECT, "'=1+1", "'+1+1", "'-1+1", "'@SUM(A1)"} <= set(sheet.texts)   # shown as text
    assert "-20" in sheet.numbers                                                         # a negative KPI stays a number
