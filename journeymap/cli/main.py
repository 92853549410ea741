"""Command line: click commands only. Each command imports its work lazily so `--help` stays instant."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from journeymap import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageProblem(click.UsageError):
    """Bad arguments or missing files: exit 2 with one line (no usage text: the command was typed right)."""

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True, file=file)


def _today(value: str | None):
    import datetime as dt
    value = value or os.environ.get("JOURNEYMAP_TODAY")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageProblem(f"--today must be a date like 2026-11-25, got {value!r}") from None


def find_maps(paths: tuple[str, ...]) -> list[tuple[Path, str]]:
    """Files as given, folders searched recursively for *.journey.yaml / *.journey.yml."""
    from journeymap.source.discover import NoMaps, find_maps as discover

    try:
        return [(path, display) for path, display, _ in discover(paths)]
    except NoMaps as exc:
        raise UsageProblem(str(exc)) from None


ALLOW_OUTSIDE = click.option(
    "--allow-outside", is_flag=True,
    help="Let maps include and read files outside their project (the git work tree, else the map's folder).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="journeymap")
def cli():
    """journeymap: customer journey maps as code.

    Describe personas, phases, touchpoints, emotions, pains and opportunities in YAML;
    validate them, analyse the friction, and render diagrams and reports.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True, help="text lines, a JSON report, GitHub Actions annotations, or SARIF 2.1.0.")
@click.option("--strict", is_flag=True, help="Treat warnings as failures (exit 1).")
@click.option("--max-size", type=click.IntRange(min=1), default=None, metavar="BYTES",
              help="Refuse files larger than this (default 5 MiB).")
@click.option("--today", metavar="YYYY-MM-DD", help="Date for stale-data checks (default: today, or $JOURNEYMAP_TODAY).")
@ALLOW_OUTSIDE
def validate(paths, output_format, strict, max_size, today, allow_outside):
    """Check maps: files, or folders searched for *.journey.yaml.

    Prints one line per finding, `path:line:col: severity: message [rule-id]`, sorted.
    Exit 0 when there are no errors, 1 when there are (or warnings with --strict),
    2 for usage errors.
    """
    from journeymap.findings import ERROR, WARNING, count, sort_diagnostics
    from journeymap.render.findings import format_github, format_json, format_text
    from journeymap.render.sarif import format_sarif
    from journeymap.source.loader import DEFAULT_MAX_BYTES
    from journeymap.runtime import one_map_at_a_time
    from journeymap.rules.pipeline import validate_file

    maps = find_maps(paths)
    date = _today(today)
    diagnostics, warnings_skipped = [], False
    for path, display in one_map_at_a_time(maps):
        result = validate_file(path, display, max_bytes=max_size or DEFAULT_MAX_BYTES, today=date,
                               allow_outside=allow_outside)
        diagnostics.extend(result.diagnostics)
        warnings_skipped |= result.warnings_skipped and result.has_errors
    diagnostics = sort_diagnostics(diagnostics)  # a library shared by several maps is reported once
    if output_format in ("json", "sarif"):
        formatter = format_json if output_format == "json" else format_sarif
        click.echo(formatter(diagnostics, [display for _, display in maps]))
    else:
        formatter = format_github if output_format == "github" else format_text
        for diagnostic in diagnostics:
            click.echo(formatter(diagnostic))
    errors, warnings = count(diagnostics, ERROR), count(diagnostics, WARNING)
    if output_format == "text":
        click.echo(_summary(len(maps), errors, warnings, warnings_skipped), err=True)
    sys.exit(EXIT_FINDINGS if errors or (strict and warnings) else EXIT_OK)


