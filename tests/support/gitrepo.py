"""Throwaway git repositories for the tests of `diff`, `render --summary --base` and the pre-commit hook."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from support.paths import SAMPLES
from support.tools import require_tool

SHOP = "maps/first-purchase.journey.yaml"
BANK = "maps/kontoeroeffnung.journey.yaml"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def init_repo(repo: Path) -> Path:
    """An empty repository with an identity of its own (no global git config needed, no signing)."""
    require_tool("git")
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Journey Tester"), ("user.email", "tester@example.com"),
                       ("commit.gpgsign", "false")):
        git(repo, "config", key, value)
    return repo


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def samples_repo(repo: Path) -> Path:
    """A repository whose first commit holds two samples under maps/."""
    init_repo(repo)
    (repo / "maps").mkdir()
    # without its `detail` link: the returns map it names is not one of the two
    shop = (SAMPLES / "online-shop" / "first-purchase.journey.yaml").read_text(encoding="utf-8")
    (repo / SHOP).write_text(shop.replace("    detail: returns.journey.yaml\n", ""), encoding="utf-8")
    shutil.copy(SAMPLES / "online-shop" / "shop-library.yaml", repo / "maps" / "shop-library.yaml")   # its include
    shutil.copytree(SAMPLES / "online-shop" / "events", repo / "maps" / "events")   # the shop's event log
    shutil.copy(SAMPLES / "bank-account" / "kontoeroeffnung.journey.yaml", repo / BANK)
    shutil.copy(SAMPLES / "bank-account" / "kundenstimmen.csv", repo / "maps")   # the bank's feedback file
    commit(repo, "two sample maps")
    return repo


def edit_map(path: Path, edit) -> None:
    """Load a map as data, let edit(data) change it, and write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def touchpoint(data: dict, touchpoint_id: str) -> dict:
    return next(t for t in data["touchpoints"] if t["id"] == touchpoint_id)
