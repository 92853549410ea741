"""journeymap render: diagrams, HTML reports and exports of many maps, with what CI needs beside them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from journeymap.cli import options
from journeymap.cli.common import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageProblem, maps_progress, plural,
                                   print_batch_findings, print_tool_problems)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False), default="journeymap-out", show_default=True,
              help="Output folder; its layout mirrors the input folders.")
@click.option("-f", "--formats", default="svg", show_default=True, metavar="LIST",
              help="Comma-separated: dot, svg, png, pdf (diagram), html (report), report-pdf (report via "
                   "Chromium), poster (one wall sheet via Chromium), mermaid, markdown, csv, json (exports).")
@options.paper("Paper size, landscape: the pages of the printed report (report-pdf, default A3), the poster's "
               "sheets (default A1) and the one page the diagram is fitted on (pdf and png).")
@options.portrait("Portrait instead of landscape (the diagram only with --paper).")
@click.option("--persona", metavar="ID", help="Draw one persona's journey only.")
@options.lang("Language of the labels (default: the map's lang).")
@click.option("--force", is_flag=True, help="Render every map, even if nothing changed since the last render.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Parallel workers (default: one per core).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True, metavar="SECONDS",
              help="Give up on a Graphviz layout after this long.")
@options.today
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False), metavar="FILE.md",
              help="Write a Markdown summary per map (status, findings, hotspots, changes), e.g. $GITHUB_STEP_SUMMARY.")
@click.option("--base", metavar="REV", help="With --summary: list each map's changes since this git revision.")
@click.option("--compare", "compare_rev", metavar="REV",
              help="Also write OUTDIR/...<map>.compare.html for each map that changed since git revision REV "
                   "(as-is = REV, to-be = now); --summary links them (and lists changes since REV).")
@click.option("--history", "history_count", type=click.IntRange(min=1), metavar="N",
              help="Add a Trend section to each map's report: its newest N commits (journeymap history).")
@click.option("--annotate", type=click.Choice(["github"]), help="Also print findings as GitHub annotations on stdout.")
@options.allow_outside
def render(paths, outdir, formats, paper, portrait, persona, lang, force, jobs, timeout, today, summary_file, base,
           compare_rev, history_count, annotate, allow_outside):
    """Render maps to diagrams, HTML reports and exports.

    PATH is a map file or a folder searched for *.journey.yaml.

    Renders in parallel and incrementally: a map whose content, includes, data files and
    options are unchanged since the last render into OUTDIR is skipped (--force renders it
    anyway). Findings go to stderr. Exit 0 when every map rendered, 1 when a map has errors,
    2 when Graphviz is missing or fails (formats that need no Graphviz are still written).
    """
    import time

    from journeymap.build.batch import RenderSettings, outcome_line
    from journeymap.render.options import DiagramOptions

    started = time.perf_counter()
    chosen, render_jobs = _jobs(paths, formats, Path(outdir))
    settings = RenderSettings(chosen, DiagramOptions(persona=persona, paper=paper,
                                                     portrait=portrait, lang=lang), timeout=timeout,
                              today=today.isoformat() if today else None, lang=lang, allow_outside=allow_outside,
                              history=history_count, history_head=_head() if history_count else None)
    _stop_on_clashes(render_jobs, settings, Path(outdir), compare_rev)
    outcomes = _render_with_progress(render_jobs, settings, Path(outdir), force, jobs)
    print_batch_findings(outcomes, annotate)
    _write_comparisons_and_summary(render_jobs, outcomes, today, allow_outside, compare_rev, base, summary_file, lang,
                                   paper, portrait, history_count)
    stopped = print_tool_problems(outcomes, chosen)
    click.echo(outcome_line(outcomes, Path(outdir), time.perf_counter() - started), err=True)
    failed = any(o.status == "failed" and not o.problem for o in outcomes)
    sys.exit(EXIT_USAGE if stopped else EXIT_FINDINGS if failed else EXIT_OK)


def _jobs(paths, formats: str, out: Path):
    """The formats chosen and a render job per map found; a bad format or path is a usage problem."""
    from journeymap.build.batch import RenderJob
    from journeymap.render.formats import verify_formats
    from journeymap.source.discover import NoMaps, find_outputs

    try:
        chosen = verify_formats(formats)
        found = find_outputs(paths)
    except (ValueError, NoMaps) as exc:
        raise UsageProblem(str(exc)) from None
    return chosen, [RenderJob(str(path), display, str(out / stem)) for path, display, stem in found]


def _stop_on_clashes(render_jobs, settings, out: Path, compare_rev: str | None) -> None:
    """Two maps that would write the same file stop the run before anything is written."""
    from journeymap.build.batch import clashing_outputs

    clash = clashing_outputs(render_jobs, settings, out, compare=bool(compare_rev))
    if clash:
        raise UsageProblem(clash)


def _head() -> str:
    """The commit HEAD is at (render --history needs a git repository)."""
    from journeymap.source.revisions import GitProblem, head_commit

    try:
        return head_commit()
    except GitProblem as exc:
        raise UsageProblem(f"--history needs a git repository: {exc}") from None


def _render_with_progress(render_jobs, settings, out: Path, force: bool, workers: int | None):
    from journeymap.build.batch import render_all

    with maps_progress(len(render_jobs), "rendering") as progress:
        return render_all(render_jobs, settings, out, force=force, workers=workers, progress=progress)


def _write_comparisons_and_summary(render_jobs, outcomes, today, allow_outside: bool, compare_rev: str | None,
                                   base: str | None, summary_file: str | None, lang: str | None, paper: str | None,
                                   portrait: bool, history_count: int | None) -> None:
    """--compare's comparison reports and --summary's Markdown; a revision git cannot read is a usage problem."""
    if not (compare_rev or summary_file):
        return
    from journeymap.build.versions import BadRevision, SideCache, write_compares

    named_by = {rev: option for option, rev in (("--compare", compare_rev), ("--base", base)) if rev}
    sides = SideCache(today, allow_outside, named_by)
    try:
        compared = write_compares(render_jobs, compare_rev, sides, lang, paper, portrait) if compare_rev else {}
        if compared:
            click.echo(f"{plural(len(compared), 'comparison report')} "
                       f"against {compare_rev}", err=True)
        if summary_file:
            from journeymap.build.summary import write_summary
            write_summary(Path(summary_file), render_jobs, outcomes, base or compare_rev, sides, compared,
                          history_count)
    except BadRevision as exc:
        raise UsageProblem(str(exc)) from None