@cli.command()
@click.argument("maps", nargs=-1, required=True, metavar="MAP...")
@click.option("--persona", metavar="ID", help="Analyse one persona's journey only.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Aligned text tables, JSON with every figure, or Markdown.")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="How many hotspots to list.")
@click.option("--today", metavar="YYYY-MM-DD", help="Date for stale-data checks (default: today, or $JOURNEYMAP_TODAY).")
@ALLOW_OUTSIDE
def analyze(maps, persona, output_format, top, today, allow_outside):
    """Analyse where customers struggle and what to fix first.

    Friction hotspots, emotion curves and peak-end, funnel, KPIs against targets, channels,
    owners and the priority of opportunities.

    MAP is a map file, a folder searched for *.journey.yaml, or REV:path for a map as it was at a
    git revision. A map with errors is not analysed: its findings are printed on stderr and the
    exit code is 1. Formulas: docs/analysis.md.
    """
    import json

    from journeymap.analysis.run import ANALYSIS_FORMAT, analyze as run_analysis, to_dict
    from journeymap.render.analysis_report import observed_sections, render_markdown, render_text

    results, failed = [], False
    for path, display, root in _maps_or_revisions(maps):
        journey = _valid_journey(path, display, _today(today), allow_outside, root=root)
        if journey is None:
            failed = True
            continue
        _check_persona(journey, display, persona)
        results.append((display, journey, run_analysis(journey, persona)))
    if output_format == "json":
        from journeymap.render.observations import observed_maps
        maps_data = [{"file": display, **to_dict(result),
                      "observed": observed_maps([(display, journey, journey.observations, persona)])[0]["logs"]}
                     for display, journey, result in results]
        click.echo(json.dumps({"journeymap_analysis": ANALYSIS_FORMAT, "maps": maps_data}, indent=2,
                              ensure_ascii=False, sort_keys=False))
    else:
        color = output_format == "text" and _use_color()
        for _, journey, result in results:
            names = {t.id: t.name for t in reversed(journey.model.touchpoints)}
            observed = observed_sections(journey, persona)
            if output_format == "markdown":
                click.echo(render_markdown(result, names, top=top, extra=observed))
            else:
                click.echo(render_text(result, names, top=top, color=color, extra=observed))
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False), default="journeymap-out", show_default=True,
              help="Output folder; its layout mirrors the input folders.")
@click.option("-f", "--formats", default="svg", show_default=True, metavar="LIST",
              help="Comma-separated: dot, svg, png, pdf (diagram), html (report), report-pdf (report via "
                   "Chromium), mermaid, markdown, csv, json (exports).")
@click.option("--paper", type=click.Choice(["A4", "A3", "A2", "A1", "A0"], case_sensitive=False),
              help="Fit the diagram on one landscape page of this size (for pdf and png).")
@click.option("--portrait", is_flag=True, help="With --paper: portrait instead of landscape.")
@click.option("--persona", metavar="ID", help="Draw one persona's journey only.")
@click.option("--lang", type=click.Choice(["en", "de"]), help="Language of the labels (default: the map's lang).")
@click.option("--force", is_flag=True, help="Render every map, even if nothing changed since the last render.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Parallel workers (default: one per core).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True, metavar="SECONDS",
              help="Give up on a Graphviz layout after this long.")
@click.option("--today", metavar="YYYY-MM-DD", help="Date for stale-data checks (default: today, or $JOURNEYMAP_TODAY).")
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False), metavar="FILE.md",
              help="Write a Markdown summary per map (status, findings, hotspots, changes), e.g. $GITHUB_STEP_SUMMARY.")
@click.option("--base", metavar="REV", help="With --summary: list each map's changes since this git revision.")
@click.option("--compare", "compare_rev", metavar="REV",
              help="Also write OUTDIR/...<map>.compare.html for each map that changed since git revision REV "
                   "(as-is = REV, to-be = now); --summary links them (and lists changes since REV).")
@click.option("--history", "history_count", type=click.IntRange(min=1), metavar="N",
              help="Add a Trend section to each map's report: its newest N commits (journeymap history).")
