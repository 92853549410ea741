"""The README's tour runs as written: in a copy of the checkout, and the wheel user's tour in an empty folder."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.paths import ROOT

BIN = Path(sys.executable).parent


def _tour_blocks() -> list[list[str]]:
    """The command lines of each ```sh block of the README's tour section, comments cut."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## A 30-second tour"):]
    section = section[:section.index("\n## ", 1)]
    blocks = re.findall(r"^```sh\n(.*?)^```", section, flags=re.M | re.S)
    return [[line.split("  #")[0].strip() for line in block.splitlines() if line.strip()] for block in blocks]


def _checkout_copy(tmp_path: Path) -> Path:
    """The tracked files of the repository, as a fresh clone has them, with this venv as its .venv."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    clone = tmp_path / "clone"
    for name in filter(None, tracked.stdout.split("\0")):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    (clone / ".venv").symlink_to(BIN.parent)
    subprocess.run(["git", "init", "-q"], cwd=clone, check=True)  # a clone is a work tree: maps include ../shared
    return clone


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "JOURNEYMAP_TODAY"}
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"
    return env


def _run(line: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(shlex.split(line), cwd=cwd, capture_output=True, text=True, env=_env(), timeout=300)


def _serves(line: str, cwd: Path) -> str:
    """Start a `journeymap serve` line (on a free port, no browser) and stop it once it says where it is."""
    process = subprocess.Popen(shlex.split(line) + ["--port", "0", "--no-open"], cwd=cwd, env=_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        said = ""
        while time.monotonic() < deadline and "http://" not in said:
            said += process.stdout.readline()
        return said
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_readme_has_the_checkout_tour_and_the_wheel_tour():
    checkout, installed = _tour_blocks()
    assert all(line.startswith(".venv/bin/journeymap ") for line in checkout)
    assert all(line.startswith("journeymap ") for line in installed)


@pytest.mark.graphviz
def test_the_checkout_tour_runs_as_written(tmp_path):
    clone = _checkout_copy(tmp_path)
    for line in _tour_blocks()[0]:
        done = _run(line, clone)
        assert "Traceback" not in done.stderr, (line, done.stderr)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
    assert (clone / "day.journey.yaml").is_file() and (clone / "compare.html").is_file()


@pytest.mark.graphviz
def test_the_wheel_users_tour_runs_in_an_empty_folder(tmp_path):
    for line in _tour_blocks()[1]:
        if line.startswith("journeymap serve"):
            assert "http://127.0.0.1:" in _serves(line, tmp_path), line
            continue
        done = _run(line, tmp_path)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (line, done.stdout, done.stderr)
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["my.csv", "my.html", "my.svg"]
