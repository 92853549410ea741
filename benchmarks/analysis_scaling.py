"""How validate + analyze time grows from 1,000 to 10,000 touchpoints (should be roughly linear).

Run: .venv/bin/python benchmarks/analysis_scaling.py [--runs N]
Prints the median of N runs per size, the time per touchpoint, and the ratio of growth in
time to growth in size (1.0 = perfectly linear).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))   # the generators the tests use
from support.generate import generate_map  # noqa: E402

from journeymap.analysis.run import analyze  # noqa: E402
from journeymap.rules.pipeline import validate_file  # noqa: E402

SIZES = (1000, 2000, 5000, 10000)


def measure(path: Path, runs: int) -> tuple[float, float]:
    """Median seconds for validate and for analyze."""
    validate_times, analyze_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        result = validate_file(path)
        middle = time.perf_counter()
        analyze(result.journey)
        validate_times.append(middle - start)
        analyze_times.append(time.perf_counter() - middle)
        assert not result.has_errors, result.diagnostics[:3]
    return statistics.median(validate_times), statistics.median(analyze_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="journeymap-bench-"))
    rows = []
    warm_up = folder / "warm-up.journey.yaml"
    warm_up.write_text(generate_map(100), encoding="utf-8")
    measure(warm_up, 1)  # imports and pydantic's first validation are not part of the scaling
    for size in SIZES:
        path = folder / f"gen{size}.journey.yaml"
        path.write_text(generate_map(size), encoding="utf-8")
        rows.append((size, *measure(path, args.runs)))
    print(f"{'touchpoints':>11}  {'validate s':>10}  {'analyze s':>9}  {'total s':>7}  {'ms/touchpoint':>13}  growth vs size")
    base_size, base_v, base_a = rows[0]
    for size, validate_s, analyze_s in rows:
        total = validate_s + analyze_s
        growth = (total / (base_v + base_a)) / (size / base_size)
        print(f"{size:>11}  {validate_s:>10.3f}  {analyze_s:>9.3f}  {total:>7.3f}  {1000 * total / size:>13.3f}  {growth:>5.2f}x")
    print("growth vs size = (time / time at 1,000) / (size / 1,000); 1.00x is linear")


if __name__ == "__main__":
    main()
