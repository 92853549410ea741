"""journeymap analyze: where customers struggle and what to fix first."""

from __future__ import annotations

import sys

import click

from journeymap.cli import options
from journeymap.cli.common import EXIT_FINDINGS, EXIT_OK, check_persona, maps_or_revisions, use_color, valid_journey


@click.command()
@click.argument("maps", nargs=-1, required=True, metavar="MAP...")
@click.option("--persona", metavar="ID", help="Analyse one persona's journey only.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Aligned text tables, JSON with every figure, or Markdown.")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="How many hotspots to list.")
@options.today
@options.allow_outside
def analyze(maps, persona, output_format, top, today, allow_outside):
    """Analyse where customers struggle and what to fix first.

    Friction hotspots, emotion curves and peak-end, funnel, KPIs against targets, channels,
    owners and the priority of opportunities.

    MAP is a map file, a folder searched for *.journey.yaml, or REV:path for a map as it was at a
    git revision. A map with errors is not analysed: its findings are printed on stderr and the
    exit code is 1. Formulas: docs/analysis.md.
    """
    from journeymap.analysis.run import analyze as run_analysis

    results, failed = [], False
    for path, display, root in maps_or_revisions(maps):
        journey = valid_journey(path, display, today, allow_outside, root=root)
        if journey is None:
            failed = True
            continue
        check_persona(journey, display, persona)
        results.append((display, journey, run_analysis(journey, persona)))
    if output_format == "json":
        click.echo(_json(results, persona))
    else:
        _print_reports(results, persona, output_format, top)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _json(results, persona: str | None) -> str:
    """Every figure of every map, with what its event logs show."""
    from journeymap.analysis.run import ANALYSIS_FORMAT, to_dict
    from journeymap.render.observations import observed_maps
    from journeymap.writer import json_text

    maps_data = [{"file": display, **to_dict(result),
                  "observed": observed_maps([(display, journey, journey.observations, persona)])[0]["logs"]}
                 for display, journey, result in results]
    return json_text({"journeymap_analysis": ANALYSIS_FORMAT, "maps": maps_data})


def _print_reports(results, persona: str | None, output_format: str, top: int) -> None:
    from journeymap.render.analysis_report import observed_sections, render_markdown, render_text

    color = output_format == "text" and use_color()
    for _, journey, result in results:
        names = {t.id: t.name for t in reversed(journey.model.touchpoints)}
        observed = observed_sections(journey, persona)
        if output_format == "markdown":
            click.echo(render_markdown(result, names, top=top, extra=observed))
        else:
            click.echo(render_text(result, names, top=top, color=color, extra=observed))
