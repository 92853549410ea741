"""journeymap import: diagrams of other tools turned into maps."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from journeymap.cli.common import EXIT_FINDINGS, EXIT_OK, UsageProblem, plural


@click.group("import")
def import_group():
    """Turn a diagram of another tool into a journeymap map."""


@import_group.command("mermaid")
@click.argument("file", metavar="FILE.mmd|FILE.md")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="MAP.journey.yaml",
              help="Write the map here instead of stdout; several journeys become MAP-1.journey.yaml, MAP-2...")
@click.option("--force", is_flag=True, help="Overwrite output files that exist.")
def import_mermaid(file, output, force):
    """Import Mermaid `journey` diagrams as journeymap maps.

    FILE is a Mermaid file, or a Markdown file whose ```mermaid blocks that start with `journey`
    each become a map. Sections become phases, tasks touchpoints (chained with `next`), scores
    5..1 the emotions delighted..frustrated of the task's actors, actors personas. What Mermaid
    accepts but a map cannot say is a note on stderr; a Mermaid syntax error or a score no emotion
    fits is an error (exit 1) and nothing is written. See docs/format.md.
    """
    from journeymap.importers.run import import_mermaid as run_import, note_lines, output_paths
    from journeymap.render.findings import format_text
    from journeymap.writer import write_atomic

    path = Path(file)
    if not path.is_file():
        from journeymap.source.regular import special_kind
        raise UsageProblem(f"'{file}': {special_kind(path)}, not a regular file" if special_kind(path)
                           else f"'{file}': no such file")
    result = run_import(path, file)
    if result.errors:
        for diagnostic in result.errors:
            click.echo(format_text(diagnostic), err=True)
        click.echo(f"{file}: nothing imported ({plural(len(result.errors), 'error')})", err=True)
        sys.exit(EXIT_FINDINGS)
    targets = output_paths(Path(output), len(result.maps)) if output else []
    existing = [str(target) for target in targets if target.exists()]
    if existing and not force:
        raise UsageProblem(f"'{existing[0]}' already exists; use --force to overwrite it")
    for line in note_lines(result.notes):
        click.echo(line, err=True)
    if not output:
        click.echo("---\n".join(text for _, text in result.maps), nl=False)
    for target, (imported, text) in zip(targets, result.maps):
        write_atomic(target, text)
        click.echo(f"wrote {target}: {_counted(imported)}; check it with: journeymap validate {target}", err=True)
    sys.exit(EXIT_OK)


def _counted(imported) -> str:
    """'3 phases, 7 touchpoints, 2 personas': what a map imported holds."""
    return ", ".join([plural(len(imported.phases), "phase"), plural(len(imported.touchpoints), "touchpoint"),
                      plural(len(imported.personas), "persona")])
