"""`journeymap site`: every map's report and JSON export through the batch renderer, then the site's own pages.

The maps go through build/batch.py as `render -f html,json` would render them (in parallel, and
only those whose files or settings changed: the render cache lies in the site's folder). The
cross-journey pages are made from the JSON exports, so an unchanged map is not even analysed again,
and a page is written only when its bytes differ from the file on disk: a second run with nothing
changed writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from journeymap.build.batch import RenderJob, RenderOutcome, RenderSettings, clashing_outputs, render_all
from journeymap.render.options import DiagramOptions
from journeymap.site.journeys import SiteMap, invalid_map, read_export, valid_map
from journeymap.writer import write_if_changed

MAPS_FOLDER = "maps"         # each map's report and export, below the site's folder as below the maps' folder
FORMATS = ("html", "json")
PORTFOLIO = "portfolio.json"


@dataclass(frozen=True)
class SiteOptions:
    lang: str = "en"                 # the site's pages; the reports keep each map's lang unless report_lang is set
    report_lang: str | None = None
    paper: str = "A3"
    portrait: bool = False
    today: str | None = None
    allow_outside: bool = False
    force: bool = False
    workers: int | None = None


@dataclass
class SiteResult:
    maps: list[SiteMap]
    outcomes: list[RenderOutcome]
    written: list[Path] = field(default_factory=list)     # the site's own pages that changed


class SiteClash(ValueError):
    """Two maps (or a map and the render cache) would be written to the same file."""


def jobs(found, outdir: Path) -> list[RenderJob]:
    """A render job per map: its report and export go to OUT/maps/<its place below the folder>."""
    return [RenderJob(str(path), display, str(outdir / MAPS_FOLDER / stem)) for path, display, stem in found]


def settings(options: SiteOptions) -> RenderSettings:
    return RenderSettings(FORMATS, DiagramOptions(paper=options.paper, portrait=options.portrait,
                                                  lang=options.report_lang),
                          today=options.today, lang=options.report_lang, allow_outside=options.allow_outside)


def build_site(found, folder: Path, outdir: Path, options: SiteOptions, *, progress=None) -> SiteResult:
    """Render what changed, read every map's figures, and write the pages that differ. found: discover.find_outputs."""
    render_jobs = jobs(found, outdir)
    render_settings = settings(options)
    clash = clashing_outputs(render_jobs, render_settings, outdir)
    if clash:
        raise SiteClash(clash)
    outcomes = render_all(render_jobs, render_settings, outdir, force=options.force, workers=options.workers,
                          progress=progress)
    maps = _site_maps(render_jobs, outcomes, folder, outdir, render_settings, options)
    result = SiteResult(maps, outcomes)
    if not any(m.valid for m in maps):   # as `render`: a run where every map failed writes nothing at all
        return result
    from journeymap.site.export import portfolio_json
    from journeymap.site.pages import Site

    site = Site(maps, options.lang, options.paper, options.portrait)
    files = {**site.pages(), PORTFOLIO: portfolio_json(site)}
    result.written = [outdir / name for name, text in files.items() if write_if_changed(outdir / name, text)]
    return result


def _site_maps(render_jobs, outcomes, folder: Path, outdir: Path, render_settings, options) -> list[SiteMap]:
    """Each map's figures from its export; an export that cannot be read is rendered again, once."""
    maps = []
    for index, job in enumerate(render_jobs):
        if outcomes[index].status == "unchanged" and read_export(Path(f"{job.output_base}.json")) is None:
            outcomes[index] = render_all([job], render_settings, outdir, force=True, workers=1)[0]
        maps.append(_site_map(job, outcomes[index], folder, outdir))
    return maps


def _site_map(job: RenderJob, outcome: RenderOutcome, folder: Path, outdir: Path) -> SiteMap:
    source = Path(job.source).resolve()
    file = source.relative_to(folder.resolve()).as_posix() if source.is_relative_to(folder.resolve()) else source.name
    page = Path(f"{job.output_base}.html").relative_to(outdir).as_posix()
    export = read_export(Path(f"{job.output_base}.json")) if outcome.status != "failed" else None
    if export is None:
        return invalid_map(file, source, page, outcome.diagnostics, outcome.problem)
    return valid_map(file, source, page, export)
