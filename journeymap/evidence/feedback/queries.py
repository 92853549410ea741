"""The SQL of feedback (DuckDB): the rows in fixed columns, their links to touchpoints, the figures per touchpoint."""

from __future__ import annotations

from pathlib import Path

from journeymap.evidence.feedback.keywords import fold_sql


def source(path: Path) -> str:
    """A FROM clause for the file's rows, every column as text, with `__row_no` counting from 1 in file order."""
    quoted = "'" + str(path).replace("'", "''") + "'"
    if path.name.lower().endswith(".parquet"):
        return (f"(SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS __row_no "
                f"FROM read_parquet({quoted}, file_row_number = true))")
    return (f"(SELECT *, row_number() OVER () AS __row_no FROM read_csv({quoted}, header = true, "
            "all_varchar = true))")


def _text(column: str | None) -> str:
    if column is None:
        return "CAST(NULL AS VARCHAR)"
    return "NULLIF(trim(CAST(\"" + column.replace('"', '""') + "\" AS VARCHAR)), '')"


def rows(feedback, relation: str) -> str:
    """Every row in the columns the queries below read."""
    text = _text(feedback.text_column)
    return (f"SELECT __row_no AS row_no, {text} AS text, "
            f"{_text(feedback.rating_column)} AS raw_rating, "
            f"TRY_CAST({_text(feedback.rating_column)} AS DOUBLE) AS rating, "
            f"{_text(feedback.date_column)} AS date, {_text(feedback.source_column)} AS source, "
            f"{_text(feedback.touchpoint_column)} AS touchpoint, {_text(feedback.segment_column)} AS segment "
            f"FROM {relation}")


BAD_RATING = """SELECT row_no, raw_rating FROM feedback
WHERE raw_rating IS NOT NULL AND (rating IS NULL OR NOT isfinite(rating) OR rating < $1 OR rating > $2)
ORDER BY row_no LIMIT 1"""

UNKNOWN_TOUCHPOINT = """SELECT row_no, touchpoint FROM feedback
WHERE touchpoint IS NOT NULL AND touchpoint NOT IN (SELECT touchpoint FROM touchpoint_ids) ORDER BY row_no LIMIT 1"""

# The rows a keyword may link (no explicit touchpoint) cut at spaces into pieces, in lower case. Splitting at
# spaces is fast; each distinct piece is then split into words once (PIECES), where neither a letter nor a digit is:
# the same boundaries as a keyword's whole-word pattern (keywords.py). A space is no letter, so the words of a text
# are exactly the words of its pieces.
def spaced(rows: str) -> str:
    return f"SELECT row_no, unnest(string_split(lower(text), ' ')) AS piece FROM ({rows}) WHERE text IS NOT NULL"


SPACED = spaced("SELECT row_no, text FROM feedback WHERE touchpoint IS NULL")

PIECES = f"""SELECT piece, word, {fold_sql('word')} AS folded FROM (
  SELECT piece, unnest(string_split_regex(piece, '[^\\pL\\pN]+')) AS word
  FROM (SELECT DISTINCT piece FROM ({SPACED})))
WHERE word <> ''"""

# Which keywords' first word each piece holds: pieces are few beside the rows, so a prefix (`wart*`) is compared
# against each of them once, not once per row.
HITS = """SELECT DISTINCT piece, keyword FROM (
  SELECT p.piece, a.keyword FROM pieces p JOIN anchors a ON NOT a.prefix AND a.anchor = p.folded
  UNION ALL
  SELECT p.piece, a.keyword FROM pieces p JOIN anchors a ON a.prefix AND starts_with(p.folded, a.anchor))"""

# An explicit link wins; a row without one links to every touchpoint one of whose keywords it contains. A keyword
# of one plain word is found by its word alone; any other (a phrase, a word with a hyphen) is a candidate where its
# first word is, and its whole pattern is checked on those rows only. A keyword without any word is checked on
# every row. Each pattern is written into the query as a literal, so that the engine compiles it once, not per row.
CANDIDATES = f"SELECT DISTINCT s.row_no, h.keyword FROM ({SPACED}) s JOIN hits h USING (piece)"


