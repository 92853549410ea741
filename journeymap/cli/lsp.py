"""journeymap lsp: the language server an editor starts, speaking the Language Server Protocol over stdio."""

from __future__ import annotations

import click

from journeymap.cli import options
from journeymap.cli.common import UsageProblem


@click.command()
@click.option("--stdio", is_flag=True, help="Talk over stdin and stdout (the only way; accepted for the editors "
                                            "that pass it).")
@options.today
@options.allow_outside
def lsp(stdio, today, allow_outside):
    """A language server for maps in the editor: findings as you type, ids completed, go to definition, rename.

    Editors start it and talk to it over stdin and stdout; docs/editors.md has the few lines each
    editor needs (VS Code, Neovim, Helix, Emacs, JetBrains). Needs `pip install 'journeymap[lsp]'`.
    """
    try:
        import pygls  # noqa: F401
        import lsprotocol  # noqa: F401
    except ImportError as exc:
        raise UsageProblem(f"lsp needs {exc.name}: pip install 'journeymap[lsp]'") from None
    from journeymap.lsp.server import run

    run(today=today, allow_outside=allow_outside)
