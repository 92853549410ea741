"""Feedback files, hand-computed: 45 German and English reviews linked by keyword and explicitly, the figures per
touchpoint, the unlinked rows and their words, a planted contradiction, and bad files as data-errors."""

from __future__ import annotations

import json

import pytest

from support.voice_maps import FEEDBACK_MAP as MAP
from support.voice_maps import csv_text, reviews

@pytest.fixture
def cafe(write):
    write("feedback.csv", csv_text(reviews()))
    return write("cafe.journey.yaml", MAP)


def voice_of(jm, path) -> dict:
    result = jm("analyze", path, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)["maps"][0]["voice"]


def test_there_are_45_reviews_in_german_and_english():
    assert len(reviews()) == 45


def test_rows_mean_ratings_and_emotions_per_touchpoint(jm, cafe):
    feedback = {node: {key: value for key, value in figures["feedback"].items() if key != "quotes"}
                for node, figures in voice_of(jm, cafe)["touchpoints"].items()}
    assert feedback == {
        # 12 x 1 star + 4 x 3 stars: mean 24 / 16 = 1.5, emotion 1.5 - 3 = -1.5, 12 of 16 below 0
        "queue": {"rows": 16, "mean_rating": 1.5, "emotion": -1.5, "negative_share": 0.75},
        # 5 x 5 + 5 x 4 + 4 x 3 = 57 over 14 rows: 4.0714, emotion 1.0714, none below 0
        "coffee": {"rows": 14, "mean_rating": 4.0714, "emotion": 1.0714, "negative_share": 0.0},
        # 'freundlich' and 'Friendly', any case: 2 x 5 stars
        "staff": {"rows": 2, "mean_rating": 5.0, "emotion": 2.0, "negative_share": 0.0},
        # explicit links only: 4 x 4 + 4 x 2 = 24 over 8
        "pay": {"rows": 8, "mean_rating": 3.0, "emotion": 0.0, "negative_share": 0.5},
    }


def test_quotes_are_the_lowest_rated_then_the_newest(jm, cafe):
    touchpoints = voice_of(jm, cafe)["touchpoints"]
    assert touchpoints["queue"]["feedback"]["quotes"] == [
        {"text": "The queue took forever", "rating": 1.0, "source": "Trustpilot", "date": "2026-10-12"},
        {"text": "Die Wartezeit war endlos", "rating": 1.0, "source": "Google", "date": "2026-10-11"},
        {"text": "The queue took forever", "rating": 1.0, "source": "Trustpilot", "date": "2026-10-10"},
    ]
    assert [q["date"] for q in touchpoints["coffee"]["feedback"]["quotes"]] == ["2026-11-04", "2026-11-03",
                                                                                 "2026-11-02"]


def test_unlinked_rows_and_their_most_frequent_words(jm, cafe):
    voice = voice_of(jm, cafe)
    assert voice["unlinked_rows"] == 9
    # stop words (der, war, too) left out; ties by word
    assert voice["unlinked_words"] == [["fehlt", 3], ["parkplatz", 3], ["erwartung", 2], ["loud", 2], ["music", 2],
                                       ["übertroffen", 2], ["nett", 1], ["sauber", 1], ["toilette", 1],
                                       ["wärter", 1]]


def test_the_planted_contradiction_is_reported_at_the_emotion_line(validate, cafe):
    run = validate(cafe)
    assert (run.code, run.lines) == (0, [
        f"{cafe}:15:5: warning: the map says emotion 1 at 'queue', but 16 feedback rows in feedback.csv say -1.5 "
        "[feedback-contradicts-map]"])


def test_fewer_rows_than_feedback_min_rows_do_not_contradict(validate, write, cafe):
    path = write("cafe.journey.yaml", MAP + "rules:\n  feedback_min_rows: 17\n")
    assert validate(path).lines == []
    path = write("cafe.journey.yaml", MAP + "rules:\n  feedback_min_rows: 2\n")
    assert [line.split(": ", 2)[2] for line in validate(path).lines] == [
        "the map says emotion 1 at 'queue', but 16 feedback rows in feedback.csv say -1.5 [feedback-contradicts-map]",
        "the map says emotion 0 at 'staff', but 2 feedback rows in feedback.csv say 2 [feedback-contradicts-map]"]


def test_per_persona_when_rows_carry_a_segment(validate, write):
    write("f.csv", "text,stars,age\n" + "queue long,1,young\n" * 3 + "queue ok,4,senior\n" * 3)
    path = write("m.journey.yaml", MAP.replace(
        "  - {file: feedback.csv, kind: feedback, text_column: text, rating_column: stars, date_column: date,\n"
        "     source_column: site, touchpoint_column: touchpoint}\n",
        "  - {file: f.csv, kind: feedback, text_column: text, rating_column: stars, segment_column: age,\n"
        "     segments: {young: lea, senior: ben}}\n") + "rules:\n  feedback_min_rows: 3\n")
    assert validate(path).lines == [
        f"{path}:15:5: warning: the map says emotion 1 for lea at 'queue', but 3 of its feedback rows in f.csv say -2 "
        "[feedback-contradicts-map]"]


