"""journeymap history: how a map's friction, KPIs and remembered experience moved over its git history."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from journeymap.cli import options
from journeymap.cli.common import EXIT_OK, UsageProblem, format_from_suffix


@click.command()
@click.argument("map_path", metavar="MAP")
@click.option("--since", metavar="DATE|REV", help="Only commits after this date (YYYY-MM-DD) or git revision.")
@click.option("--max-count", type=click.IntRange(min=1), metavar="N", help="Only the newest N points.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv", "markdown", "html"]),
              help="Output format (default: from -o's suffix, else text).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE instead of stdout; .html gives the trend report, .json, .csv, .md the others.")
@options.lang("Language of the HTML trend report (default: the map's).")
@options.paper("Paper size of the printed trend report, landscape.", default="A3")
@options.portrait("Print the trend report portrait instead of landscape.")
def history(map_path, since, max_count, output_format, output, lang, paper, portrait):
    """How a map's friction, KPIs and remembered experience moved over its git history.

    One point per commit that changed the map (followed through renames), one of its includes or
    one of its data files. A commit where the map had errors is a gap with its first finding.
    A marker is set where an opportunity became `done`, with the friction of what it addresses
    before and after. Exit 0 (a shallow clone says how many points it found and how to fetch
    more); 2 outside a git repository.
    """
    from journeymap.history import report
    from journeymap.i18n.numbers import counted
    from journeymap.writer import write_atomic

    chosen = output_format or format_from_suffix(output) or "text"
    if not Path(map_path).is_file():
        raise UsageProblem(f"'{map_path}': no such file")
    found = _history(map_path, since, max_count)
    if chosen == "html":
        from journeymap.history.html import render_trend_html
        text = render_trend_html(found, lang=lang, paper=paper, portrait=portrait)
    else:
        text = {"json": report.render_json, "csv": report.render_csv, "markdown": report.render_markdown,
                "text": report.render_text}[chosen](found)
    if output:
        write_atomic(Path(output), text.encode("utf-8"))
        click.echo(f"{output}: {counted(len(found.points), 'point')}", err=True)
    else:
        click.echo(text, nl=False)
    hint = report.shallow_hint(found)
    if hint:
        click.echo(f"journeymap: note: {hint}", err=True)
    sys.exit(EXIT_OK)


def _history(map_path: str, since: str | None, max_count: int | None):
    """The map's points; no git repository, or no commit of the map, is a usage problem."""
    from journeymap.history.series import history as map_history
    from journeymap.source.revisions import GitProblem

    try:
        found = map_history(map_path, since=since, max_count=max_count)
    except GitProblem as exc:
        if "not a git repository" in str(exc):
            raise UsageProblem(f"'{map_path}' is not in a git repository: history reads the map's commits") from None
        raise UsageProblem(f"git: {exc}") from None
    if not found.points:
        raise UsageProblem(f"'{map_path}' has no commits in git{' since ' + since if since else ''} "
                           "(commit it first)")
    return found
