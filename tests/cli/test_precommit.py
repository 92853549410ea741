"""The pre-commit hook (.pre-commit-hooks.yaml) run by pre-commit itself: `pre-commit try-repo`."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

from support.gitrepo import commit, edit_map, init_repo, touchpoint
from support.paths import ROOT, SAMPLES
from support.tools import IN_CI

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> str:
    """pre-commit's files go to a temporary folder, not ~/.cache/pre-commit.

    try-repo builds the hook's environment in a store of its own for every run (about a minute:
    pip installs journeymap from a snapshot of the working tree), so the two tests take two minutes.
    """
    if importlib.util.find_spec("pre_commit") is None:
        if IN_CI:
            pytest.fail("pre-commit is not installed, but CI must run every test (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    return str(tmp_path_factory.mktemp("pre-commit-home"))


def try_repo(pre_commit_home, project, *files):
    env = {**os.environ, "PRE_COMMIT_HOME": pre_commit_home, "PRE_COMMIT_COLOR": "never"}
    done = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "journeymap-validate",
                           "--files", *files], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def project(tmp_path):
    """A user's repository with one valid map committed."""
    repo = init_repo(tmp_path / "project")
    shutil.copy(SAMPLES / "online-shop" / "first-purchase.journey.yaml", repo / "shop.journey.yaml")
    shutil.copy(SAMPLES / "online-shop" / "shop-library.yaml", repo / "shop-library.yaml")   # its include
    shutil.copy(SAMPLES / "online-shop" / "returns.journey.yaml", repo / "returns.journey.yaml")   # its detail map
    shutil.copytree(SAMPLES / "online-shop" / "events", repo / "events")
    commit(repo, "a journey map")
    return repo


def test_a_valid_map_passes(pre_commit_home, project):
    code, output = try_repo(pre_commit_home, project, "shop.journey.yaml")
    assert code == 0, output
    assert "journeymap validate" in output and "Passed" in output


def test_a_map_with_errors_fails_with_every_finding(pre_commit_home, project):
    def break_two_touchpoints(data):
        touchpoint(data, "cart").update(phase="checkout")     # unknown-reference
        touchpoint(data, "payment").update(effort=9)          # schema: does not hide the other
    edit_map(project / "shop.journey.yaml", break_two_touchpoints)
    lines = (project / "shop.journey.yaml").read_text(encoding="utf-8").splitlines()
    phase, effort = lines.index("  phase: checkout") + 1, lines.index("  effort: 9") + 1
    code, output = try_repo(pre_commit_home, project, "shop.journey.yaml")
    assert code == 1, output
    assert "Failed" in output
    errors = [line for line in output.splitlines() if ": error: " in line]
    phases = "the phases are: discover, consider, buy, delivery, after-purchase"
    assert errors == sorted([f"shop.journey.yaml:{phase}:10: error: unknown phase 'checkout'; {phases} "
                             "[unknown-reference]",
                             f"shop.journey.yaml:{effort}:11: error: 'effort' must be between 1 and 7, got 9 [schema]"],
                            key=lambda e: int(e.split(":")[1]))
