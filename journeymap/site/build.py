"""`journeymap site`: every map's report and JSON export through the batch renderer, then the site's own pages.

The maps go through build/batch.py as `render -f html,json` would render them (in parallel, and
only those whose files or settings changed: the render cache lies in the site's folder). The
cross-journey pages are made from the JSON exports, so an unchanged map is not even analysed again,
and a page is written only when its bytes differ from the file on disk. When nothing the pages rest
on has changed (the state key in OUT/.journeymap-site.json), they are not even made again: a
second run with nothing changed reads no export and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from journeymap import __version__
from journeymap.build.batch import (Cache, RenderJob, RenderOutcome, RenderSettings, clashing_outputs, output_paths,
                                    render_all)
from journeymap.render.options import DiagramOptions
from journeymap.site.journeys import SiteMap, invalid_map, read_export, valid_map
from journeymap.writer import json_text, write_if_changed

MAPS_FOLDER = "maps"         # each map's report and export, below the site's folder as below the maps' folder
FORMATS = ("html", "json")
PORTFOLIO = "portfolio.json"
STATE_FILE = ".journeymap-site.json"   # what the pages were last made from: a run with the same makes none


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
    outcomes: list[RenderOutcome]
    maps: list[SiteMap] | None = None                      # None: the pages were not made again (nothing changed)
    written: list[Path] = field(default_factory=list)     # the site's own pages that changed
    removed: list[Path] = field(default_factory=list)     # reports and exports of maps that are gone


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
    result = SiteResult(outcomes)
    if all(o.status == "failed" for o in outcomes):   # as `render`: a run where every map failed writes nothing
        return result
    result.removed = remove_gone(render_jobs, render_settings, outdir)
    key = state_key(render_jobs, outcomes, outdir, options)
    if not options.force and _unchanged(outdir, key):   # the same inputs made these very pages last time
        return result
    result.maps = _site_maps(render_jobs, outcomes, folder, outdir, render_settings)
    from journeymap.site.export import portfolio_json
    from journeymap.site.pages import Site

    site = Site(result.maps, options.lang, options.paper, options.portrait)
    files = {**site.pages(), PORTFOLIO: portfolio_json(site)}
    result.written = [outdir / name for name, text in files.items() if write_if_changed(outdir / name, text)]
    write_if_changed(outdir / STATE_FILE, json_text({"journeymap_site": 1, "key": key}) + "\n")
    return result


def remove_gone(render_jobs, render_settings: RenderSettings, outdir: Path) -> list[Path]:
    """The report and export of every map the site rendered before but no longer finds (removed or renamed),
    so that a published site holds no page of a journey that is gone. Only what the render cache says this
    site wrote below OUT/maps is removed, then the folders it leaves empty."""
    cache = Cache(outdir)
    maps = (outdir / MAPS_FOLDER).resolve()
    current = {Path(job.output_base).resolve() for job in render_jobs}
    removed, dropped = [], 0
    for base in sorted(cache.entries):
        place = Path(base).resolve()
        if place in current or not place.is_relative_to(maps):
            continue
        for path in output_paths(RenderJob("", "", base), render_settings):
            if path.is_file():
                path.unlink()
                removed.append(path)
        del cache.entries[base]
        dropped += 1
        folder = place.parent
        while folder != maps and folder.is_relative_to(maps) and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    if dropped:
        cache.save()
    return removed


def state_key(render_jobs, outcomes, outdir: Path, options: SiteOptions) -> str:
    """What the pages are made from: each map's place and render cache key (the hash of its files and the
    settings), the findings of the maps with errors, the site's options and journeymap's version."""
    entries = Cache(outdir).entries
    maps = [[str(Path(job.source).resolve()), job.output_base, (entries.get(job.output_base) or {}).get("key"),
             outcome.status == "failed", [d.as_dict() for d in outcome.diagnostics] if outcome.status == "failed"
             else None, outcome.problem] for job, outcome in zip(render_jobs, outcomes)]
    state = {"journeymap": __version__, "options": [options.lang, options.report_lang, options.paper,
                                                    options.portrait, options.today], "maps": maps}
    return hashlib.sha256(json_text(state, indent=None, sort_keys=True).encode("utf-8")).hexdigest()


def _unchanged(outdir: Path, key: str) -> bool:
    from journeymap.site.pages import PAGES

    try:
        stored = json.loads((outdir / STATE_FILE).read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError, AttributeError):
        return False
    return stored == key and all((outdir / name).is_file() for name in [f"{p}.html" for p in PAGES] + [PORTFOLIO])


def _site_maps(render_jobs, outcomes, folder: Path, outdir: Path, render_settings) -> list[SiteMap]:
    """Each map's figures from its export; an export that cannot be read is rendered again, once."""
    maps = []
    for index, job in enumerate(render_jobs):
        export = _export(job, outcomes[index])
        if export is None and outcomes[index].status == "unchanged":
            outcomes[index] = render_all([job], render_settings, outdir, force=True, workers=1)[0]
            export = _export(job, outcomes[index])
        maps.append(_site_map(job, outcomes[index], export, folder, outdir))
    return maps


def _export(job: RenderJob, outcome: RenderOutcome) -> dict | None:
    return read_export(Path(f"{job.output_base}.json")) if outcome.status != "failed" else None


def _site_map(job: RenderJob, outcome: RenderOutcome, export: dict | None, folder: Path, outdir: Path) -> SiteMap:
    source = Path(job.source).resolve()
    file = source.relative_to(folder.resolve()).as_posix() if source.is_relative_to(folder.resolve()) else source.name
    page = Path(f"{job.output_base}.html").relative_to(outdir).as_posix()
    if export is None:
        return invalid_map(file, source, page, outcome.diagnostics, outcome.problem)
    return valid_map(file, source, page, export)
