"""`journeymap compare` of two versions whose feedback file differs: each touchpoint's feedback emotion and rows
before and after, hand-computed, in text, JSON, Markdown and HTML (English and German)."""

from __future__ import annotations

import json

import pytest

from journeymap.i18n.catalog import labels

from support.report_maps import foreign_labels, labels_found, report_text
from support.voice_maps import MOVING_MAP, moving_feedback_repo

BEFORE, AFTER = "HEAD~2:cafe.journey.yaml", "cafe.journey.yaml"   # September's reviews against November's


@pytest.fixture
def repo(tmp_path):
    moving_feedback_repo(tmp_path / "repo")
    return tmp_path / "repo"


def test_text_says_which_touchpoint_customers_like_better_and_which_worse(jm, repo):
    run = jm("compare", BEFORE, AFTER, cwd=repo)
    assert run.code == 0, run.err
    lines = run.lines
    assert lines[3:5] == ["better: 1 touchpoint with better feedback", "worse:  1 touchpoint with worse feedback"]
    start = lines.index("Feedback (the emotion its ratings give, -2 .. +2)")
    # queue: 4 x 1 star (-2), then 4 more at 4 stars: 2.5 stars, -0.5; coffee: 2 x 5 (+2), then 2 more at 1: 0
    assert lines[start + 1:] == ["  ▲ 'Queue': -2 → -0.5 (4 → 8 comments)", "  ▼ 'Coffee': +2 → 0 (2 → 4 comments)"]


def test_json_holds_every_touchpoint_s_feedback_before_and_after(jm, repo):
    data = json.loads(jm("compare", BEFORE, AFTER, "--format", "json", cwd=repo).out)
    assert data["feedback"] == [
        {"touchpoint": "queue", "rows": [4, 8], "emotion": [-2.0, -0.5], "better": True},
        {"touchpoint": "coffee", "rows": [2, 4], "emotion": [2.0, 0.0], "better": False}]
    assert (data["counts"]["feedback_better"], data["counts"]["feedback_worse"]) == (1, 1)


def test_feedback_that_did_not_move_is_no_change(jm, repo):
    data = json.loads(jm("compare", "HEAD~1:cafe.journey.yaml", AFTER, "--format", "json", cwd=repo).out)
    assert data["feedback"][0] == {"touchpoint": "queue", "rows": [8, 8], "emotion": [-0.5, -0.5], "better": None}
    text = jm("compare", "HEAD~1:cafe.journey.yaml", AFTER, cwd=repo).out
    assert "'Queue'" not in text.split("Feedback (the emotion its ratings give, -2 .. +2)")[1]


def test_markdown_has_a_feedback_table(jm, repo):
    text = jm("compare", BEFORE, AFTER, "--format", "markdown", cwd=repo).out
    assert ("|  | touchpoint | feedback before | feedback after | comments |\n|---|---|---:|---:|---|\n"
            "| ▲ | Queue | -2 | -0.5 | 4 → 8 |\n| ▼ | Coffee | +2 | 0 | 2 → 4 |\n") in text


@pytest.mark.parametrize("lang, expected", [
    ("en", "What customers say Touchpoint Emotion in the feedback · before Emotion in the feedback · after "
           "Comments · before Comments · after ▲ Queue −2 frustrated −0.5 neutral 4 8 ▼ Coffee +2 delighted 0 neutral 2 4"),
    ("de", "Was Kunden sagen Kontaktpunkt Emotion im Feedback · vorher Emotion im Feedback · nachher Kommentare · "
           "vorher Kommentare · nachher ▲ Queue −2 frustriert −0,5 neutral 4 8 ▼ Coffee +2 begeistert 0 neutral 2 4"),
])
def test_the_html_report_has_a_feedback_section(jm, repo, lang, expected):
    assert jm("compare", BEFORE, AFTER, "-o", "c.html", "--lang", lang, cwd=repo).code == 0
    text = " ".join(report_text((repo / "c.html").read_text(encoding="utf-8")).replace("\u00ad", "").split())
    start = text.rindex(labels(lang)["cmp.section.feedback"])      # the section's title, not the contents' link
    section = text[start:text.index(labels(lang)["cmp.feedback.note"], start)]
    # -0.5 is nearer 0 than -1: its word is neutral, as everywhere on the emotion scale
    assert section.replace(labels(lang)["cmp.col.change"] + " ", "").strip() == expected
    assert f"1 {labels(lang)['cmp.n.feedback_better.one']}" in text
    assert f"1 {labels(lang)['cmp.n.feedback_worse.one']}" in text
    if lang == "de":
        assert labels_found(text, foreign_labels("de", MOVING_MAP + "queue coffee")) == {}


def test_a_map_without_feedback_has_no_feedback_section(jm, write):
    plain = MOVING_MAP.format(lang="en").split("data:")[0]
    write("a.journey.yaml", plain)
    write("b.journey.yaml", plain)
    folder = write("a.journey.yaml", plain).parent
    assert "feedback" not in json.loads(jm("compare", "a.journey.yaml", "b.journey.yaml", "--format", "json",
                                           cwd=folder).out)
    assert jm("compare", "a.journey.yaml", "b.journey.yaml", "-o", "c.html", cwd=folder).code == 0
    assert 'id="feedback"' not in (folder / "c.html").read_text(encoding="utf-8")