@click.option("--annotate", type=click.Choice(["github"]), help="Also print findings as GitHub annotations on stdout.")
@ALLOW_OUTSIDE
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

    from journeymap.build.batch import RenderJob, RenderSettings
    from journeymap.findings import sort_diagnostics
    from journeymap.render.findings import format_text
    from journeymap.source.discover import NoMaps, find_maps as discover, output_stem
    from journeymap.render.options import DiagramOptions
    from journeymap.render.formats import verify_formats

    started = time.perf_counter()
    try:
        chosen = verify_formats(formats)
        found = discover(paths)
    except (ValueError, NoMaps) as exc:
        raise UsageProblem(str(exc)) from None
    date = _today(today)
    out = Path(outdir)
    jobs_list = [RenderJob(str(path), display, str(out / output_stem(relative))) for path, display, relative in found]
    settings = RenderSettings(chosen, DiagramOptions(persona=persona, paper=paper.upper() if paper else None,
                                                     portrait=portrait, lang=lang), timeout=timeout,
                              today=date.isoformat() if date else None, lang=lang, allow_outside=allow_outside,
                              history=history_count, history_head=_head() if history_count else None)
    outcomes = _render_with_progress(jobs_list, settings, out, force, jobs)
    findings = sort_diagnostics(d for o in outcomes for d in o.diagnostics)
    for diagnostic in findings:
        click.echo(format_text(diagnostic), err=True)
    if annotate == "github":
        from journeymap.render.findings import format_github
        for diagnostic in findings:
            click.echo(format_github(diagnostic))
    sides = _SideCache(date, allow_outside, {rev: option for option, rev in (("--compare", compare_rev), ("--base", base))
                                             if rev})
    compared = _write_compares(jobs_list, compare_rev, sides, lang, paper) if compare_rev else {}
    if summary_file:
        _write_summary(Path(summary_file), jobs_list, outcomes, base or compare_rev, sides, compared, history_count)
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
        from journeymap.render.report_pdf import INSTALL_HINT as CHROMIUM_HINT
        click.echo(f"journeymap: error: {CHROMIUM_HINT}; report-pdf was skipped", err=True)
    click.echo(_render_summary(outcomes, out, time.perf_counter() - started), err=True)
    failed = any(o.status == "failed" and not o.problem for o in outcomes)
    sys.exit(EXIT_USAGE if problems or missing else EXIT_FINDINGS if failed else EXIT_OK)


def _head() -> str:
    """The commit HEAD is at (render --history needs a git repository)."""
    from journeymap.source.revisions import GitProblem, _git, repository_root

    try:
        return _git("rev-parse", "HEAD", cwd=repository_root()).decode().strip()
    except GitProblem as exc:
        raise UsageProblem(f"--history needs a git repository: {exc}") from None


class _SideCache:
    """Each map version (a file, or REV:path) loaded once per command, for the comparisons and the summary."""

    def __init__(self, date, allow_outside: bool, options: dict[str, str]):
        self.date, self.allow_outside, self.loaded = date, allow_outside, {}
        self.options = options      # revision -> the option that named it, for a clear usage error

    def __call__(self, spec: str):
        from journeymap.compare.diff import load_side
        from journeymap.source.revisions import GitProblem

        if spec not in self.loaded:
            try:
                self.loaded[spec] = load_side(spec, self.date, allow_outside=self.allow_outside)
            except GitProblem as exc:
                revision = spec.partition(":")[0]
                raise UsageProblem(f"{self.options.get(revision, 'git')} {revision}: {exc}") from None
        return self.loaded[spec]


def _write_compares(jobs_list, revision: str, sides, lang, paper) -> dict[str, str]:
    """A comparison report per map that changed since revision (both versions valid); display -> its file."""
    from journeymap.compare.comparison import compare_sides
    from journeymap.compare.html import render_compare_html
    from journeymap.compare.diff import diff_sides
    from journeymap.writer import write_atomic

    written = {}
    for job in jobs_list:
        old, new = sides(f"{revision}:{job.display}"), sides(job.display)
        target = Path(job.output_base + ".compare.html")
        if old is None or old.journey is None or new.journey is None or diff_sides(old, new).status == "unchanged":
            target.unlink(missing_ok=True)     # a report of an earlier run would tell of changes that are not there
            continue
        write_atomic(target, render_compare_html(compare_sides(old, new), old, new, lang=lang,
                                                 paper=paper.upper() if paper else "A3"))
        written[job.display] = str(target)
    if written:
        click.echo(f"{len(written)} comparison report{'s' if len(written) != 1 else ''} "
                   f"against {revision}", err=True)
    return written


def _summary_history(display: str, count: int | None):
    """The map's newest commits for the summary's sparklines; None outside git or without commits."""
    from journeymap.source.revisions import GitProblem
    from journeymap.history.series import history
    from journeymap.build.summary import TREND_COMMITS

    try:
        return history(display, max_count=count or TREND_COMMITS)
    except GitProblem:
        return None


