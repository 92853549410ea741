"""The wheel users install: built without a packaging warning, installed (not editable) in a fresh
virtualenv with its data files, every command run once.

The editable checkout finds every module on disk; a wheel holds only what pyproject.toml packs.
`pip install .` once shipped without three subpackages, and compare, history and import failed
for every user while the whole suite passed. Here each command runs from the installed wheel,
in a folder far from the checkout, on copies of the samples.

JOURNEYMAP_WHEEL_SOURCE=DIR builds the wheel from another tree (an older commit, say) instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.lsp import INITIALIZE, SHUTDOWN_AND_EXIT, framed, replies
from support.paths import ROOT

SHOP = "first-purchase.journey.yaml"
TO_BE = "first-purchase.to-be.journey.yaml"
MERMAID = """\
journey
    title Morning coffee
    section Order
      Queue at the counter: 2: Lea
      Pay by card: 4: Lea
    section Enjoy
      First sip: 5: Lea
"""
# Lines of setuptools' (and distutils') own warnings in pip's verbose build log.
WARNING_MARKS = ("Warning:", "warning:", "!!")
# pip's own notes about the index configuration of this machine are not packaging warnings.
NOT_PACKAGING = ("Location 'file:",)
# Left out of the copy: at the top only (journeymap/build/ is a package), caches at every level.
TOP_LEVEL_ONLY = {".git", ".venv", ".tools", "out", "build", "dist", "journeymap-out", ".pytest_cache", ".hypothesis"}


def _ignored(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == _ignored.source
    return {name for name in names if name == "__pycache__" or name.endswith(".egg-info")
            or (top and name in TOP_LEVEL_ONLY)}


def _run(command: list[str], cwd: Path, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str]]:
    """The wheel built from a copy of the source tree, and pip's verbose build log."""
    work = tmp_path_factory.mktemp("wheel")
    source = Path(os.environ.get("JOURNEYMAP_WHEEL_SOURCE") or ROOT)
    copy = work / "source"
    _ignored.source = source
    shutil.copytree(source, copy, ignore=_ignored)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "--disable-pip-version-check",
                 "-w", str(work / "dist"), str(copy)], cwd=work, env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    wheels = list((work / "dist").glob("journeymap-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0], (done.stdout + done.stderr).splitlines()


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed with its `lsp` extra (its dependencies from the index)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                 f"{built[0]}[lsp]"], cwd=venv, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return venv


def test_the_wheel_builds_without_a_packaging_warning(built):
    warnings = [line for line in built[1] if any(mark in line for mark in WARNING_MARKS)
                and not any(note in line for note in NOT_PACKAGING)]
    assert warnings == []


def test_the_installed_package_has_its_data_files(installed):
    """Templates, catalogues and the starter map are package data: a wheel without them renders nothing."""
    found = _run([str(installed / "bin" / "python"), "-c",
                  "from importlib.resources import files; root = files('journeymap'); print(*(root.joinpath(name)"
                  ".is_file() for name in ('data/starter.journey.yaml', 'templates/report.html.j2', "
                  "'templates/report.css', 'i18n/en.toml', 'i18n/de.toml', "
                  "'i18n/hyphenation/hyph-de-1996.pat.txt.gz')))"], cwd=installed)
    assert found.stdout.split() == ["True"] * 6, found.stderr


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A git repository far from the checkout with copies of the samples and two versions of the shop map."""
    work = tmp_path_factory.mktemp("user")
    shutil.copytree(ROOT / "samples", work / "samples")
    (work / "diagram.mmd").write_text(MERMAID, encoding="utf-8")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    _run(git + ["init", "-q"], cwd=work)
    _run(git + ["add", "-A"], cwd=work)
    _run(git + ["commit", "-qm", "samples"], cwd=work)
    shop = work / "samples" / "online-shop" / SHOP
    shop.write_text(shop.read_text(encoding="utf-8").replace("effort: 6", "effort: 5", 1), encoding="utf-8")
    _run(git + ["commit", "-qam", "less effort"], cwd=work)
    return work


def _journeymap(venv: Path, workdir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["JOURNEYMAP_TODAY"] = "2026-12-01"
    return _run([str(venv / "bin" / "journeymap"), *args], cwd=workdir, env=env)


def test_the_wheel_holds_no_checkout_path(installed):
    """The installed package is the wheel's copy, not the checkout through a path entry."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}  # as a user's shell
    where = _run([str(installed / "bin" / "python"), "-c", "import journeymap; print(journeymap.__file__)"],
                 cwd=installed, env=env)
    assert where.returncode == 0, where.stderr
    assert str(installed) in where.stdout and str(ROOT) not in where.stdout


COMMANDS = {
    "validate": (["validate", "samples/"], 0, "8 maps checked"),
    "analyze": (["analyze", f"samples/online-shop/{SHOP}"], 0, "Friction hotspots"),
    # the café's 69 reviews linked by DuckDB, with the stop words (package data) taken out of the unlinked words
    "analyze voice": (["analyze", "samples/cafe/morning-coffee.journey.yaml", "--format", "json"], 0,
                      '"unlinked_rows": 8'),
    "render": (["render", "samples/cafe", "-o", "out", "-f", "svg,html,csv,json,mermaid,markdown"], 0, "rendered"),
    "render poster": (["render", "samples/cafe", "-o", "poster", "-f", "poster"], 0, "1 map: 1 rendered (1 file)"),
    "site": (["site", "samples/online-shop", "-o", "site"], 0, "7 pages written; site in site/index.html"),
    "diff REV:path": (["diff", f"HEAD~1:samples/online-shop/{SHOP}", f"samples/online-shop/{SHOP}"], 0, "effort"),
    "compare": (["compare", f"samples/online-shop/{SHOP}", f"samples/online-shop/{TO_BE}", "-o", "compare.html"],
                0, ""),
    "history": (["history", f"samples/online-shop/{SHOP}", "--format", "json"], 0, '"points"'),
    "import mermaid": (["import", "mermaid", "diagram.mmd", "-o", "imported.journey.yaml"], 0, ""),
    "observe": (["observe", f"samples/online-shop/{SHOP}"], 0, "cases"),
    "schema": (["schema"], 0, '"$schema"'),
    "init": (["init", "starter.journey.yaml"], 0, ""),
    "serve --help": (["serve", "--help"], 0, "--port"),
    "lsp --help": (["lsp", "--help"], 0, "--stdio"),
}


@pytest.mark.graphviz
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_runs_from_the_installed_wheel(installed, workdir, name):
    args, code, expected = COMMANDS[name]
    done = _journeymap(installed, workdir, *args)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == code, done.stdout[-2000:] + done.stderr[-2000:]
    assert expected in done.stdout + done.stderr


def test_what_the_commands_wrote_is_complete(installed, workdir):
    """The files the installed commands write hold what users open, and the maps they start are valid."""
    shop = f"samples/online-shop/{SHOP}"
    for args in (["render", "samples/cafe", "-o", "written", "-f", "html"],
                 ["compare", shop, f"samples/online-shop/{TO_BE}", "-o", "written/compare.html"],
                 ["import", "mermaid", "diagram.mmd", "-o", "written/imported.journey.yaml"],
                 ["init", "written/starter.journey.yaml"]):
        done = _journeymap(installed, workdir, *args)
        assert done.returncode == 0, done.stdout + done.stderr
    written = workdir / "written"
    assert (written / "morning-coffee.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (written / "compare.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    checked = _journeymap(installed, workdir, "validate", "written/imported.journey.yaml", "written/starter.journey.yaml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (written / "journeymap.schema.json").is_file()


def test_the_language_server_of_the_installed_wheel_starts_and_stops(installed, workdir):
    """initialize, initialized, shutdown, exit: the answers an editor needs to start `journeymap lsp`."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    exchange = framed(INITIALIZE, {"jsonrpc": "2.0", "method": "initialized", "params": {}}, *SHUTDOWN_AND_EXIT)
    done = subprocess.run([str(installed / "bin" / "journeymap"), "lsp"], input=exchange, capture_output=True,
                          cwd=workdir, env=env, timeout=60)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    answers = replies(done.stdout)
    assert [answer.get("id") for answer in answers] == [1, 2]
    assert answers[0]["result"]["serverInfo"]["name"] == "journeymap"
    assert "definitionProvider" in answers[0]["result"]["capabilities"]
    assert answers[1]["result"] is None
