"""The pre-commit hook (.pre-commit-hooks.yaml) run by pre-commit itself, from this working tree."""

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
    """pre-commit's files go to a temporary folder, not ~/.cache/pre-commit. The hook's environment
    (pip installs journeymap) is built there once, for both tests (hook_repo)."""
    if importlib.util.find_spec("pre_commit") is None:
        if IN_CI:
            pytest.fail("pre-commit is not installed, but CI must run every test (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    return str(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[str, str]:
    """This working tree as a repository of hooks, as `pre-commit try-repo` would make it (uncommitted
    changes included), but once: a .pre-commit-config.yaml naming it at one revision lets pre-commit
    build the hook's environment once and keep it, where try-repo builds it anew for every run.
    Returns (repository, revision)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    repo = init_repo(tmp_path_factory.mktemp("hook-repo"))
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    commit(repo, "the working tree")
    revision = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                              check=True).stdout.strip()
    return str(repo), revision


def run_hook(pre_commit_home, hook_repo, project, *files):
    repo, revision = hook_repo
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {revision}\n    hooks:\n      - id: journeymap-validate\n",
        encoding="utf-8")
    subprocess.run(["git", "add", ".pre-commit-config.yaml"], cwd=project, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": pre_commit_home, "PRE_COMMIT_COLOR": "never"}
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "journeymap-validate", "--files", *files],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
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


def test_a_valid_map_passes(pre_commit_home, hook_repo, project):
    code, output = run_hook(pre_commit_home, hook_repo, project, "shop.journey.yaml")
    assert code == 0, output
    assert "journeymap validate" in output and "Passed" in output


def test_a_map_with_errors_fails_with_every_finding(pre_commit_home, hook_repo, project):
    def break_two_touchpoints(data):
        touchpoint(data, "cart").update(phase="checkout")     # unknown-reference
        touchpoint(data, "payment").update(effort=9)          # schema: does not hide the other
    edit_map(project / "shop.journey.yaml", break_two_touchpoints)
    lines = (project / "shop.journey.yaml").read_text(encoding="utf-8").splitlines()
    phase, effort = lines.index("  phase: checkout") + 1, lines.index("  effort: 9") + 1
    code, output = run_hook(pre_commit_home, hook_repo, project, "shop.journey.yaml")
    assert code == 1, output
    assert "Failed" in output
    errors = [line for line in output.splitlines() if ": error: " in line]
    phases = "the phases are: discover, consider, buy, delivery, after-purchase"
    assert errors == sorted([f"shop.journey.yaml:{phase}:10: error: unknown phase 'checkout'; {phases} "
                             "[unknown-reference]",
                             f"shop.journey.yaml:{effort}:11: error: 'effort' must be between 1 and 7, got 9 [schema]"],
                            key=lambda e: int(e.split(":")[1]))