def _write_summary(target: Path, jobs_list, outcomes, base: str | None, sides, compared: dict[str, str],
                   history_count: int | None = None) -> None:
    from journeymap.compare.diff import diff_sides
    from journeymap.writer import write_atomic
    from journeymap.runtime import one_map_at_a_time
    from journeymap.build.summary import map_section, summary

    sections = []
    for job, outcome in one_map_at_a_time(zip(jobs_list, outcomes)):
        side = sides(job.display)
        change_set = diff_sides(sides(f"{base}:{job.display}"), side) if base else None
        link = compared.get(job.display)
        link = os.path.relpath(link, target.resolve().parent if target.parent else ".") if link else None
        sections.append(map_section(job.display, side, outcome, change_set, compare_link=link,
                                    history=_summary_history(job.display, history_count)))
    totals = {"maps": len(outcomes), **{s: sum(1 for o in outcomes if o.status == s)
                                        for s in ("rendered", "unchanged", "failed")}}
    write_atomic(target, summary(sections, base=base, totals=totals))


def _render_with_progress(jobs_list, settings, out, force, workers):
    from journeymap.build.batch import render_all

    if sys.stderr.isatty() and len(jobs_list) > 1:
        from journeymap.evidence.observe import progress as log_progress

        log_progress.suppressed = True  # one bar at a time: the maps', not each event log's
        with click.progressbar(length=len(jobs_list), label="rendering", file=sys.stderr) as bar:
            return render_all(jobs_list, settings, out, force=force, workers=workers, progress=bar.update)
    return render_all(jobs_list, settings, out, force=force, workers=workers)


def _render_summary(outcomes, out: Path, seconds: float) -> str:
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in ("rendered", "unchanged", "failed")}
    files = sum(len(o.written) for o in outcomes)
    parts = [f"{counts['rendered']} rendered ({files} files)", f"{counts['unchanged']} unchanged"]
    if counts["failed"]:
        parts.append(f"{counts['failed']} failed")
    nothing = " — nothing changed" if counts["rendered"] == 0 and counts["failed"] == 0 else ""
    return f"{_plural(len(outcomes), 'map')}: {', '.join(parts)}{nothing}; output in {out}/ ({seconds:.1f} s)"


@cli.command()
@click.argument("sides", nargs=-1, metavar="OLD NEW | PATH...")
@click.option("--since", "since", metavar="REV", help="Compare every map under PATH (default: here) with git revision REV.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Readable lines, a Markdown table (for merge requests), or JSON.")
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 when friction rose at any touchpoint or a new error appeared.")
@click.option("--today", metavar="YYYY-MM-DD", help="Date for stale-data checks (default: today, or $JOURNEYMAP_TODAY).")
@ALLOW_OUTSIDE
def diff(sides, since, output_format, fail_on_regression, today, allow_outside):
    """What changed for the customer between two versions of a map.

    OLD and NEW are map files, or REV:path to read a map (with its includes and data) as
    it was at a git revision, e.g. `journeymap diff HEAD~1:maps/shop.journey.yaml
    maps/shop.journey.yaml`. With --since REV, every map under PATH that changed since REV.
    Reports touchpoints added, removed, renamed or moved; emotion, effort, pains, KPIs
    (toward or away from target), friction and hotspot ranks; personas, phases and
    opportunity status.
    """
    from journeymap.source.revisions import GitProblem
    from journeymap.compare import diff_report

    date = _today(today)
    try:
        diffs = _diffs_since(since, sides, date, allow_outside) if since else _diff_pair(sides, date, allow_outside)
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


@cli.command()
@click.argument("before", metavar="AS-IS")
@click.argument("after", metavar="TO-BE")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE instead of stdout; .html gives the HTML report, .md Markdown, .json JSON.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json", "html"]),
              help="Output format (default: from -o's suffix, else text).")
@click.option("--lang", type=click.Choice(["en", "de"]), help="Language of the HTML report (default: the to-be map's lang).")
@click.option("--paper", type=click.Choice(["A4", "A3", "A2", "A1", "A0"], case_sensitive=False), default="A3",
              show_default=True, help="Paper size of the printed HTML report (landscape).")
