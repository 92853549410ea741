"""`journeymap history` when only a map's feedback file changes: the emotion its ratings give and its rows per
touchpoint move, hand-computed, in text, JSON, CSV, Markdown and the trend report (English and German)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from journeymap.i18n.catalog import labels

from support.gitrepo import commit
from support.report_maps import RENDERED, foreign_labels, labels_found, report_text
from support.voice_maps import MOVING_MAP, moving_feedback_repo

# queue: 4 x 1 star (-2), then + 4 x 4 stars (2.5 stars: -0.5); coffee: 2 x 5 stars (+2), then + 2 x 1 star (0)
FEEDBACK = [{"coffee": {"rows": 2, "emotion": 2.0}, "queue": {"rows": 4, "emotion": -2.0}},
            {"coffee": {"rows": 2, "emotion": 2.0}, "queue": {"rows": 8, "emotion": -0.5}},
            {"coffee": {"rows": 4, "emotion": 0.0}, "queue": {"rows": 8, "emotion": -0.5}}]


@pytest.fixture
def repo(tmp_path):
    moving_feedback_repo(tmp_path / "repo")
    return tmp_path / "repo"


def test_every_commit_that_changed_only_the_feedback_file_is_a_point(jm, repo):
    run = jm("history", "cafe.journey.yaml", "--format", "json", cwd=repo)
    assert run.code == 0, run.err
    points = json.loads(run.out)["points"]
    assert [p["subject"] for p in points] == ["September reviews", "October reviews", "November reviews"]
    assert [p["feedback"] for p in points] == FEEDBACK


def test_text_shows_the_feedback_emotion_moving(jm, repo):
    lines = jm("history", "cafe.journey.yaml", cwd=repo).lines
    start = lines.index("Feedback per touchpoint (the emotion its ratings give, -2..+2; oldest → newest)")
    # -2 is the lowest spark, +2 the highest; -0.5 is 1.5 of 4 up: the fourth of eight
    assert lines[start + 1:start + 4] == ["  'Queue': ▁▄▄  -2 → -0.5 (4 → 8 comments)",
                                          "  'Coffee': ██▅  +2 → 0 (2 → 4 comments)", ""]


def test_feedback_that_did_not_move_is_counted(jm, repo):
    lines = jm("history", "cafe.journey.yaml", "--max-count", "1", cwd=repo).lines
    start = lines.index("Feedback per touchpoint (the emotion its ratings give, -2..+2; oldest → newest)")
    assert lines[start + 1:start + 3] == ["  none moved", "  (2 touchpoints did not move)"]


def test_csv_has_a_row_per_touchpoint_for_its_rows_and_its_emotion(jm, repo):
    run = jm("history", "cafe.journey.yaml", "--format", "csv", cwd=repo)
    rows = [row for row in csv.DictReader(io.StringIO(run.out.lstrip("\ufeff")))
            if row["measure"].startswith("feedback_")]
    assert [(r["subject"], r["measure"], r["id"], r["name"], r["value"]) for r in rows if r["id"] == "queue"] == [
        ("September reviews", "feedback_rows", "queue", "Queue", "4"),
        ("September reviews", "feedback_emotion", "queue", "Queue", "-2"),
        ("October reviews", "feedback_rows", "queue", "Queue", "8"),
        ("October reviews", "feedback_emotion", "queue", "Queue", "-0.5"),
        ("November reviews", "feedback_rows", "queue", "Queue", "8"),
        ("November reviews", "feedback_emotion", "queue", "Queue", "-0.5")]


def test_markdown_has_a_feedback_table(jm, repo):
    text = jm("history", "cafe.journey.yaml", "--format", "markdown", cwd=repo).out
    assert ("| touchpoint | feedback emotion | first | last | comments |\n|---|---|---:|---:|---|\n"
            "| Queue | ▁▄▄ | -2 | -0.5 | 4 → 8 comments |\n| Coffee | ██▅ | +2 | 0 | 2 → 4 comments |\n") in text


@pytest.mark.parametrize("lang, expected", [
    ("en", "What customers say per touchpoint (the emotion their ratings give) Queue · 4 → 8 comments −2 → −0.5"),
    ("de", "Was Kunden je Kontaktpunkt sagen (die Emotion ihrer Bewertungen) Queue · 4 → 8 Kommentare −2 → −0,5"),
])
def test_the_trend_report_draws_the_feedback_emotion(jm, repo, lang, expected):
    assert jm("history", "cafe.journey.yaml", "-o", "trend.html", "--lang", lang, cwd=repo).code == 0
    html = (repo / "trend.html").read_text(encoding="utf-8")
    text = " ".join(report_text(html).replace("\u00ad", "").split())
    start = text.index(labels(lang)["trend.section.feedback"])
    section = text[start:text.index(labels(lang)["trend.feedback.note"], start)]
    assert section.startswith(expected)
    assert "Coffee · 2 → 4" in section
    assert html.count('id="feedback-') == 2 * 2   # a chart per touchpoint: its title and its description
    if lang == "de":
        assert labels_found(section, foreign_labels("de", MOVING_MAP + "queue coffee")) == {}


def test_a_map_without_feedback_has_no_feedback_in_its_history(jm, repo):
    (repo / "cafe.journey.yaml").write_text(MOVING_MAP.format(lang="en").split("data:")[0], encoding="utf-8")
    commit(repo, "No feedback file")
    run = jm("history", "cafe.journey.yaml", "--max-count", "1", "--format", "json", cwd=repo)
    assert "feedback" not in json.loads(run.out)["points"][0]
    assert "Feedback per touchpoint" not in jm("history", "cafe.journey.yaml", "--max-count", "1", cwd=repo).out


def test_render_history_puts_the_feedback_charts_in_the_report_s_trend_section(jm, repo):
    assert jm("render", "cafe.journey.yaml", "-f", "html", "-o", "out", "--history", "5", cwd=repo).code == RENDERED
    text = " ".join(report_text((repo / "out" / "cafe.html").read_text(encoding="utf-8")).split())
    trend = text[text.index(labels("en")["trend.section"] + " "):]
    assert "What customers say per touchpoint (the emotion their ratings give) Queue · 4 → 8 comments −2 → −0.5" in trend
