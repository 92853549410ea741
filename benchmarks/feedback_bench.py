#!/usr/bin/env python3
"""Feedback linking at scale: 1 M generated comments, 50 touchpoints with 10 `listen` keywords each (target: 10 s).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/feedback_bench.py [--rows 1000000] [--runs 3]
    benchmarks/run --feedback

Writes a Parquet file of comments of about 30 words (a third name one keyword, a third two, a third none, one in
ten with an explicit touchpoint; 20,000 distinct order numbers make the vocabulary
large), then times `journeymap analyze --format json` on a map that reads it, end to end, as Parquet and as CSV,
beside a floor: a fresh process in which DuckDB reads the same file and cuts every text into words.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOUCHPOINTS, KEYWORDS = 50, 10
PYTHON = str(ROOT / ".venv/bin/python") if (ROOT / ".venv/bin/python").exists() else sys.executable


def keyword(t: int, k: int) -> str:
    return f"topic{t}word{k}" + ("*" if k % 3 == 0 else "")


def write_map(folder: Path, file: str) -> Path:
    lines = ["journeymap: 1", "title: Feedback at scale", "personas: [{id: guest, name: Guest}]",
             "phases: [{id: visit, name: Visit}]", "touchpoints:"]
    for t in range(TOUCHPOINTS):
        words = ", ".join(f'"{keyword(t, k)}"' for k in range(KEYWORDS))
        lines.append(f"  - {{id: t{t}, name: T{t}, phase: visit, emotion: neutral, listen: [{words}]}}")
    lines += ["data:", f"  - {{file: {file}, kind: feedback, text_column: text, rating_column: stars,",
              "     date_column: day, touchpoint_column: touchpoint}"]
    path = folder / f"scale-{file.split('.')[-1]}.journey.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_comments(folder: Path, rows: int) -> None:
    """comments.parquet and the same rows as comments.csv."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"""CREATE TABLE comments AS SELECT
        CASE i % 3 WHEN 0 THEN 'the topic' || (i % {TOUCHPOINTS}) || 'word' || (i % {KEYWORDS}) || 's were slow'
                   WHEN 1 THEN 'Topic' || (i % {TOUCHPOINTS}) || 'Word1 and topic' || ((i + 7) % {TOUCHPOINTS}) || 'word2'
                   ELSE 'nothing to say about anything here' END
        || ', and when I came back on day ' || (i % 97) || ' with order' || (i % 20000)
        || ' the staff said it would take a while, which was fine, I suppose, but not great.' AS text,
        1 + i % 5 AS stars, DATE '2026-01-01' + CAST(i % 300 AS INTEGER) AS day,
        CASE WHEN i % 10 = 0 THEN 't' || (i % {TOUCHPOINTS}) ELSE NULL END AS touchpoint
        FROM range({rows}) t(i)""")
    con.execute(f"COPY comments TO '{folder / 'comments.parquet'}' (FORMAT parquet)")
    con.execute(f"COPY comments TO '{folder / 'comments.csv'}' (HEADER)")


# The floor: a fresh process that reads the comments and cuts every text into words, and does nothing else.
FLOOR = ("import duckdb, sys; duckdb.sql(\"SELECT count(*) FROM (SELECT unnest(string_split(lower(text), ' ')) "
         "FROM '\" + sys.argv[1] + \"')\").fetchall()")


def _seconds(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        print(done.stderr[-2000:])
    return time.perf_counter() - start, done.returncode


def run(rows: int, runs: int) -> None:
    """Print journeymap's time on `rows` comments (Parquet and CSV) beside the floor, and the 10 s target."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # written by the venv's python, which has DuckDB (benchmarks/run runs under the system's python3)
        subprocess.run([PYTHON, __file__, "--write", str(folder), "--rows", str(rows)], check=True)
        for file in ("comments.parquet", "comments.csv"):
            command = [PYTHON, "-m", "journeymap", "analyze", str(write_map(folder, file)), "--format", "json"]
            floor_command = [PYTHON, "-c", FLOOR, str(folder / file)]
            ours, floors = [], []
            for _ in range(runs):  # in turns, so a slow spell of a shared machine hits both alike
                ours.append(_seconds(command)[0])
                floors.append(_seconds(floor_command)[0])
            mine, floor = statistics.median(ours), statistics.median(floors)
            verdict = "met" if mine <= 10 else "NOT met"
            print(f"feedback: {rows:,} comments in {file:<17} {TOUCHPOINTS} touchpoints x {KEYWORDS} keywords: "
                  f"{mine:6.2f} s (target 10 s: {verdict})  vs floor (read + split words) {floor:5.2f} s  "
                  f"ratio {mine / floor:4.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, metavar="FOLDER", help="only write the comments into FOLDER")
    args = parser.parse_args()
    if args.write:
        write_comments(args.write, args.rows)
    else:
        run(args.rows, args.runs)


if __name__ == "__main__":
    main()