@click.option("--today", metavar="YYYY-MM-DD", help="Date for stale-data checks (default: today, or $JOURNEYMAP_TODAY).")
@ALLOW_OUTSIDE
def compare(before, after, output, output_format, lang, paper, today, allow_outside):
    """Compare two versions of a journey as a journey map: as-is and to-be, or before and after.

    AS-IS and TO-BE are map files, or REV:path for a map as it was at a git revision (as
    `diff` reads them), e.g. `journeymap compare shop.journey.yaml shop.to-be.journey.yaml` or
    `journeymap compare HEAD~1:maps/shop.journey.yaml maps/shop.journey.yaml -o compare.html`.
    Shows both emotion curves per persona, friction before and after, hotspots, pains removed
    and added, opportunities delivered or still open, KPIs against their targets, touchpoints
    added, removed or moved, funnel reach and the remembered experience (peak-end). Exit 1 when
    either version has errors (findings on stderr).
    """
    from journeymap.compare.comparison import compare_sides
    from journeymap.compare import report
    from journeymap.source.revisions import GitProblem
    from journeymap.writer import write_atomic

    chosen = output_format or _format_from_suffix(output) or "text"
    date = _today(today)
    try:
        sides = [_side(spec, date, allow_outside) for spec in (before, after)]
    except GitProblem as exc:
        raise UsageProblem(f"git: {exc}") from None
    for spec, side in zip((before, after), sides):
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
    comparison = compare_sides(*sides)
    if chosen == "html":
        from journeymap.compare.html import render_compare_html
        text = render_compare_html(comparison, sides[0], sides[1], lang=lang, paper=paper.upper())
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


@cli.command()
@click.argument("map_path", metavar="MAP")
@click.option("--since", metavar="DATE|REV", help="Only commits after this date (YYYY-MM-DD) or git revision.")
@click.option("--max-count", type=click.IntRange(min=1), metavar="N", help="Only the newest N points.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv", "markdown", "html"]),
              help="Output format (default: from -o's suffix, else text).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE instead of stdout; .html gives the trend report, .json, .csv, .md the others.")
@click.option("--lang", type=click.Choice(["en", "de"]), help="Language of the HTML trend report (default: the map's).")
@click.option("--paper", type=click.Choice(["A4", "A3", "A2", "A1", "A0"], case_sensitive=False), default="A3",
              show_default=True, help="Paper size of the printed trend report (landscape).")
def history(map_path, since, max_count, output_format, output, lang, paper):
    """How a map's friction, KPIs and remembered experience moved over its git history.

    One point per commit that changed the map (followed through renames), one of its includes or
    one of its data files. A commit where the map had errors is a gap with its first finding.
    A marker is set where an opportunity became `done`, with the friction of what it addresses
    before and after. Exit 0 (a shallow clone says how many points it found and how to fetch
    more); 2 outside a git repository.
    """
    from journeymap.source.revisions import GitProblem
    from journeymap.history import report
    from journeymap.history.series import history as map_history
    from journeymap.writer import write_atomic

    chosen = output_format or _format_from_suffix(output) or "text"
    if not Path(map_path).is_file():
        raise UsageProblem(f"'{map_path}': no such file")
    try:
        found = map_history(map_path, since=since, max_count=max_count)
    except GitProblem as exc:
        if "not a git repository" in str(exc):
            raise UsageProblem(f"'{map_path}' is not in a git repository: history reads the map's commits") from None
        raise UsageProblem(f"git: {exc}") from None
    if not found.points:
        raise UsageProblem(f"'{map_path}' has no commits in git{' since ' + since if since else ''} "
                           "(commit it first)")
    if chosen == "html":
        from journeymap.history.html import render_trend_html
        text = render_trend_html(found, lang=lang, paper=paper.upper())
    else:
        text = {"json": report.render_json, "csv": report.render_csv, "markdown": report.render_markdown,
                "text": report.render_text}[chosen](found)
    if output:
        write_atomic(Path(output), text.encode("utf-8"))
        click.echo(f"{output}: {len(found.points)} points", err=True)
    else:
        click.echo(text, nl=False)
    hint = report.shallow_hint(found)
    if hint:
        click.echo(f"journeymap: note: {hint}", err=True)
    sys.exit(EXIT_OK)


def _format_from_suffix(output: str | None) -> str | None:
    if not output:
        return None
    suffix = Path(output).suffix.lower()
    return {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json", ".txt": "text",
            ".csv": "csv"}.get(suffix)


def _side(spec: str, date, allow_outside: bool):
    from journeymap.compare.diff import load_side

    try:
        return load_side(spec, date, allow_outside=allow_outside)
    except FileNotFoundError:
        raise UsageProblem(f"'{spec}': no such file") from None


