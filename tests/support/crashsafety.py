"""Crash safety of batch rendering: kill -9 at random moments, and two renders into one folder at once.

After every run the output folder may hold only complete files, each byte-identical to the
output of this render or of the previous one. (Hidden `.<name>.<random>.tmp` files that a kill
leaves behind are not outputs; they are never named like one.)
Shared by tests/reliability/test_crash_safety.py (a few runs) and benchmarks/crash_safety (50 and more).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from support.paths import ROOT

FORMATS = "dot,svg,html"


def make_sources(folder: Path, copies: int = 3) -> tuple[Path, Path]:
    """Two versions (a and b) of the same set of maps, differing in every map's title."""
    versions = []
    for version in ("a", "b"):
        source = folder / f"src-{version}"
        for sample in sorted((ROOT / "samples").rglob("*.journey.yaml")):
            if "include" in sample.read_text(encoding="utf-8"):
                continue
            for data in sample.parent.glob("*.csv"):  # the feedback a sample reads, beside its copies
                (source / data.name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(data, source / data.name)
            for copy in range(copies):
                target = source / f"{sample.stem.replace('.journey', '')}-{copy}.journey.yaml"
                target.parent.mkdir(parents=True, exist_ok=True)
                text = sample.read_text(encoding="utf-8").replace('title: "', f'title: "{version}{copy} ', 1)
                target.write_text(text, encoding="utf-8")
        versions.append(source)
    return versions[0], versions[1]


def render_command(source: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "journeymap", "render", str(source), "-o", str(out), "-f", FORMATS, "--force",
            "--today", "2026-11-25"]


def reference(source: Path, out: Path) -> dict[str, bytes]:
    subprocess.run(render_command(source, out), check=True, capture_output=True)
    return outputs(out)


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def check(out: Path, expected: list[dict[str, bytes]]) -> list[str]:
    """Problems: a file that is neither version's output, or a temp file named like an output."""
    problems = []
    for name, content in outputs(out).items():
        if not any(version.get(name) == content for version in expected):
            problems.append(f"{name}: {len(content)} bytes, matches no complete render")
    for leftover in out.rglob(".*.tmp"):
        if not leftover.name.startswith("."):
            problems.append(f"{leftover}: temporary file not hidden")
    return problems


def kill_run(source: Path, out: Path, delay: float) -> None:
    """Start a render, kill -9 its whole process group after `delay` seconds."""
    process = subprocess.Popen(render_command(source, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    time.sleep(delay)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def crash_runs(folder: Path, runs: int, seed: int = 7) -> list[str]:
    """`runs` renders of version b over version a's outputs, each killed at a random moment."""
    source_a, source_b = make_sources(folder)
    expected = [reference(source_a, folder / "ref-a"), reference(source_b, folder / "ref-b")]
    started = time.perf_counter()
    subprocess.run(render_command(source_b, folder / "timing"), check=True, capture_output=True)
    full = time.perf_counter() - started
    rnd = random.Random(seed)
    problems = []
    for run in range(runs):
        out = folder / f"run-{run}"
        shutil.copytree(folder / "ref-a", out)
        kill_run(source_b if run % 2 else source_a, out, rnd.uniform(0.05, full))
        problems += [f"run {run}: {p}" for p in check(out, expected)]
        shutil.rmtree(out)
    return problems


def concurrent_runs(folder: Path, runs: int) -> list[str]:
    """Two renders (of version a and of version b) into the same folder at the same time."""
    source_a, source_b = make_sources(folder)
    expected = [reference(source_a, folder / "ref-a"), reference(source_b, folder / "ref-b")]
    problems = []
    for run in range(runs):
        out = folder / f"both-{run}"
        first = subprocess.Popen(render_command(source_a, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        second = subprocess.Popen(render_command(source_b, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for process in (first, second):
            _, err = process.communicate()
            if process.returncode != 0:
                problems.append(f"run {run}: a render failed: {err.decode()[-300:]}")
        problems += [f"run {run}: {p}" for p in check(out, expected)]
        if len(outputs(out)) != len(expected[0]):
            problems.append(f"run {run}: {len(outputs(out))} outputs, expected {len(expected[0])}")
        shutil.rmtree(out)
    return problems
