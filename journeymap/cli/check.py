"""journeymap validate, schema and init: check maps, and give editors what they need to check them as you type."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from journeymap.cli import options
from journeymap.cli.common import EXIT_FINDINGS, EXIT_OK, UsageProblem, find_maps, plural


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True, help="text lines, a JSON report, GitHub Actions annotations, or SARIF 2.1.0.")
@click.option("--strict", is_flag=True, help="Treat warnings as failures (exit 1).")
@click.option("--max-size", type=click.IntRange(min=1), default=None, metavar="BYTES",
              help="Refuse files larger than this (default 5 MiB).")
@options.today
@options.allow_outside
def validate(paths, output_format, strict, max_size, today, allow_outside):
    """Check maps: files, or folders searched for *.journey.yaml.

    Prints one line per finding, `path:line:col: severity: message [rule-id]`, sorted.
    Exit 0 when there are no errors, 1 when there are (or warnings with --strict),
    2 for usage errors.
    """
    from journeymap.findings import ERROR, WARNING, count, sort_diagnostics
    from journeymap.rules.pipeline import validate_file
    from journeymap.runtime import one_map_at_a_time
    from journeymap.source.loader import DEFAULT_MAX_BYTES

    maps = find_maps(paths)
    diagnostics, warnings_skipped = [], False
    for path, display in one_map_at_a_time(maps):
        result = validate_file(path, display, max_bytes=max_size or DEFAULT_MAX_BYTES, today=today,
                               allow_outside=allow_outside)
        diagnostics.extend(result.diagnostics)
        warnings_skipped |= result.warnings_skipped and result.has_errors
    diagnostics = sort_diagnostics(diagnostics)  # a library shared by several maps is reported once
    _print_findings(diagnostics, output_format, [display for _, display in maps])
    errors, warnings = count(diagnostics, ERROR), count(diagnostics, WARNING)
    if output_format == "text":
        click.echo(_summary(len(maps), errors, warnings, warnings_skipped), err=True)
    sys.exit(EXIT_FINDINGS if errors or (strict and warnings) else EXIT_OK)


def _print_findings(diagnostics, output_format: str, files: list[str]) -> None:
    """JSON and SARIF as one report on stdout, text and GitHub annotations as one line per finding."""
    if output_format == "sarif":
        from journeymap.render.sarif import format_sarif
        click.echo(format_sarif(diagnostics, files))
        return
    from journeymap.render.findings import format_github, format_json, format_text

    if output_format == "json":
        click.echo(format_json(diagnostics, files))
        return
    formatter = format_github if output_format == "github" else format_text
    for diagnostic in diagnostics:
        click.echo(formatter(diagnostic))


def _summary(files: int, errors: int, warnings: int, warnings_skipped: bool = False) -> str:
    later = " (more warnings may follow once the errors are fixed: docs/rules.md)" if warnings_skipped else ""
    return f"{plural(files, 'map')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}{later}"


@click.command()
@click.argument("file", required=False, default="my-journey.journey.yaml", metavar="[FILE]")
@click.option("--force", is_flag=True, help="Overwrite FILE (and journeymap.schema.json) if they exist.")
def init(file, force):
    """Write a commented starter map and the editor schema beside it.

    FILE defaults to my-journey.journey.yaml.

    The starter validates cleanly; its first line points yaml-language-server at
    journeymap.schema.json for completion in VS Code and other editors.
    """
    from importlib.resources import files

    from journeymap.model.json_schema import json_schema_text
    from journeymap.writer import write_atomic

    target = Path(file)
    if target.exists() and not force:
        raise UsageProblem(f"'{file}' already exists; use --force to overwrite it")
    write_atomic(target, files("journeymap").joinpath("data/starter.journey.yaml").read_text(encoding="utf-8"))
    schema_file = target.parent / "journeymap.schema.json"
    if force or not schema_file.exists():
        write_atomic(schema_file, json_schema_text())
        click.echo(f"wrote {schema_file}", err=True)
    click.echo(f"wrote {target}; check it with: journeymap validate {target}", err=True)


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def schema(output):
    """Print the JSON Schema of the map format, for editors and CI.

    Draft-07, the dialect yaml-language-server and other editors understand.
    """
    from journeymap.model.json_schema import json_schema_text

    text = json_schema_text()
    if output:
        from journeymap.writer import write_atomic
        write_atomic(Path(output), text)
    else:
        click.echo(text, nl=False)