def _diff_pair(sides, date, allow_outside: bool):
    from journeymap.compare.diff import diff_sides

    if len(sides) != 2:
        raise UsageProblem("diff needs OLD and NEW (or --since REV [PATH...])")
    old, new = _side(sides[0], date, allow_outside), _side(sides[1], date, allow_outside)
    if old is None and new is None:
        raise UsageProblem(f"neither '{sides[0]}' nor '{sides[1]}' exists")
    return [diff_sides(old, new)]


def _diffs_since(revision: str, paths, date, allow_outside: bool):
    from journeymap.source.discover import MAP_SUFFIXES, NoMaps, find_maps as discover
    from journeymap.compare.diff import diff_sides
    from journeymap.source.revisions import from_root, maps_at, repo_relative
    from journeymap.runtime import one_map_at_a_time

    try:
        current = {repo_relative(display): display for _, display, _ in discover(paths or (".",))}
    except NoMaps:
        current = {}
    before = maps_at(revision, list(paths), MAP_SUFFIXES)
    diffs = []
    for key in one_map_at_a_time(sorted(current.keys() | before.keys())):
        old = _side(f"{revision}:{current.get(key) or from_root(key)}", date, allow_outside) if key in before else None
        new = _side(current[key], date, allow_outside) if key in current else None
        result = diff_sides(old, new)
        if result.status != "unchanged":
            diffs.append(result)
    return diffs


def _use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _check_persona(journey, display: str, persona: str | None) -> None:
    """--persona must name a persona of the map: a usage error that lists them."""
    known = [p.id for p in journey.model.personas]
    if persona and persona not in known:
        from journeymap.suggest import did_you_mean
        raise UsageProblem(f"{display} has no persona '{persona}'{did_you_mean(persona, known)}; "
                           f"personas: {', '.join(known)}")


def _maps_or_revisions(specs) -> list[tuple[Path, str, Path | None]]:
    """(file, display, project root) for map files, folders, and REV:path (a map as it was at a git
    revision, read with its includes and data from that revision's tree)."""
    from journeymap.source.revisions import GitProblem, checkout, file_at, split_revision

    found, plain = [], []
    for spec in specs:
        revision, path = split_revision(spec)
        if revision is None:
            plain.append(spec)
            continue
        try:
            real, root = file_at(revision, path), checkout(revision)
        except GitProblem as exc:
            raise UsageProblem(f"git: {exc}") from None
        if not real.is_file():
            raise UsageProblem(f"'{spec}': no such file at that revision")
        found.append((real, spec, root))
    return [(path, display, None) for path, display in find_maps(tuple(plain))] + found if plain else found


