"""A served workshop for the browser tests: the samples in a git repository, tabs that know the participant's
name, and what a change did to the file (its git diff, its comments, whether it still validates)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from support.gitrepo import commit, git, init_repo
from support.serving import JOURNEYMAP, copy_samples, wait_until

SHOP = "online-shop/first-purchase.journey.yaml"
BANK = "bank-account/kontoeroeffnung.journey.yaml"


def samples_in_git(tmp_path: Path) -> Path:
    """The sample maps, committed: `git diff` shows what the room changed."""
    folder = copy_samples(tmp_path)
    init_repo(folder)
    commit(folder, "samples")
    return folder


class Tab:
    """A page of the served map, with its console errors recorded."""

    def __init__(self, context, url: str, *, name: str | None = "", connected: bool = True):
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        if name is not None:   # the participant answered the name question before (or skipped it: "")
            self.page.add_init_script(f"localStorage.setItem('journeymap-name', {json.dumps(name)})")
        self.page.goto(url)
        if connected:
            wait_until(lambda: self.page.get_attribute("html", "data-live") == "connected")

    def shows(self, text: str, selector: str = "body") -> bool:
        try:
            return text in self.page.inner_text(selector, timeout=500)
        except Exception:   # the page is being updated
            return False

    def status(self, key: str) -> str:
        """The status line of a dialog field ('✓ saved', '✗ …')."""
        return self.page.inner_text(f"#s-{key}")

    def saved(self, key: str) -> bool:
        return self.status(key).startswith("✓")

    def dialog_open(self) -> bool:
        return self.page.locator("#edit-dialog[open]").count() == 1


def changed_lines(folder: Path, key: str = SHOP) -> list[str]:
    """The lines `git diff -U0` shows removed (-) and added (+)."""
    out = git(folder, "diff", "-U0", "--", key)
    return [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def validates(path: Path) -> bool:
    """`journeymap validate` finds no error (exit 0)."""
    return subprocess.run([JOURNEYMAP, "validate", str(path)], capture_output=True, text=True).returncode == 0


def file_changes(path: Path, before: str, timeout: float = 10) -> str:
    return wait_until(lambda: (text := path.read_text(encoding="utf-8")) != before and text, timeout=timeout)
