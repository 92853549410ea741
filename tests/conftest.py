"""Fixtures for every test folder: run the CLI in-process, write maps, a project root; never skip tools in CI."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from journeymap.cli.main import main

from support.gitrepo import init_repo
from support.tools import require_mmdc, require_tool


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
    return init_repo(tmp_path)


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
