"""journeymap diff and compare: what changed for the customer between two versions of a map."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from journeymap.cli import options
from journeymap.cli.common import EXIT_FINDINGS, EXIT_OK, UsageProblem, format_from_suffix, load_side


@click.command()
@click.argument("sides", nargs=-1, metavar="OLD NEW | PATH...")
@click.option("--since", "since", metavar="REV", help="Compare every map under PATH (default: here) with git revision REV.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Readable lines, a Markdown table (for merge requests), or JSON.")
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 when friction rose at any touchpoint or a new error appeared.")
@options.today
@options.allow_outside
def diff(sides, since, output_format, fail_on_regression, today, allow_outside):
    """What changed for the customer between two versions of a map.

    OLD and NEW are map files, or REV:path to read a map (with its includes and data) as
    it was at a git revision, e.g. `journeymap diff HEAD~1:maps/shop.journey.yaml
    maps/shop.journey.yaml`. With --since REV, every map under PATH that changed since REV.
    Reports touchpoints added, removed, renamed or moved; emotion, effort, pains, KPIs
    (toward or away from target), friction and hotspot ranks; personas, phases and
    opportunity status.
    """
    from journeymap.compare import diff_report
    from journeymap.compare.diff import diffs_since
    from journeymap.source.revisions import GitProblem

    try:
        diffs = (diffs_since(since, sides, today, allow_outside=allow_outside) if since
                 else _diff_pair(sides, today, allow_outside))
    except GitProblem as exc:
        raise UsageProblem(f"git: {exc}") from None
    if output_format == "json":
        click.echo(diff_report.render_json(diffs))
    elif not diffs:
        click.echo(f"no map changed since {since}")
    else:
        render = diff_report.render_markdown if output_format == "markdown" else diff_report.render_text
        click.echo(render(diffs), nl=False)
    regressions = sum(d.regressions for d in diffs)
    sys.exit(EXIT_FINDINGS if fail_on_regression and regressions else EXIT_OK)


def _diff_pair(sides, today, allow_outside: bool):
    from journeymap.compare.diff import diff_sides

    if len(sides) != 2:
        raise UsageProblem("diff needs OLD and NEW (or --since REV [PATH...])")
    old, new = load_side(sides[0], today, allow_outside), load_side(sides[1], today, allow_outside)
    if old is None and new is None:
        raise UsageProblem(f"neither '{sides[0]}' nor '{sides[1]}' exists")
    return [diff_sides(old, new)]


@click.command()
@click.argument("before", metavar="AS-IS")
@click.argument("after", metavar="TO-BE")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE instead of stdout; .html gives the HTML report, .md Markdown, .json JSON.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json", "html"]),
              help="Output format (default: from -o's suffix, else text).")
@options.lang("Language of the HTML report (default: the to-be map's lang).")
@options.paper("Paper size of the printed HTML report, landscape.", default="A3")
@options.portrait("Print the HTML report portrait instead of landscape.")
@options.today
@options.allow_outside
def compare(before, after, output, output_format, lang, paper, portrait, today, allow_outside):
    """Compare two versions of a journey as a journey map: as-is and to-be, or before and after.

    AS-IS and TO-BE are map files, or REV:path for a map as it was at a git revision (as
    `diff` reads them), e.g. `journeymap compare shop.journey.yaml shop.to-be.journey.yaml` or
    `journeymap compare HEAD~1:maps/shop.journey.yaml maps/shop.journey.yaml -o compare.html`.
    Shows both emotion curves per persona, friction before and after, hotspots, pains removed
    and added, opportunities delivered or still open, KPIs against their targets, touchpoints
    added, removed or moved, funnel reach and the remembered experience (peak-end). Exit 1 when
    either version has errors (findings on stderr).
    """
    from journeymap.compare import report
    from journeymap.compare.comparison import compare_sides
    from journeymap.writer import write_atomic

    chosen = output_format or format_from_suffix(output) or "text"
    sides = _valid_sides((before, after), today, allow_outside)
    comparison = compare_sides(*sides)
    if chosen == "html":
        from journeymap.compare.html import render_compare_html
        text = render_compare_html(comparison, sides[0], sides[1], lang=lang, paper=paper, portrait=portrait)
    else:
        text = {"json": report.render_json, "markdown": report.render_markdown,
                "text": report.render_text}[chosen](comparison)
    if output:
        write_atomic(Path(output), text)
        click.echo(f"{output}: {report.better_line(comparison) or 'nothing better'}; "
                   f"{report.worse_line(comparison) or 'nothing worse'}", err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_OK)


def _valid_sides(specs: tuple[str, str], today, allow_outside: bool) -> list:
    """Both versions loaded; a missing one is a usage problem, one with errors prints its findings (exit 1)."""
    from journeymap.source.revisions import GitProblem

    try:
        sides = [load_side(spec, today, allow_outside) for spec in specs]
    except GitProblem as exc:
        raise UsageProblem(f"git: {exc}") from None
    for spec, side in zip(specs, sides):
        if side is None:
            raise UsageProblem(f"'{spec}': no such file at that revision")
    broken = [side for side in sides if side.journey is None]
    if broken:
        from journeymap.render.findings import format_text
        for side in broken:
            for diagnostic in side.diagnostics:
                click.echo(format_text(diagnostic), err=True)
            click.echo(f"{side.path}: not compared because it has errors", err=True)
        sys.exit(EXIT_FINDINGS)
    return sides
