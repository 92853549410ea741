"""Event-log benchmark: `journeymap observe` against pm4py's DFG discovery on the same Parquet file.

Used by `benchmarks/run --observe`; also runnable alone:

    .venv/bin/python benchmarks/observe_bench.py [--events 1000000 10000000] [--spark]

For each size: a generated log (DuckDB SQL, seeded: 20 touchpoints, cases of ~8 events, 3 %
unmapped events), then wall time and peak RSS (/usr/bin/time -v) of journeymap observe (DuckDB,
and Spark local with --spark) and of pm4py reading the same file with pandas and discovering the
directly-follows graph. pm4py is the test oracle (AGPL) and is only ever run as a separate process.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python") if (ROOT / ".venv/bin/python").exists() else sys.executable
TOUCHPOINTS = 20

PM4PY = """
import sys, pandas as pd, pm4py
frame = pd.read_parquet(sys.argv[1])
frame = pm4py.format_dataframe(frame, case_id="case_id", activity_key="event", timestamp_key="timestamp")
dfg, starts, ends = pm4py.discover_dfg(frame)
print(len(dfg), sum(dfg.values()))
"""


def make_log(folder: Path, events: int) -> Path:
    """A map of TOUCHPOINTS touchpoints in a chain and a Parquet log of about `events` events."""
    import duckdb

    touchpoints = "".join(f"  - {{id: t{i}, name: \"Step {i}\", phase: p, owner: o, events: [e{i}], "
                          f"next: [{{to: t{i + 1}, share: 0.8}}]}}\n" for i in range(TOUCHPOINTS - 1))
    touchpoints += f"  - {{id: t{TOUCHPOINTS - 1}, name: \"Last\", phase: p, owner: o, events: [e{TOUCHPOINTS - 1}]}}\n"
    (folder / "bench.journey.yaml").write_text(
        "journeymap: 1\ntitle: Bench\npersonas: [{id: a, name: A}]\nphases: [{id: p, name: P}]\n"
        "owners: [{id: o, name: O}]\ntouchpoints:\n" + touchpoints +
        "data:\n  - {file: log.parquet, kind: events}\n", encoding="utf-8")
    log = folder / "log.parquet"
    con = duckdb.connect()
    con.execute("SELECT setseed(0.2026)")
    con.execute(f"""
        COPY (
          SELECT 'c' || (i // 8) AS case_id,
                 CASE WHEN random() < 0.03 THEN 'noise' ELSE 'e' || CAST(LEAST({TOUCHPOINTS - 1},
                      (i % 8) + CAST(floor(random() * 3) AS INTEGER)) AS VARCHAR) END AS event,
                 TIMESTAMP '2026-09-01' + to_seconds(CAST(i * 7 + floor(random() * 5) AS BIGINT)) AS timestamp
          FROM range({events}) t(i)
        ) TO '{log}' (FORMAT parquet, COMPRESSION zstd)""")
    return folder / "bench.journey.yaml"


def measured(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of a command, from /usr/bin/time -v."""
    done = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    hours, minutes, seconds = (float(g) if g else 0.0 for g in wall.groups())
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    return hours * 3600 + minutes * 60 + seconds, rss / 1024


def run(sizes: list[int], spark: bool) -> list[dict]:
    results = []
    for events in sizes:
        with tempfile.TemporaryDirectory() as folder:
            map_file = make_log(Path(folder), events)
            ours = measured([PYTHON, "-m", "journeymap", "observe", str(map_file), "--format", "json"])
            oracle = measured([PYTHON, "-c", PM4PY, str(Path(folder) / "log.parquet")])
            row = {"events": events, "duckdb": ours, "pm4py": oracle}
            if spark:
                row["spark"] = measured([PYTHON, "-m", "journeymap", "observe", str(map_file), "--format", "json",
                                         "--engine", "spark"])
            results.append(row)
            print_row(row)
    if len(results) >= 2:
        small, large = results[0], results[-1]
        growth = (large["duckdb"][0] / small["duckdb"][0]) / (large["events"] / small["events"])
        print(f"observe growth {small['events']:,} -> {large['events']:,} events: "
              f"{large['duckdb'][0] / small['duckdb'][0]:.1f}x time for {large['events'] // small['events']}x events "
              f"({'no worse than linear' if growth <= 1.0 else 'WORSE than linear'})")
    return results


def print_row(row: dict) -> None:
    events = f"{row['events']:,} events"
    (ours, ours_rss), (theirs, theirs_rss) = row["duckdb"], row["pm4py"]
    target = " (target at 10 M: ≥ 10x: " + ("met" if theirs / ours >= 10 else "NOT met") + ")" \
        if row["events"] >= 10_000_000 else ""
    print(f"observe {events:<18} duckdb {ours:6.1f} s {ours_rss:7.0f} MiB   pm4py {theirs:6.1f} s "
          f"{theirs_rss:7.0f} MiB   pm4py/journeymap {theirs / ours:5.1f}x{target}")
    if row["events"] >= 10_000_000:
        print(f"  peak RSS of observe at {events}: {ours_rss:.0f} MiB (target ≤ 1536 MiB: "
              f"{'met' if ours_rss <= 1536 else 'NOT met'})")
    if "spark" in row:
        spark, spark_rss = row["spark"]
        print(f"  spark local: {spark:6.1f} s {spark_rss:7.0f} MiB (driver; the JVM's own memory is not counted), "
              f"{spark / ours:.1f}x the time of duckdb")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--spark", action="store_true", help="also time --engine spark (local mode)")
    args = parser.parse_args()
    run(args.events, args.spark)


if __name__ == "__main__":
    main()
