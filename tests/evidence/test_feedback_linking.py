"""Keyword linking, fast and exact: on random comments the engine links every row to the same touchpoints as a
plain whole-word regular expression per touchpoint would (the definition in docs/format.md), with umlauts and
their spellings, prefixes, phrases, hyphens, punctuation, tabs and line breaks."""

from __future__ import annotations

import csv
import io
import json
import random

import duckdb
import pytest

from journeymap.evidence.feedback.keywords import fold_sql, touchpoint_pattern

WORDS = ["Wartezeit", "wartezeit", "Waertezeit", "warten", "wart", "Warte-Schlange", "müde", "muede", "MÜDE",
         "Kaffee", "kaffee", "to", "go", "Kaffeebar", "e-mail", "E-Mail", "email", "mail", "Straße", "strasse",
         "slow", "slowly", "queue", "queues", "#1", "1", "10", "Café", "cafe", "!!!", "x", "über", "ueber"]
SEPARATORS = [" ", "  ", ", ", ". ", "\t", "\n", " - ", "!", "(", ") ", "…", "/", " „", "“ "]
LISTEN = {
    "wait": ["Wartezeit", "wart*"],
    "tired": ["müde"],
    "coffee": ["kaffee to go", "café"],
    "mail": ["e-mail"],
    "street": ["Straße", "über*"],
    "queue": ["queue", "slow*"],
    "shout": ["!!!"],
    "first": ["#1"],
}


def comments(seed: int, count: int) -> list[tuple[str, int]]:
    generator = random.Random(seed)
    rows = []
    for _ in range(count):
        words = generator.choices(WORDS, k=generator.randint(0, 9))
        text = "".join(word + generator.choice(SEPARATORS) for word in words).strip() or "nothing"
        rows.append((text, generator.randint(1, 5)))
    return rows


def feedback_map() -> str:
    lines = ["journeymap: 1", "title: Linking", "personas: [{id: guest, name: Guest}]",
             "phases: [{id: visit, name: Visit}]", "touchpoints:"]
    for touchpoint, keywords in LISTEN.items():
        lines.append(f"  - {{id: {touchpoint}, name: {touchpoint}, phase: visit, emotion: neutral, "
                     f"listen: {json.dumps(keywords, ensure_ascii=False)}}}")
    lines += ["data:", "  - {file: comments.csv, kind: feedback, text_column: text, rating_column: stars}"]
    return "\n".join(lines) + "\n"


def expected(rows: list[tuple[str, int]]) -> tuple[dict[str, tuple[int, float]], int]:
    """Rows and mean rating per touchpoint, and the unlinked rows, by one regular expression per touchpoint."""
    con = duckdb.connect()
    con.execute("CREATE TABLE rows (text VARCHAR, stars INTEGER)")
    con.executemany("INSERT INTO rows VALUES (?, ?)", rows)
    linked, figures = set(), {}
    for touchpoint, keywords in LISTEN.items():
        found = con.execute(f"SELECT rowid, stars FROM rows WHERE regexp_matches({fold_sql('text')}, ?)",
                            [touchpoint_pattern(keywords)]).fetchall()
        linked |= {rowid for rowid, _ in found}
        if found:
            figures[touchpoint] = (len(found), round(sum(stars for _, stars in found) / len(found), 4))
    return figures, len(rows) - len(linked)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_links_equal_one_whole_word_pattern_per_touchpoint(jm, write, seed):
    rows = comments(seed, 400)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([("text", "stars"), *rows])
    write("comments.csv", buffer.getvalue())
    result = jm("analyze", write("linking.journey.yaml", feedback_map()), "--format", "json")
    voice = json.loads(result.out)["maps"][0]["voice"]
    found = {touchpoint: (figures["feedback"]["rows"], figures["feedback"]["mean_rating"])
             for touchpoint, figures in voice["touchpoints"].items() if "feedback" in figures}
    figures, unlinked = expected(rows)
    assert found == figures
    assert voice["unlinked_rows"] == unlinked
    assert len(figures) == len(LISTEN)  # every kind of keyword was met at least once
