"""journeymap observe: the journeys of the maps' event logs, beside the designed map."""

from __future__ import annotations

import sys

import click

from journeymap.cli import options
from journeymap.cli.common import EXIT_FINDINGS, EXIT_OK, check_persona, find_maps, valid_journey


@click.command()
@click.argument("maps", nargs=-1, required=True, metavar="MAP...")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv", "md"]), default="text",
              show_default=True, help="Aligned text, JSON with every figure, one CSV row per flow, or Markdown.")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="DuckDB (embedded) or Apache Spark (pip install 'journeymap[spark]').")
@click.option("--spark-master", metavar="URL",
              help="With --engine spark: the Spark master (default local[*]; or set $SPARK_REMOTE for Spark Connect).")
@click.option("--persona", metavar="ID", help="The flows of one persona (needs segment_column and segments).")
@click.option("--variants", "top", type=click.IntRange(min=1), default=10, show_default=True, metavar="N",
              help="How many variants (paths customers take) to list, overall and per persona.")
@options.today
@options.allow_outside
def observe(maps, output_format, engine, spark_master, persona, top, today, allow_outside):
    """Journeys observed in the maps' event logs, beside the designed map.

    For each `data:` entry of `kind: events`: cases, events, the share mapped to touchpoints,
    reach, drop-offs and time to the next touchpoint per touchpoint, and every flow with its
    designed and observed share (and its 95 % interval); flows the map lacks and designed flows
    nobody takes; the most frequent variants, conformance to the design with each deviation at its
    map line, and the time to outcome.
    MAP is a map file or a folder. A map with errors is not observed (exit 1). See docs/observe.md.
    """
    from journeymap.evidence.observe.run import keep_variants
    from journeymap.render import observations as output

    keep_variants(top)
    if spark_master:
        from journeymap.evidence.observe import engine_spark
        engine_spark.configure(spark_master)
    items, failed = [], False
    for path, display in find_maps(maps):
        journey = valid_journey(path, display, today, allow_outside, engine=engine)
        if journey is None:
            failed = True
            continue
        check_persona(journey, display, persona)
        logs = journey.observations
        if not logs:
            click.echo(f"{display}: no event log (add a `data:` entry with `kind: events`, docs/observe.md)", err=True)
        items.append((display, journey, logs, persona))
    maps_data = output.observed_maps(items, variants=top)
    if output_format == "json":
        click.echo(output.render_json(maps_data))
    elif output_format == "csv":
        click.echo(output.render_csv(maps_data), nl=False)
    else:
        click.echo(output.render_text(maps_data, markdown=output_format == "md"), nl=False)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)
