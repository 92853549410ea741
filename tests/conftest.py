"""Shared test helpers: run the CLI in-process, write maps, and never skip tools in CI."""

from __future__ import annotations

import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from journeymap.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
IN_CI = bool(os.environ.get("CI"))
MMDC = ROOT / ".tools" / "mermaid" / "node_modules" / ".bin" / "mmdc"  # scripts/install.sh puts it there


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture
def jm(capsys, monkeypatch):
    """Run `journeymap ARGS...` in-process: returns Run(code, out, err)."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(tmp_path):
    """Write a dedented text file under tmp_path and return its path."""

    def write_file(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def project(tmp_path):
    """tmp_path as a git work tree: the project root that maps' includes and data files may not leave."""
    from gitrepo import init_repo
    return init_repo(tmp_path)


MINIMAL_MAP = """\
journeymap: 1
title: "Minimal"
personas:
  - {id: lea, name: "Lea"}
phases:
  - {id: join, name: "Join"}
  - {id: stay, name: "Stay"}
owners:
  - {id: team, name: "Team"}
touchpoints:
  - {id: signup, name: "Signs up", phase: join, owner: team, next: [welcome]}
  - {id: welcome, name: "Gets a welcome mail", phase: stay, owner: team}
"""


def require_tool(name: str) -> None:
    """Skip locally when a tool is missing, but fail in CI: there every tool must be installed."""
    if shutil.which(name) is None:
        if IN_CI:
            pytest.fail(f"'{name}' is not installed, but CI must run every test (see scripts/install.sh)")
        pytest.skip(f"'{name}' is not installed")


def require_mmdc() -> None:
    """The repo-local Mermaid CLI (and the Chromium it drives): skip locally when missing, fail in CI."""
    if not os.access(MMDC, os.X_OK):
        message = f"the Mermaid CLI is not installed at {MMDC.relative_to(ROOT)} (run scripts/install.sh)"
        if IN_CI:
            pytest.fail(f"{message}, but CI must run every test")
        pytest.skip(message)
    require_tool("chromium")


@pytest.fixture
def empty_path(monkeypatch, tmp_path):
    """PATH with neither Graphviz nor Chromium, and no cached `dot -V` from before (or after) this test."""
    from journeymap.render.graphviz_run import dot_version

    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    dot_version.cache_clear()
    yield
    dot_version.cache_clear()


def pytest_runtest_setup(item):
    if item.get_closest_marker("graphviz"):
        require_tool("dot")
    if item.get_closest_marker("browser"):
        require_tool("chromium")
    if item.get_closest_marker("libreoffice"):
        require_tool("soffice")
    if item.get_closest_marker("mermaid"):
        require_mmdc()


@pytest.fixture
def validate(jm):
    """Run `journeymap validate ARGS...`; bad input must never reach a traceback or an internal error."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        result = jm("validate", *args, cwd=cwd)
        assert "Traceback" not in result.out + result.err
        assert "internal error" not in result.err
        return result

    return run


@dataclass
class Layout:
    """What Graphviz made of a DOT text (`dot -Tjson`): nodes by name, visible edges, clusters."""

    graph: dict
    nodes: dict[str, dict]
    edges: list[tuple[str, str, dict]]
    clusters: dict[str, dict]


def dot_layout(source: str) -> Layout:
    """Lay out DOT source with `dot -Tjson`; fails the test if Graphviz reports any problem."""
    import json
    import subprocess

    done = subprocess.run(["dot", "-Tjson"], input=source.encode("utf-8"), capture_output=True, timeout=60)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0 and not stderr.strip(), stderr
    graph = json.loads(done.stdout)
    subgraphs = graph.get("_subgraph_cnt", 0)  # objects: the subgraphs first, then the nodes
    nodes = graph["objects"][subgraphs:]
    names = {node["_gvid"]: node["name"] for node in nodes}
    edges = [(names[e["tail"]], names[e["head"]], e) for e in graph.get("edges", []) if e.get("style") != "invis"]
    clusters = {s["name"]: s for s in graph["objects"][:subgraphs] if s["name"].startswith("cluster")}
    return Layout(graph, {node["name"]: node for node in nodes}, edges, clusters)


def drawn_text(drawn: dict) -> str:
    """The text Graphviz draws for an object's label, whitespace-normalised."""
    return " ".join(" ".join(op["text"] for op in drawn.get("_ldraw_", []) if op["op"] == "T").split())