# ------------------------------------------------------------------------------------------ bad files

def bad(write, csv: str | bytes, source: str = "") -> str:
    write("feedback.csv", csv)
    return write("cafe.journey.yaml", MAP.replace("touchpoint_column: touchpoint}", f"touchpoint_column: touchpoint{source}}}"))


def test_a_rating_outside_its_scale_is_a_data_error_at_its_row(validate, write, tmp_path):
    rows = reviews()
    rows[6] = ("Sieben Sterne!", 7, "2026-10-07", "Google", "")
    path = bad(write, csv_text(rows))
    run = validate(path)
    assert run.code == 1
    assert run.lines == [f"{tmp_path / 'feedback.csv'}:8:1: error: feedback file 'feedback.csv': row 7: rating '7' in "
                         "column 'stars' is outside stars5 (1..5) [data-error]"]


def test_an_nps10_scale_takes_0_to_10(validate, write, jm):
    write("feedback.csv", "text,score\nqueue slow,0\nqueue fine,10\n")
    path = write("cafe.journey.yaml", MAP.replace(
        "rating_column: stars, date_column: date,\n     source_column: site, touchpoint_column: touchpoint}",
        "rating_column: score, rating_scale: nps10}"))
    assert validate(path).code == 0
    queue = voice_of(jm, path)["touchpoints"]["queue"]["feedback"]
    assert (queue["rows"], queue["mean_rating"], queue["emotion"]) == (2, 5.0, 0.0)   # (0-5)/2.5 and (10-5)/2.5


@pytest.mark.parametrize("csv, expected", [
    ("text,stars,date,site\nx,1,2026-01-01,G\n",
     "25:46: error: column 'touchpoint' is not in feedback file 'feedback.csv' (columns: text, stars, date, site) "
     "[data-error]"),
    ("txt,stars,date,site,touchpoint\nx,1,2026-01-01,G,\n",
     "24:55: error: column 'text' is not in feedback file 'feedback.csv' (columns: txt, stars, date, site, touchpoint) "
     "(did you mean 'txt'?) [data-error]"),
    ("", "24:12: error: feedback file 'feedback.csv' is empty; it needs a header row [data-error]"),
    (b"text,stars,date,site,touchpoint\n\xff\xfe,1,2026-01-01,G,\n",
     "24:12: error: cannot read feedback file 'feedback.csv': Invalid Input Error: CSV Error on Line: 2: Invalid "
     "unicode (byte sequence mismatch) detected. This file is not utf-8 encoded. [data-error]"),
    ("text,stars,date,site,touchpoint\n" + "x" * 10_000_000 + ",1,2026-01-01,G,\n",
     "24:12: error: cannot read feedback file 'feedback.csv': "),
])
def test_bad_files_are_data_errors_at_the_map_line(validate, write, csv, expected):
    path = bad(write, csv)
    run = validate(path)
    assert run.code == 1
    assert any(line.startswith(f"{path}:{expected}") for line in run.lines), run.lines


def test_an_unknown_touchpoint_is_a_data_error_at_its_row(validate, write, tmp_path):
    path = bad(write, "text,stars,date,site,touchpoint\nok,4,2026-01-01,G,pay\nhm,3,2026-01-02,G,coffe\n")
    assert validate(path).lines == [f"{tmp_path / 'feedback.csv'}:3:1: error: feedback file 'feedback.csv': row 2: "
                                    "unknown touchpoint 'coffe' (did you mean 'coffee'?) [data-error]"]


def test_rows_naming_a_touchpoint_with_a_schema_error_are_no_second_error(validate, write):
    write("feedback.csv", csv_text(reviews()))
    path = write("cafe.journey.yaml", MAP.replace("{id: pay, name: Pays, phase: visit,", "{id: pay, phase: visit,"))
    run = validate(path)
    assert run.code == 1
    assert [line.rsplit("[", 1)[1] for line in run.lines if ": error: " in line] == ["schema]"]


def test_a_gzipped_csv_and_parquet_give_the_same_figures(jm, write, cafe, tmp_path):
    import gzip

    import duckdb

    plain = voice_of(jm, cafe)
    (tmp_path / "feedback.csv.gz").write_bytes(gzip.compress((tmp_path / "feedback.csv").read_bytes()))
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{tmp_path / 'feedback.csv'}', all_varchar = true)) "
               f"TO '{tmp_path / 'feedback.parquet'}' (FORMAT parquet)")
    for name in ("feedback.csv.gz", "feedback.parquet"):
        path = write(f"{name}.journey.yaml", MAP.replace("file: feedback.csv", f"file: {name}"))
        assert voice_of(jm, path) == plain, name