def _valid_journey(path: Path, display: str, today, allow_outside: bool, *, engine: str = "duckdb",
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


def _plural(count: int, word: str) -> str:
    """'1 map', '3 maps': a count with its word."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _summary(files: int, errors: int, warnings: int, warnings_skipped: bool = False) -> str:
    later = " (more warnings may follow once the errors are fixed: docs/rules.md)" if warnings_skipped else ""
    return f"{_plural(files, 'map')} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}{later}"


@cli.command()
@click.argument("maps", nargs=-1, required=True, metavar="MAP...")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv", "md"]), default="text",
              show_default=True, help="Aligned text, JSON with every figure, one CSV row per flow, or Markdown.")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="DuckDB (embedded) or Apache Spark (pip install 'journeymap[spark]').")
@click.option("--spark-master", metavar="URL",
              help="With --engine spark: the Spark master (default local[*]; or set $SPARK_REMOTE for Spark Connect).")
@click.option("--persona", metavar="ID", help="The flows of one persona (needs segment_column and segments).")
@click.option("--today", metavar="YYYY-MM-DD", help="Date for stale-data checks (default: today, or $JOURNEYMAP_TODAY).")
@ALLOW_OUTSIDE
def observe(maps, output_format, engine, spark_master, persona, today, allow_outside):
    """Journeys observed in the maps' event logs, beside the designed map.

    For each `data:` entry of `kind: events`: cases, events, the share mapped to touchpoints,
    reach, drop-offs and time to the next touchpoint per touchpoint, and every flow with its
    designed and observed share; flows the map lacks and designed flows nobody takes.
    MAP is a map file or a folder. A map with errors is not observed (exit 1). See docs/observe.md.
    """
    from journeymap.render import observations as output

    if spark_master:
        from journeymap.evidence.observe import engine_spark
        engine_spark.configure(spark_master)
    items, failed = [], False
    for path, display in find_maps(maps):
        journey = _valid_journey(path, display, _today(today), allow_outside, engine=engine)
        if journey is None:
            failed = True
            continue
        _check_persona(journey, display, persona)
        logs = journey.observations
        if not logs:
            click.echo(f"{display}: no event log (add a `data:` entry with `kind: events`, docs/observe.md)", err=True)
        items.append((display, journey, logs, persona))
    maps_data = output.observed_maps(items)
    if output_format == "json":
        click.echo(output.render_json(maps_data))
    elif output_format == "csv":
        click.echo(output.render_csv(maps_data), nl=False)
    else:
        click.echo(output.render_text(maps_data, markdown=output_format == "md"), nl=False)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), metavar="PATH")
@click.option("--edit", is_flag=True, help="Let the browser edit the maps (written back to the YAML, comments kept).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than 127.0.0.1 (e.g. 0.0.0.0 for a LAN) needs the printed token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one).")
@click.option("--no-open", is_flag=True, help="Do not open a browser.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer to this host name (e.g. the machine's LAN name); IP addresses always work.")
@click.option("--lang", type=click.Choice(["en", "de"]), help="Language of the labels (default: each map's lang).")
@click.option("--today", metavar="YYYY-MM-DD", help="Date for stale-data checks (default: today, or $JOURNEYMAP_TODAY).")
def serve(path, edit, host, port, no_open, allowed_hosts, lang, today):
    """Show the reports of PATH (a map or a folder) live in the browser: a workshop on the projector.

    Every open page updates when a map, its includes or its data files change; a map with errors
    shows its findings until it is fixed. With --edit, emotions, effort, names, owners, pains,
    gains, opportunities and sticky notes can be changed in the browser; each edit is checked,
    then written to the YAML with its comments and layout kept. Needs `pip install
    'journeymap[serve]'`. See docs/workshops.md.
    """
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
        import watchfiles  # noqa: F401
        if edit:
            import ruamel.yaml  # noqa: F401
    except ImportError as exc:
        raise click.UsageError(f"serve needs {exc.name}: pip install 'journeymap[serve]'") from None
    from journeymap.source.discover import MAP_SUFFIXES
    from journeymap.serve.server import ServeError
    from journeymap.serve.server import serve as run

    if path.is_file() and not path.name.endswith(MAP_SUFFIXES):
        raise click.UsageError(f"'{path}' is not a map (*.journey.yaml) or a folder")
    try:
        run(path, host=host, port=port, edit=edit, open_browser=not no_open, allowed_hosts=allowed_hosts,
            today=_today(today), lang=lang, announce=lambda line: click.echo(line))
    except ServeError as exc:
        raise click.UsageError(str(exc)) from None


@cli.command()
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


@cli.command()
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


@cli.group("import")
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
    from journeymap.render.findings import format_text
    from journeymap.importers.run import import_mermaid as run_import, note_lines, output_paths
    from journeymap.writer import write_atomic

    path = Path(file)
    if not path.is_file():
        raise UsageProblem(f"'{file}': no such file")
    result = run_import(path, file)
    if result.errors:
        for diagnostic in result.errors:
            click.echo(format_text(diagnostic), err=True)
        click.echo(f"{file}: nothing imported ({_plural(len(result.errors), 'error')})", err=True)
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
    return ", ".join([_plural(len(imported.phases), "phase"), _plural(len(imported.touchpoints), "touchpoint"),
                      _plural(len(imported.personas), "persona")])


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; bad input never shows a traceback (set JOURNEYMAP_DEBUG=1 to see one for a bug)."""
    from journeymap.runtime import gc_paused

    try:
        with gc_paused():  # a short-lived process: see runtime.release_map_garbage
            cli.main(args=argv, prog_name="journeymap", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_USAGE)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        click.echo(f"journeymap: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug: one line, not a traceback
        if os.environ.get("JOURNEYMAP_DEBUG"):
            raise
        click.echo(f"journeymap: internal error: {type(exc).__name__}: {exc} "
                   "(please report it with the map that caused it; JOURNEYMAP_DEBUG=1 shows details)", err=True)
        sys.exit(EXIT_USAGE)
