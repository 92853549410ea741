"""`pip install .` in a fresh virtualenv: no packaging warning, and the installed package has its data files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from support.paths import ROOT

# Lines of setuptools' (and distutils') own warnings in pip's verbose build log.
WARNING_MARKS = ("Warning:", "warning:", "!!")
# pip's own notes about the index configuration of this machine are not packaging warnings.
NOT_PACKAGING = ("Location 'file:",)


def test_pip_install_prints_no_packaging_warning_and_installs_the_data(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".tools", "out", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-v", "--no-deps",
                           "--disable-pip-version-check", str(source)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    log = (done.stdout + done.stderr).splitlines()
    warnings = [line for line in log if any(mark in line for mark in WARNING_MARKS)
                and not any(note in line for note in NOT_PACKAGING)]
    assert warnings == []
    starter = subprocess.run([str(venv / "bin" / "python"), "-c",
                              "from importlib.resources import files; "
                              "print(files('journeymap').joinpath('data/starter.journey.yaml').is_file(), "
                              "files('journeymap.templates').joinpath('report.html.j2').is_file())"],
                             capture_output=True, text=True, cwd=tmp_path)
    assert starter.stdout.split() == ["True", "True"], starter.stderr
