"""journeymap serve: the reports live in the browser, for a workshop on the projector."""

from __future__ import annotations

from pathlib import Path

import click

from journeymap.cli import options


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), metavar="PATH")
@click.option("--edit", is_flag=True, help="Let the browser edit the maps (written back to the YAML, comments kept).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than 127.0.0.1 (e.g. 0.0.0.0 for a LAN) needs the printed token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one).")
@click.option("--no-open", is_flag=True, help="Do not open a browser.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer to this host name (e.g. the machine's LAN name); IP addresses always work.")
@options.lang("Language of the labels (default: each map's lang).")
@options.today
def serve(path, edit, host, port, no_open, allowed_hosts, lang, today):
    """Show the reports of PATH (a map or a folder) live in the browser: a workshop on the projector.

    Every open page updates when a map, its includes or its data files change; a map with errors
    shows its findings until it is fixed. With --edit, emotions, effort, names, owners, pains,
    gains, opportunities and sticky notes can be changed in the browser; each edit is checked,
    then written to the YAML with its comments and layout kept. Needs `pip install
    'journeymap[serve]'`. See docs/workshops.md.
    """
    _require_serve_extras(edit)
    from journeymap.serve.server import ServeError
    from journeymap.serve.server import serve as run
    from journeymap.source.discover import MAP_SUFFIXES

    if path.is_file() and not path.name.endswith(MAP_SUFFIXES):
        raise click.UsageError(f"'{path}' is not a map (*.journey.yaml) or a folder")
    try:
        run(path, host=host, port=port, edit=edit, open_browser=not no_open, allowed_hosts=allowed_hosts,
            today=today, lang=lang, announce=lambda line: click.echo(line))
    except ServeError as exc:
        raise click.UsageError(str(exc)) from None


def _require_serve_extras(edit: bool) -> None:
    """The optional dependencies of serve (and of --edit) are installed, else a usage error says how."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
        import watchfiles  # noqa: F401
        if edit:
            import ruamel.yaml  # noqa: F401
    except ImportError as exc:
        raise click.UsageError(f"serve needs {exc.name}: pip install 'journeymap[serve]'") from None
