"""History benchmark: `journeymap history` against a shell loop of `journeymap analyze REV:path`.

Used by `benchmarks/run --history`; also runnable alone:

    .venv/bin/python benchmarks/history_bench.py [--commits 500] [--touchpoints 50] [--runs 3]

A generated repository (seeded): a map of 50 touchpoints with a survey CSV, 500 commits; each
commit changes an effort, an emotion or a KPI, every 10th adds survey responses, one makes the
map invalid, one marks an opportunity done. Wall times of the whole commands (start-up included).
Targets: history <= 5 s, and >= 10x faster than the loop.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))   # the generators the tests use: tests/support
JOURNEYMAP = str(ROOT / ".venv" / "bin" / "journeymap")


def make_repo(folder: Path, commits: int, touchpoints: int, seed: int = 11) -> Path:
    from support.generate import generate_map

    rng = random.Random(seed)
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@example.com",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "b@example.com"}

    def git(*args):
        subprocess.run(["git", *args], cwd=folder, check=True, env=env, capture_output=True)

    git("init", "-q", "-b", "main")
    text = generate_map(touchpoints).replace("opportunities:", "data:\n  - {file: survey.csv, kind: nps}\nopportunities:")
    survey = ["touchpoint,score"] + [f"t{rng.randrange(touchpoints)},{rng.randint(0, 10)}" for _ in range(400)]
    map_file, survey_file = folder / "journey.journey.yaml", folder / "survey.csv"
    map_file.write_text(text, encoding="utf-8")
    survey_file.write_text("\n".join(survey) + "\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "map")
    for n in range(1, commits):
        if n % 10 == 0:
            survey += [f"t{rng.randrange(touchpoints)},{rng.randint(0, 10)}" for _ in range(40)]
            survey_file.write_text("\n".join(survey) + "\n", encoding="utf-8")
        else:
            i = rng.randrange(touchpoints)
            lines = text.split("\n")
            at = lines.index(f"  - id: t{i}")
            effort = next(k for k in range(at, at + 12) if lines[k].startswith("    effort:"))
            old = int(lines[effort].split(":")[1])
            lines[effort] = f"    effort: {rng.choice([e for e in range(1, 8) if e != old])}"
            text = "\n".join(lines)
            if n == commits // 2 + 1:
                text = text.replace('title: "Fix 0", addresses: [t0], impact: high, cost: low}',
                                    'title: "Fix 0", addresses: [t0], impact: high, cost: low, status: done}')
            written = text.replace("    phase: ph1\n", "    phase: ph99\n", 1) if n == commits // 3 else text
            map_file.write_text(written, encoding="utf-8")
        git("commit", "-q", "-a", "-m", f"change {n}")
    return map_file


def timed(command: str, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["bash", "-c", command], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def run(commits: int = 500, touchpoints: int = 50, runs: int = 3) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="journeymap-history-bench-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        make_repo(folder, commits, touchpoints)
        made = time.perf_counter() - started
        ours = statistics.median(timed(f"{JOURNEYMAP} history journey.journey.yaml --format json >/dev/null", folder)
                                 for _ in range(runs))
        loop = timed(f'for rev in $(git rev-list HEAD); do {JOURNEYMAP} analyze --format json '
                     f'"$rev:journey.journey.yaml" >/dev/null || true; done', folder)
    ratio = loop / ours
    return [
        f"history  generated repository: {commits} commits of a {touchpoints}-touchpoint map with a survey CSV "
        f"({made:.1f} s to make)",
        f"history  journeymap history (median of {runs})        {ours * 1000:7.0f} ms   target <= 5000 ms: "
        f"{'met' if ours <= 5 else 'NOT met'}",
        f"history  shell loop of journeymap analyze REV:path   {loop * 1000:7.0f} ms   loop / history = {ratio:.1f}x "
        f"(target >= 10x: {'met' if ratio >= 10 else 'NOT met'})",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--touchpoints", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for line in run(args.commits, args.touchpoints, args.runs):
        print(line, flush=True)


if __name__ == "__main__":
    main()
