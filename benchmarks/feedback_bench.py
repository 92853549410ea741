#!/usr/bin/env python3
"""Feedback linking at scale: 1 M generated comments, 50 touchpoints with 10 `listen` keywords each (target: 10 s).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/feedback_bench.py [--rows 1000000]

Writes a Parquet file of comments (a third name one keyword, a third two, a third none, one in ten with an
explicit touchpoint), then times `journeymap analyze --format json` on a map that reads it, end to end.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOUCHPOINTS, KEYWORDS = 50, 10


def keyword(t: int, k: int) -> str:
    return f"topic{t}word{k}" + ("*" if k % 3 == 0 else "")


def write_map(folder: Path) -> Path:
    lines = ["journeymap: 1", "title: Feedback at scale", "personas: [{id: guest, name: Guest}]",
             "phases: [{id: visit, name: Visit}]", "touchpoints:"]
    for t in range(TOUCHPOINTS):
        words = ", ".join(f'"{keyword(t, k)}"' for k in range(KEYWORDS))
        lines.append(f"  - {{id: t{t}, name: T{t}, phase: visit, emotion: neutral, listen: [{words}]}}")
    lines += ["data:", "  - {file: comments.parquet, kind: feedback, text_column: text, rating_column: stars,",
              "     date_column: day, touchpoint_column: touchpoint}"]
    path = folder / "scale.journey.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_comments(folder: Path, rows: int) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute(f"""COPY (SELECT
        CASE i % 3 WHEN 0 THEN 'the topic' || (i % {TOUCHPOINTS}) || 'word' || (i % {KEYWORDS}) || 's were slow'
                   WHEN 1 THEN 'Topic' || (i % {TOUCHPOINTS}) || 'Word1 and topic' || ((i + 7) % {TOUCHPOINTS}) || 'word2'
                   ELSE 'nothing to say about anything here' END AS text,
        1 + i % 5 AS stars, DATE '2026-01-01' + CAST(i % 300 AS INTEGER) AS day,
        CASE WHEN i % 10 = 0 THEN 't' || (i % {TOUCHPOINTS}) ELSE NULL END AS touchpoint
        FROM range({rows}) t(i)) TO '{folder / "comments.parquet"}' (FORMAT parquet)""")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_map(folder)
        write_comments(folder, args.rows)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "journeymap", "analyze", str(path), "--format", "json",
                               "--allow-outside"], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        print(f"{args.rows:,} comments, {TOUCHPOINTS} touchpoints x {KEYWORDS} keywords: {seconds:.1f} s "
              f"(target 10 s), exit {done.returncode}")
        if done.returncode:
            print(done.stderr[-2000:])


if __name__ == "__main__":
    main()
