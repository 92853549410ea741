"""Read every feedback file of a map with DuckDB and link its rows to touchpoints, all in SQL (no row in Python).

A row links to the touchpoint its `touchpoint_column` names; a row without one links to every
touchpoint one of whose `listen` keywords it contains (keywords.py). Problems are `data-error`s: a
missing column, an unreadable file, a rating outside its scale or an unknown touchpoint at the row.
"""

from __future__ import annotations

import math
from importlib import resources

from journeymap.evidence.feedback import queries
from journeymap.evidence.feedback.keywords import anchor, touchpoint_pattern, usable
from journeymap.evidence.feedback.result import QUOTES, FeedbackRead, Quote, TouchpointFeedback
from journeymap.findings import ERROR, Diagnostic
from journeymap.model.voice import RATING_SCALES, FeedbackSource
from journeymap.source.locate import RULE, locate_data_file
from journeymap.suggest import did_you_mean

COLUMN_KEYS = ("text_column", "rating_column", "date_column", "source_column", "touchpoint_column", "segment_column")


class FeedbackProblem(Exception):
    """A file that cannot be used: a data-error at the map line of `key`, or at a row of the file."""

    def __init__(self, message: str, key: str = "file", row: int | None = None):
        super().__init__(message)
        self.key, self.row = key, row


def read_feedback(journey) -> list[FeedbackRead]:
    """Every `kind: feedback` entry of the map, in `data` order."""
    return [_read_one(journey, index, source) for index, source in enumerate(journey.model.data)
            if isinstance(source, FeedbackSource)]


def _read_one(journey, index: int, source: FeedbackSource) -> FeedbackRead:
    located = locate_data_file(journey, index, source.file, "feedback file", folder_allowed=False)
    if isinstance(located, Diagnostic):
        return FeedbackRead(index, source.file, problems=[located])
    read = FeedbackRead(index, located.display)
    if located.path.stat().st_size == 0:
        read.problems.append(Diagnostic.at(journey.at("data", index, "file"), ERROR, RULE,
                                           f"feedback file '{source.file}' is empty; it needs a header row"))
        return read
    try:
        _run(journey, source, located, read)
    except FeedbackProblem as problem:
        read.problems.append(_diagnostic(journey, index, located, problem))
    return read


def _diagnostic(journey, index: int, located, problem: FeedbackProblem) -> Diagnostic:
    if problem.row is not None and located.path.name.lower().endswith((".csv", ".csv.gz")):
        return Diagnostic(located.display, problem.row + 1, 1, ERROR, RULE, str(problem))  # + 1: the header line
    key = problem.key if journey.written("data", index, problem.key) else "file"
    return Diagnostic.at(journey.at("data", index, key), ERROR, RULE, str(problem))


def _run(journey, source: FeedbackSource, located, read: FeedbackRead) -> None:
    import duckdb

    con = duckdb.connect(":memory:", config={"memory_limit": "1GB", "preserve_insertion_order": True})
    try:
        _prepare(con, journey, source, located)
        _figures(con, source, read)
    except duckdb.Error as exc:
        raise FeedbackProblem(f"cannot read feedback file '{source.file}': {_reason(exc)}") from None
    finally:
        con.close()


