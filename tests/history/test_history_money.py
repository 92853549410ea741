"""The money at stake of a map over its git history: text, JSON, CSV, and the trend report's first chart."""

from __future__ import annotations

import json

import pytest

from support.gitrepo import commit, init_repo
from support.money import money_map


@pytest.fixture
def money_repo(tmp_path, monkeypatch):
    """Three commits: conversion at checkout 0.7, 0.75, 0.8 (at stake 276,000, 234,000, 192,000)."""
    repo = init_repo(tmp_path / "repo")
    for conversion in ("0.7", "0.75", "0.8"):
        (repo / "m.journey.yaml").write_text(money_map(conversion=conversion), encoding="utf-8")
        commit(repo, f"conversion {conversion}")
    monkeypatch.chdir(repo)
    return repo


def test_history_says_the_money_moved(jm, money_repo):
    run = jm("history", "m.journey.yaml")
    assert "Money at stake (oldest → newest): █▅▁  €276,000 → €192,000 (−€84,000)" in run.lines
    points = json.loads(jm("history", "m.journey.yaml", "--format", "json").out)["points"]
    assert [(p["at_stake"], p["currency"]) for p in points] == [(276000, "EUR"), (234000, "EUR"), (192000, "EUR")]
    csv = jm("history", "m.journey.yaml", "--format", "csv").out
    assert [line.split(",")[6:10] for line in csv.splitlines() if ",at_stake," in line] == [
        ["at_stake", "EUR", "", "276000"], ["at_stake", "EUR", "", "234000"], ["at_stake", "EUR", "", "192000"]]


def test_the_trend_report_draws_the_money_first(jm, money_repo):
    assert jm("history", "m.journey.yaml", "-o", "trend.html", "--lang", "de").code == 0
    html = (money_repo / "trend.html").read_text(encoding="utf-8")
    charts = html[html.index('id="trend-kpis"'):]
    first = charts[charts.index("<figcaption>"):charts.index("</figcaption>")]
    assert "Insgesamt gefährdet" in first and "276.000 € → 192.000 €" in first


def test_a_history_without_money_has_none(jm, tmp_path, monkeypatch):
    from support.maps import map_with
    repo = init_repo(tmp_path / "plain")
    (repo / "m.journey.yaml").write_text(map_with(), encoding="utf-8")
    commit(repo, "one")
    monkeypatch.chdir(repo)
    assert "Money" not in jm("history", "m.journey.yaml").out
    assert "at_stake" not in jm("history", "m.journey.yaml", "--format", "json").out
