"""journeymap site: a static site of every map under a folder, with the pages that look across them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from journeymap.cli import options
from journeymap.cli.common import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageProblem, maps_progress,
                                   print_batch_findings, print_tool_problems)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False), metavar="DIR")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False), default="journeymap-site",
              show_default=True, help="Folder of the site: index.html, the cross-journey pages, portfolio.json, "
                                      "and each map's report under maps/.")
@options.lang("Language of the site's pages (default: en) and of every report (default: each map's lang).")
@options.paper("Paper size of the printed pages, landscape.", default="A3")
@options.portrait("Print portrait instead of landscape.")
@click.option("--force", is_flag=True, help="Render every map, even if nothing changed since the last run.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Parallel workers (default: one per core).")
@options.today
@click.option("--annotate", type=click.Choice(["github"]), help="Also print findings as GitHub annotations on stdout.")
@options.allow_outside
def site(folder, outdir, lang, paper, portrait, force, jobs, today, annotate, allow_outside):
    """A static site of every map under DIR: the journeys, their architecture, owners, channels and opportunities.

    Writes OUT/index.html (every journey with its owner, validity, top hotspot and money at
    stake), the journey architecture (maps linked by touchpoints' `detail`), hotspots, owners,
    channels and the opportunity portfolio across maps, OUT/portfolio.json, and each map's HTML
    report under OUT/maps/. Links are relative: open OUT/index.html from disk or publish OUT on
    GitHub or GitLab Pages. Incremental like render: unchanged maps are not rendered again, and a
    page is written only when it changed. A map with errors is listed on the index, its figures
    left out of every total. Exit 0 when every map is valid, 1 when a map has errors, 2 when
    Graphviz is missing or fails.
    """
    import time

    from journeymap.site.build import SiteClash, SiteOptions, build_site
    from journeymap.source.discover import NoMaps, find_outputs

    started = time.perf_counter()
    if not Path(folder).is_dir():
        raise UsageProblem(f"'{folder}': no such folder")
    try:
        found = find_outputs([folder])
    except NoMaps as exc:
        raise UsageProblem(str(exc)) from None
    chosen = SiteOptions(lang=lang or "en", report_lang=lang, paper=paper, portrait=portrait,
                         today=today.isoformat() if today else None, allow_outside=allow_outside, force=force,
                         workers=jobs)
    try:
        with maps_progress(len(found), "building the site") as progress:
            result = build_site(found, Path(folder), Path(outdir), chosen, progress=progress)
    except SiteClash as exc:
        raise UsageProblem(str(exc)) from None
    print_batch_findings(result.outcomes, annotate)
    stopped = print_tool_problems(result.outcomes, ("html",))
    click.echo(_outcome_line(result, Path(outdir), time.perf_counter() - started), err=True)
    invalid = any(o.status == "failed" and not o.problem for o in result.outcomes)
    sys.exit(EXIT_USAGE if stopped else EXIT_FINDINGS if invalid else EXIT_OK)


def _outcome_line(result, outdir: Path, seconds: float) -> str:
    """'6 maps: 1 rendered, 5 unchanged, 1 with errors; 2 pages written; site in out/index.html (0.4 s)'."""
    from journeymap.cli.common import plural

    counts = {status: sum(1 for o in result.outcomes if o.status == status)
              for status in ("rendered", "unchanged", "failed")}
    parts = [f"{counts['rendered']} rendered", f"{counts['unchanged']} unchanged"]
    if counts["failed"]:
        parts.append(f"{counts['failed']} with errors")
    maps = plural(len(result.outcomes), 'map')
    if counts["failed"] == len(result.outcomes):
        return f"{maps}: {', '.join(parts)}; no valid map, no site written ({seconds:.1f} s)"
    pages = f"{plural(len(result.written), 'page')} written" if result.written else "no page changed"
    if result.removed:   # the report and export of each map that is gone
        pages += f", {plural(len(result.removed), 'file')} of maps that are gone removed"
    return f"{maps}: {', '.join(parts)}; {pages}; site in {outdir / 'index.html'} ({seconds:.1f} s)"