def _reason(exc: Exception) -> str:
    """DuckDB's error in a line: its first, with the one that names the cause where it gives one."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()] or [type(exc).__name__]
    cause = next((line for line in lines[1:] if "not utf-8" in line.lower() or "maximum line size" in line.lower()),
                 None)
    return f"{lines[0]}: {cause}" if cause else lines[0]


def _prepare(con, journey, source: FeedbackSource, located) -> None:
    relation = queries.source(located.path)
    columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
    for key in COLUMN_KEYS:
        name = getattr(source, key)
        if name is not None and name not in columns:
            shown = ", ".join(c for c in columns if not c.startswith("__"))
            raise FeedbackProblem(f"column '{name}' is not in feedback file '{source.file}' (columns: {shown})"
                                  f"{did_you_mean(name, columns)}", key=key)
    con.execute(f"CREATE TEMPORARY TABLE feedback AS {queries.rows(source, relation)}")
    low, high = RATING_SCALES[source.rating_scale]
    bad = con.execute(queries.BAD_RATING, [low, high]).fetchone()
    if bad is not None:
        raise FeedbackProblem(f"feedback file '{source.file}': row {bad[0]}: rating {bad[1]!r} in column "
                              f"'{source.rating_column}' is outside {source.rating_scale} ({low}..{high})",
                              key="rating_column", row=bad[0])
    known = list(journey.known_ids("touchpoints"))  # a touchpoint cut for a schema error is no unknown one
    _table(con, "touchpoint_ids", "touchpoint VARCHAR", [(t,) for t in dict.fromkeys(known)])
    unknown = con.execute(queries.UNKNOWN_TOUCHPOINT).fetchone()
    if unknown is not None:
        raise FeedbackProblem(f"feedback file '{source.file}': row {unknown[0]}: unknown touchpoint "
                              f"'{unknown[1]}'{did_you_mean(unknown[1], known)}", key="touchpoint_column",
                              row=unknown[0])
    _table(con, "segment_personas", "segment VARCHAR, persona VARCHAR", sorted(source.segments.items()))
    _table(con, "stop_words", "word VARCHAR", [(w,) for w in sorted(stop_words())])
    _link(con, journey)


def _link(con, journey) -> None:
    """The links table: (row_no, touchpoint) for every explicit link and every keyword found (queries.py)."""
    keywords = sorted({(t.id, word) for t in journey.model.touchpoints for word in t.listen if usable(word)})
    anchors = [(number, touchpoint, *anchor(word)) for number, (touchpoint, word) in enumerate(keywords)]
    _table(con, "anchors", "keyword INTEGER, touchpoint VARCHAR, anchor VARCHAR, prefix BOOLEAN, checked BOOLEAN",
           anchors)
    con.execute(f"CREATE TEMPORARY TABLE pieces AS {queries.PIECES}")
    con.execute(f"CREATE TEMPORARY TABLE hits AS {queries.HITS}")
    con.execute(f"CREATE TEMPORARY TABLE candidates AS {queries.CANDIDATES}")
    checked, searched = _patterns(keywords, anchors)
    con.execute(f"CREATE TEMPORARY TABLE links AS {queries.links(checked, searched)}")


def _patterns(keywords: list[tuple[str, str]], anchors: list[tuple]) -> tuple[dict[str, str], dict[str, str]]:
    """Per touchpoint, one pattern of its keywords that need one: those found by their first word, those without."""
    checked: dict[str, list[str]] = {}
    searched: dict[str, list[str]] = {}
    for (touchpoint, word), (_, _, first, _, check) in zip(keywords, anchors):
        if check:
            (checked if first is not None else searched).setdefault(touchpoint, []).append(word)
    return ({t: touchpoint_pattern(words) for t, words in checked.items()},
            {t: touchpoint_pattern(words) for t, words in searched.items()})


def _table(con, name: str, columns: str, rows: list[tuple]) -> None:
    """A small table of the map's own values, in one statement (a statement per row costs milliseconds each)."""
    con.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")
    if rows:
        width = len(rows[0])
        one = "(" + ", ".join("?" for _ in range(width)) + ")"
        con.execute(f"INSERT INTO {name} VALUES {', '.join(one for _ in rows)}", [v for row in rows for v in row])


def _figures(con, source: FeedbackSource, read: FeedbackRead) -> None:
    emotion = queries.emotion(source.rating_scale)
    read.rows = con.execute("SELECT count(*) FROM feedback").fetchone()[0]
    quotes: dict[str, list[Quote]] = {}
    for touchpoint, text, rating, origin, date in con.execute(queries.QUOTES, [QUOTES]).fetchall():
        quotes.setdefault(touchpoint, []).append(Quote(text, _number(rating), origin, date))
    personas: dict[str, dict[str, tuple[int, float]]] = {}
    for touchpoint, persona, rows, felt in con.execute(queries.by_persona(emotion)).fetchall():
        personas.setdefault(touchpoint, {})[persona] = (rows, felt)
    for touchpoint, rows, mean, felt, negative in con.execute(queries.per_touchpoint(emotion)).fetchall():
        read.touchpoints[touchpoint] = TouchpointFeedback(rows, _number(mean), _number(felt), _number(negative),
                                                          quotes.get(touchpoint, []), personas.get(touchpoint, {}))
    read.unlinked_rows = con.execute(f"SELECT count(*) FROM ({queries.UNLINKED_ROWS})").fetchone()[0]
    read.unlinked_words = [(word, count) for word, count in con.execute(queries.UNLINKED_WORDS, [WORDS]).fetchall()]


WORDS = 10  # the most frequent words of unlinked rows listed


def _number(value) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def stop_words() -> set[str]:
    """English and German stop words (i18n/stopwords): left out of the words of unlinked rows."""
    folder = resources.files("journeymap.i18n").joinpath("stopwords")
    return {word for lang in ("en", "de") for word in folder.joinpath(f"{lang}.txt").read_text("utf-8").split()}
