"""Every text a command prints ends with a newline, so what follows it (the shell's prompt, a summary
on stderr, the next command's output) starts on a line of its own."""

from __future__ import annotations

import pytest

from support.gitrepo import SHOP, commit, edit_map, samples_repo, touchpoint
from support.paths import SAMPLES

TODAY = "2026-11-25"
EVERY_OUTPUT = [
    ("validate", SHOP), ("validate", SHOP, "--format", "json"), ("validate", SHOP, "--format", "github"),
    ("validate", SHOP, "--format", "sarif"), ("validate", "maps"),
    ("schema",),
    ("analyze", SHOP), ("analyze", SHOP, "--format", "markdown"), ("analyze", SHOP, "--format", "json"),
    ("observe", SHOP), ("observe", SHOP, "--format", "md"), ("observe", SHOP, "--format", "json"),
    ("observe", SHOP, "--format", "csv"), ("observe", "maps"),
    ("compare", f"HEAD~1:{SHOP}", SHOP), ("compare", f"HEAD~1:{SHOP}", SHOP, "--format", "markdown"),
    ("compare", f"HEAD~1:{SHOP}", SHOP, "--format", "json"), ("compare", f"HEAD~1:{SHOP}", SHOP, "--format", "html"),
    ("diff", f"HEAD~1:{SHOP}", SHOP), ("diff", f"HEAD~1:{SHOP}", SHOP, "--format", "markdown"),
    ("diff", f"HEAD~1:{SHOP}", SHOP, "--format", "json"), ("diff", "--since", "HEAD"),
    ("history", SHOP), ("history", SHOP, "--format", "json"), ("history", SHOP, "--format", "csv"),
    ("history", SHOP, "--format", "markdown"), ("history", SHOP, "--format", "html"),
    ("import", "mermaid", str(SAMPLES / "mermaid" / "journeys.md")),
    ("render", "maps", "-o", "out", "-f", "json,csv,markdown,mermaid"),
    ("init", "new.journey.yaml", "--force"),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The shop and bank samples committed, then the shop's cart made harder in a second commit."""
    repo = samples_repo(tmp_path_factory.mktemp("newline") / "repo")
    edit_map(repo / SHOP, lambda data: touchpoint(data, "cart").update(effort=3))
    commit(repo, "a harder cart")
    return repo


@pytest.mark.parametrize("args", EVERY_OUTPUT, ids=lambda args: " ".join(args).replace(str(SAMPLES), "samples"))
def test_the_output_ends_with_a_newline(jm, repo, args):
    today = ("--today", TODAY) if args[0] in ("validate", "analyze", "observe", "compare", "diff", "render") else ()
    run = jm(*args, *today, cwd=repo)
    assert run.code in (0, 1), run.err
    assert run.out or run.err
    assert run.out == "" or run.out.endswith("\n"), run.out[-200:]
    assert run.err == "" or run.err.endswith("\n"), run.err[-200:]
