"""What several commands share: exit codes, usage problems, the maps named, a map's findings on stderr."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # main() imports this module for every command, --help too: pathlib only when used
    from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageProblem(click.UsageError):
    """Bad arguments or missing files: exit 2 with one line (no usage text: the command was typed right)."""

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True, file=file)


def find_maps(paths: tuple[str, ...]) -> list[tuple[Path, str]]:
    """(path, display) of files as given and of folders searched recursively for *.journey.yaml / *.journey.yml."""
    from journeymap.source.discover import NoMaps, find_maps as discover

    try:
        return [(path, display) for path, display, _ in discover(paths)]
    except NoMaps as exc:
        raise UsageProblem(str(exc)) from None


def maps_or_revisions(specs) -> list[tuple[Path, str, Path | None]]:
    """(file, display, project root) for map files, folders and REV:path (source.revisions.maps_or_revisions)."""
    from journeymap.source.discover import NoMaps
    from journeymap.source.revisions import GitProblem, maps_or_revisions as found

    try:
        return found(specs)
    except NoMaps as exc:
        raise UsageProblem(str(exc)) from None
    except GitProblem as exc:
        raise UsageProblem(f"git: {exc}") from None


def valid_journey(path: Path, display: str, today, allow_outside: bool, *, engine: str = "duckdb",
                  root: Path | None = None):
    """The journey of a map without errors; otherwise print its findings on stderr and return None."""
    from journeymap.render.findings import format_text
    from journeymap.rules.pipeline import validate_file

    result = validate_file(path, display, today=today, allow_outside=allow_outside, engine=engine, root=root)
    if result.has_errors:
        for diagnostic in result.diagnostics:
            click.echo(format_text(diagnostic), err=True)
        click.echo(f"{display}: not analysed because it has errors", err=True)
        return None
    return result.journey


def check_persona(journey, display: str, persona: str | None) -> None:
    """--persona must name a persona of the map: a usage error that lists them."""
    known = [p.id for p in journey.model.personas]
    if persona and persona not in known:
        from journeymap.suggest import did_you_mean
        raise UsageProblem(f"{display} has no persona '{persona}'{did_you_mean(persona, known)}; "
                           f"personas: {', '.join(known)}")


def load_side(spec: str, today, allow_outside: bool):
    """A map version (a file, or REV:path; None when REV has no such file); a missing file is a usage problem."""
    from journeymap.compare.diff import load_side as load

    try:
        return load(spec, today, allow_outside=allow_outside)
    except FileNotFoundError:
        raise UsageProblem(f"'{spec}': no such file") from None


def format_from_suffix(output: str | None) -> str | None:
    """The output format -o's file name asks for: .html, .md, .json, .txt, .csv."""
    from pathlib import Path

    if not output:
        return None
    suffix = Path(output).suffix.lower()
    return {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json", ".txt": "text",
            ".csv": "csv"}.get(suffix)


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def plural(count: int, word: str) -> str:
    """'1 map', '3 maps': a count with its word (i18n.numbers.counted, the one plural rule)."""
    from journeymap.i18n.numbers import counted

    return counted(count, word)


@contextlib.contextmanager
def maps_progress(count: int, label: str):
    """A progress bar on a terminal for a run over several maps: yields its update function, else None."""
    if not (sys.stderr.isatty() and count > 1):
        yield None
        return
    from journeymap.evidence.observe import progress as log_progress

    log_progress.suppressed = True  # one bar at a time: the maps', not each event log's
    with click.progressbar(length=count, label=label, file=sys.stderr) as bar:
        yield bar.update


def print_batch_findings(outcomes, annotate: str | None) -> None:
    """Every map's findings on stderr, sorted; with --annotate github also as annotations on stdout."""
    from journeymap.findings import sort_diagnostics
    from journeymap.render.findings import format_github, format_text

    findings = sort_diagnostics(d for o in outcomes for d in o.diagnostics)
    for diagnostic in findings:
        click.echo(format_text(diagnostic), err=True)
    if annotate == "github":
        for diagnostic in findings:
            click.echo(format_github(diagnostic))


def print_tool_problems(outcomes, chosen) -> bool:
    """Tool problems (Graphviz failing, Graphviz or Chromium missing) on stderr; True when there were any."""
    problems = sorted({o.problem for o in outcomes if o.problem})
    for problem in problems:
        click.echo(f"journeymap: error: {problem}", err=True)
    missing = {tool for o in outcomes for tool in o.missing}
    if "dot" in missing:
        from journeymap.render.graphviz_run import INSTALL_HINT
        skipped = ", ".join(f for f in chosen if f in ("svg", "png", "pdf"))
        effect = f"skipped: {skipped}" if skipped else "the report has no flow diagram"
        click.echo(f"journeymap: error: {INSTALL_HINT}; {effect}", err=True)
    if "chromium" in missing:
        from journeymap.i18n.numbers import plural_form
        from journeymap.render.formats import NEEDS_CHROMIUM
        from journeymap.render.report_pdf import INSTALL_HINT as CHROMIUM_HINT
        skipped = [f for f in chosen if f in NEEDS_CHROMIUM]
        click.echo(f"journeymap: error: {CHROMIUM_HINT}; {' and '.join(skipped)} "
                   f"{'was' if plural_form(len(skipped)) == 'one' else 'were'} skipped", err=True)
    return bool(problems or missing)
