"""Event-log benchmark: `journeymap observe` against the engine's floor and against pm4py, on two shapes of log.

Used by `benchmarks/run --observe`; also runnable alone:

    .venv/bin/python benchmarks/observe_bench.py [--events 10000000] [--shapes short long] [--spark]

For each shape, a generated Parquet log of `events` events (DuckDB SQL, seeded; 20 touchpoints in a
chain, 3 % of events that no touchpoint claims, the file in time order with the cases interleaved, as
an export of a live system is): *short*, cases of 2 events (5 M cases at 10 M events), and *long*,
cases of 100 events (100 k cases). On each, in fresh processes, wall time and peak RSS
(/usr/bin/time -v) of:

- the floor: one DuckDB query that computes only the directly-follows counts (LEAD over each case
  ordered by time, grouped). No observe can be faster than DuckDB reading and sorting the file once;
- `journeymap observe --format json` (every figure: flows, times, variants, conformance, outcomes);
- pm4py reading the same file with pandas and discovering the directly-follows graph (pm4py is the
  test oracle, AGPL, and only ever runs as a separate process);
- with --spark, `journeymap observe --engine spark` (local mode).
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
SHAPES = {"short": 2, "long": 100}   # events per case
MAX_RSS_MIB = 1536

FLOOR = """
import sys, duckdb
rows = duckdb.sql(f\"\"\"SELECT event, next, COUNT(*) FROM (
    SELECT event, LEAD(event) OVER (PARTITION BY case_id ORDER BY timestamp) AS next
    FROM read_parquet('{sys.argv[1]}')) GROUP BY ALL\"\"\").fetchall()
print(len(rows))
"""

PM4PY = """
import sys, pandas as pd, pm4py
frame = pd.read_parquet(sys.argv[1])
frame = pm4py.format_dataframe(frame, case_id="case_id", activity_key="event", timestamp_key="timestamp")
dfg, starts, ends = pm4py.discover_dfg(frame)
print(len(dfg), sum(dfg.values()))
"""


def make_log(folder: Path, events: int, per_case: int) -> Path:
    """A map of TOUCHPOINTS touchpoints in a chain and a Parquet log of `events` events, cases of `per_case`."""
    import duckdb

    touchpoints = "".join(f"  - {{id: t{i}, name: \"Step {i}\", phase: p, owner: o, events: [e{i}], "
                          f"next: [{{to: t{i + 1}, share: 0.8}}]}}\n" for i in range(TOUCHPOINTS - 1))
    touchpoints += f"  - {{id: t{TOUCHPOINTS - 1}, name: \"Last\", phase: p, owner: o, events: [e{TOUCHPOINTS - 1}]}}\n"
    (folder / "bench.journey.yaml").write_text(
        "journeymap: 1\ntitle: Bench\npersonas: [{id: a, name: A}]\nphases: [{id: p, name: P}]\n"
        "owners: [{id: o, name: O}]\ntouchpoints:\n" + touchpoints +
        "data:\n  - {file: log.parquet, kind: events}\n", encoding="utf-8")
    cases = max(1, events // per_case)
    log = folder / "log.parquet"
    con = duckdb.connect()
    con.execute("SELECT setseed(0.2026)")
    # Row i is the (i // cases)-th event of case i % cases: the file is in time order, the cases interleaved.
    # Each step moves 0, 1 or 2 touchpoints along the chain (0: a repeat, one visit), wrapping at the end.
    con.execute(f"""
        COPY (
          SELECT 'c' || (i % {cases}) AS case_id,
                 CASE WHEN random() < 0.03 THEN 'noise'
                      ELSE 'e' || CAST(((i // {cases}) + CAST(floor(random() * 3) AS INTEGER)) % {TOUCHPOINTS}
                                       AS VARCHAR) END AS event,
                 TIMESTAMP '2026-09-01' + to_microseconds(CAST(i * 50000 + floor(random() * 20000) AS BIGINT))
                     AS timestamp
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


def run(events: int, shapes: list[str], spark: bool = False) -> list[dict]:
    """Every shape at `events` events: the three (or four) timings of one run each, printed as they come."""
    results = []
    print(f"event logs of {events:,} events; load before: {load()}")
    for shape in shapes:
        with tempfile.TemporaryDirectory() as folder:
            map_file = make_log(Path(folder), events, SHAPES[shape])
            log = str(Path(folder) / "log.parquet")
            row = {"shape": shape, "events": events, "cases": max(1, events // SHAPES[shape]),
                   "floor": measured([PYTHON, "-c", FLOOR, log]),
                   "observe": measured([PYTHON, "-m", "journeymap", "observe", str(map_file), "--format", "json"]),
                   "pm4py": measured([PYTHON, "-c", PM4PY, log])}
            if spark:
                row["spark"] = measured([PYTHON, "-m", "journeymap", "observe", str(map_file), "--format", "json",
                                         "--engine", "spark"])
            results.append(row)
            print_row(row)
    print(f"load after: {load()}")
    return results


def print_row(row: dict) -> None:
    (floor, floor_rss), (ours, ours_rss), (pm4py, pm4py_rss) = row["floor"], row["observe"], row["pm4py"]
    verdict = lambda ok: "met" if ok else "NOT met"
    print(f"{row['shape']:>5} ({row['cases']:,} cases of {SHAPES[row['shape']]} events)")
    print(f"  floor (DuckDB directly-follows query) {floor:7.2f} s {floor_rss:6.0f} MiB")
    print(f"  journeymap observe                    {ours:7.2f} s {ours_rss:6.0f} MiB   {ours / floor:4.2f}x the floor "
          f"(target <= 1.5x: {verdict(ours <= 1.5 * floor)}); peak RSS target <= {MAX_RSS_MIB} MiB: "
          f"{verdict(ours_rss <= MAX_RSS_MIB)}")
    target = f" (target on the short shape >= 10x: {verdict(pm4py / ours >= 10)})" if row["shape"] == "short" else ""
    print(f"  pm4py (pandas + discover_dfg)         {pm4py:7.2f} s {pm4py_rss:6.0f} MiB   {pm4py / ours:4.1f}x the time "
          f"of observe{target}; the floor is {pm4py / floor:4.1f}x faster than pm4py")
    if "spark" in row:
        spark, spark_rss = row["spark"]
        print(f"  spark local: {spark:6.1f} s {spark_rss:6.0f} MiB (driver; the JVM's own memory is not counted), "
              f"{spark / ours:.1f}x the time of duckdb")


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes): benchmarks on a shared machine say how busy it was."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=["short", "long"])
    parser.add_argument("--spark", action="store_true", help="also time --engine spark (local mode)")
    args = parser.parse_args()
    run(args.events, args.shapes, args.spark)


if __name__ == "__main__":
    main()
