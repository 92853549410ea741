"""`journeymap lsp` on the command line: its help, and one line saying how to install what it needs."""

from __future__ import annotations

import sys


def test_without_the_lsp_extra_one_line_says_how_to_install_it(jm, monkeypatch):
    monkeypatch.setitem(sys.modules, "pygls", None)  # as if `pip install journeymap` left pygls out
    run = jm("lsp")
    assert (run.code, run.out, run.err) == (2, "", "Error: lsp needs pygls: pip install 'journeymap[lsp]'\n")


def test_the_help_names_the_editors_page(jm):
    run = jm("lsp", "--help")
    assert run.code == 0 and "docs/editors.md" in run.out and "--stdio" in run.out