def links(checked: dict[str, str], searched: dict[str, str]) -> str:
    """The links query. checked: touchpoint -> the pattern of its keywords found by their first word that need their
    whole pattern; searched: touchpoint -> the pattern of its keywords without a word. One pattern per touchpoint:
    compiling a pattern with Unicode classes takes milliseconds."""
    text = fold_sql("f.text")
    parts = ["SELECT row_no, touchpoint FROM feedback WHERE touchpoint IS NOT NULL",
             "SELECT c.row_no, a.touchpoint FROM candidates c JOIN anchors a USING (keyword) WHERE NOT a.checked"]
    if checked:
        cases = " ".join(f"WHEN {_literal(touchpoint)} THEN regexp_matches({text}, {_literal(pattern)})"
                         for touchpoint, pattern in sorted(checked.items()))
        parts.append("SELECT c.row_no, a.touchpoint FROM candidates c JOIN anchors a USING (keyword) "
                     f"JOIN feedback f USING (row_no) WHERE a.checked AND CASE a.touchpoint {cases} END")
    for touchpoint, pattern in sorted(searched.items()):
        parts.append(f"SELECT f.row_no, {_literal(touchpoint)} FROM feedback f WHERE f.touchpoint IS NULL AND "
                     f"f.text IS NOT NULL AND regexp_matches({text}, {_literal(pattern)})")
    return "SELECT DISTINCT row_no, touchpoint FROM (" + "\nUNION ALL\n".join(parts) + ")"


def _literal(text: str) -> str:
    """A SQL string literal (standard SQL: a quote is doubled, a backslash is an ordinary character)."""
    return "'" + text.replace("'", "''") + "'"


def emotion(scale: str) -> str:
    """The rating on the emotion scale -2..2 (model/voice.feedback_emotion, in SQL)."""
    return "(f.rating - 3)" if scale == "stars5" else "((f.rating - 5) / 2.5)"


def per_touchpoint(felt: str) -> str:
    return f"""SELECT l.touchpoint, count(*) AS rows, avg(f.rating) AS mean_rating, avg({felt}) AS emotion,
  avg(CASE WHEN {felt} < 0 THEN 1.0 ELSE 0.0 END) FILTER (WHERE f.rating IS NOT NULL) AS negative_share
FROM links l JOIN feedback f USING (row_no) GROUP BY l.touchpoint ORDER BY l.touchpoint"""


def by_persona(felt: str) -> str:
    return f"""SELECT l.touchpoint, s.persona, count(f.rating) AS rows, avg({felt}) AS emotion
FROM links l JOIN feedback f USING (row_no) JOIN segment_personas s ON s.segment = f.segment
WHERE f.rating IS NOT NULL GROUP BY l.touchpoint, s.persona ORDER BY l.touchpoint, s.persona"""


QUOTES = """SELECT touchpoint, text, rating, source, date FROM (
  SELECT l.touchpoint, f.text, f.rating, f.source, f.date, f.row_no,
    row_number() OVER (PARTITION BY l.touchpoint ORDER BY f.rating ASC NULLS LAST, f.date DESC NULLS LAST,
                       f.row_no) AS place
  FROM links l JOIN feedback f USING (row_no) WHERE f.text IS NOT NULL)
WHERE place <= $1 ORDER BY touchpoint, place"""

UNLINKED_ROWS = "SELECT row_no, text FROM feedback ANTI JOIN links USING (row_no)"

UNLINKED_WORDS = f"""WITH unlinked AS (SELECT piece, count(*) AS n FROM ({spaced(UNLINKED_ROWS)}) GROUP BY piece)
SELECT p.word, sum(u.n) AS n FROM unlinked u JOIN pieces p USING (piece)
WHERE length(p.word) >= 3 AND NOT regexp_matches(p.word, '^[0-9]+$') AND p.word NOT IN (SELECT word FROM stop_words)
GROUP BY p.word ORDER BY n DESC, p.word LIMIT $1"""
