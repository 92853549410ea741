"""Render many maps in one run: in parallel, incrementally, atomically.

A map is rendered again only when its cache key changes: a SHA-256 over the tool and Graphviz
versions, the render settings, and the bytes of the map, its includes and its data files. The
keys live in OUTDIR/.journeymap-cache.json; an output file that has gone missing also triggers a
render. Every file is written atomically, so an interrupted run leaves complete files only.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from journeymap import __version__
from journeymap.findings import Diagnostic
from journeymap.i18n.numbers import counted
from journeymap.writer import write_atomic
from journeymap.render.options import DiagramOptions
from journeymap.runtime import release_map_garbage
from journeymap.source.regular import read_regular

CACHE_FILE = ".journeymap-cache.json"
LARGE_MAP = 300  # touchpoints; bigger maps get Graphviz layout limits so they finish
_maps_rendered_here = 0  # in this process (a worker renders several): see runtime.release_map_garbage


@dataclass(frozen=True)
class RenderSettings:
    formats: tuple[str, ...]
    diagram: DiagramOptions = DiagramOptions()
    timeout: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    today: str | None = None
    lang: str | None = None
    allow_outside: bool = False
    history: int | None = None          # render --history N: a Trend section of the newest N commits
    history_head: str | None = None     # the commit HEAD was at: a new commit changes the trend

    def fingerprint(self, dot_version: str) -> str:
        return json.dumps({"journeymap": __version__, "graphviz": dot_version, "formats": self.formats,
                           "diagram": self.diagram.__dict__, "today": self.today, "lang": self.lang,
                           "allow_outside": self.allow_outside, "history": self.history,
                           "history_head": self.history_head}, sort_keys=True, allow_nan=False)


@dataclass(frozen=True)
class RenderJob:
    source: str        # path of the map
    display: str       # as the user named it
    output_base: str   # OUTDIR/relative/stem, without extension


@dataclass
class RenderOutcome:
    display: str
    output_base: str
    status: str = "failed"            # rendered | unchanged | failed
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    key: str | None = None
    problem: str | None = None        # a tool problem (Graphviz missing or failing): exit 2
    missing: list[str] = field(default_factory=list)  # tools that were missing: "dot", "chromium"


def output_paths(job: RenderJob, settings: RenderSettings) -> list[Path]:
    from journeymap.render.formats import extension

    suffix = f".{settings.diagram.persona}" if settings.diagram.persona else ""
    return [Path(f"{job.output_base}{suffix}.{extension(fmt)}") for fmt in settings.formats]


def clashing_outputs(jobs: list[RenderJob], settings: RenderSettings, outdir: Path, *, compare: bool = False) -> str | None:
    """Why two maps would write the same file, or None. find_outputs gives maps of the same name their own
    sub-folders; what is left (a.journey.yaml beside a.journey.yml) stops the run before it writes anything."""
    cache = outdir / CACHE_FILE
    owners: dict[str, RenderJob | None] = {os.path.normcase(os.path.abspath(cache)): None}
    for job in jobs:
        targets = output_paths(job, settings) + ([Path(job.output_base + ".compare.html")] if compare else [])
        for target in targets:
            owner = owners.setdefault(os.path.normcase(os.path.abspath(target)), job)
            if owner is None:
                return f"'{job.display}' would overwrite the render cache {cache}: rename the map"
            if owner is not job:
                return f"'{owner.display}' and '{job.display}' would both be written to {target}: rename one of them"
    return None


def cache_key(dependencies: list[str], fingerprint: str) -> str | None:
    """Hash of the settings and every dependency's bytes; None if one cannot be read."""
    digest = hashlib.sha256(fingerprint.encode("utf-8"))
    for path in dependencies:
        try:
            digest.update(path.encode("utf-8") + b"\0" + read_regular(Path(path)) + b"\0")
        except OSError:
            return None
    return digest.hexdigest()


class Cache:
    """The render cache of one output folder."""

    def __init__(self, outdir: Path):
        self.path = outdir / CACHE_FILE
        try:
            self.entries = json.loads(self.path.read_text(encoding="utf-8")).get("maps", {})
        except (OSError, ValueError, AttributeError):
            self.entries = {}

    def is_fresh(self, job: RenderJob, settings: RenderSettings, fingerprint: str) -> bool:
        entry = self.entries.get(job.output_base)
        if not isinstance(entry, dict) or not all(p.exists() for p in output_paths(job, settings)):
            return False
        return entry.get("key") is not None and cache_key(entry.get("dependencies", []), fingerprint) == entry["key"]

    def record(self, outcome: RenderOutcome) -> None:
        self.entries[outcome.output_base] = {"key": outcome.key, "dependencies": outcome.dependencies}

    def save(self) -> None:
        text = json.dumps({"journeymap_cache": 1, "maps": self.entries}, indent=1, sort_keys=True, allow_nan=False)
        write_atomic(self.path, text)


def dependencies(journey) -> list[str]:
    """Every file a map's outputs rest on: the map, its includes, its survey files and its event logs'
    files (a log may be a folder of Parquet files: its files count, not the folder)."""
    from journeymap.model.format import EventSource

    files = [str(p) for p in journey.document.files]
    files += [str((journey.base_dir / d.file).resolve()) for d in journey.model.data if not isinstance(d, EventSource)]
    files += [str(p.resolve()) for log in journey.observations if log.observation for p in log.observation.log.files]
    return files + detail_maps(journey)


def detail_maps(journey) -> list[str]:
    """The maps a map's `detail` links reach, directly or through other maps: whether a link can be followed,
    and whether the chain comes back (a cycle, detail-error), rests on their bytes too."""
    if not any(touchpoint.detail for touchpoint in journey.model.touchpoints):
        return []
    from journeymap.source.detail import MAX_MAPS, links

    start = journey.document.real_path
    seen, waiting, found = {start}, [start], []
    while waiting and len(seen) <= MAX_MAPS:
        for target in links(waiting.pop(0), journey.document.project):
            if target not in seen:
                seen.add(target)
                waiting.append(target)
                found.append(str(target))
    return found


def render_one(job: RenderJob, settings: RenderSettings, fingerprint: str) -> RenderOutcome:
    """Validate, analyse and render one map (runs in a worker process); a bug fails this map only."""
    global _maps_rendered_here
    if _maps_rendered_here:
        release_map_garbage()
    _maps_rendered_here += 1
    try:
        return _render_one(job, settings, fingerprint)
    except Exception as exc:  # reported as an internal error of this map (exit 2), the others go on
        if os.environ.get("JOURNEYMAP_DEBUG"):
            raise
        return RenderOutcome(job.display, job.output_base,
                             problem=f"{job.display}: internal error: {type(exc).__name__}: {exc}")


def _render_one(job: RenderJob, settings: RenderSettings, fingerprint: str) -> RenderOutcome:
    import datetime as dt

    from journeymap.analysis.run import analyze
    from journeymap.render.formats import missing_tool, verify_format
    from journeymap.render.graphviz_run import ExecutableNotFound, LayoutFailed, dot_available
    from journeymap.render.render_input import RenderInput
    from journeymap.render.report_pdf import ChromiumNotFound, PrintFailed
    from journeymap.rules.pipeline import validate_file

    outcome = RenderOutcome(job.display, job.output_base)
    today = dt.date.fromisoformat(settings.today) if settings.today else None
    result = validate_file(Path(job.source), job.display, max_bytes=settings.max_bytes, today=today,
                           allow_outside=settings.allow_outside)
    outcome.diagnostics = result.diagnostics
    if result.has_errors:
        return outcome
    journey = result.journey
    outcome.dependencies = dependencies(journey)
    options = settings.diagram
    if len(journey.model.touchpoints) > LARGE_MAP:
        options = replace(options, large=True)
    source = RenderInput(journey, analyze(journey, options.persona), result.diagnostics, options, settings.lang,
                         settings.timeout, trend=_trend(job, settings, journey))
    for name, path in zip(settings.formats, output_paths(job, settings)):
        output_format = verify_format(name)
        tool = missing_tool(output_format)
        if tool is not None:
            outcome.missing.append(tool)
            continue
        if output_format.embeds_diagram and not dot_available():
            outcome.missing.append("dot")  # still written, with a note instead of the diagram; not cached
        try:
            write_atomic(path, output_format.render(source))
        except (ExecutableNotFound, LayoutFailed, ChromiumNotFound, PrintFailed) as exc:
            outcome.problem = f"{job.display}: {exc}"
            return outcome
        outcome.written.append(str(path))
    outcome.status = "rendered"
    outcome.key = None if outcome.missing else cache_key(outcome.dependencies, fingerprint)
    return outcome


def _trend(job: RenderJob, settings: RenderSettings, journey) -> dict | None:
    """The Trend section of the report (render --history N), when a report is rendered."""
    if not settings.history or not any(fmt in ("html", "report-pdf") for fmt in settings.formats):
        return None
    from journeymap.source.revisions import GitProblem
    from journeymap.history.html import trend_context
    from journeymap.history.series import history

    try:
        found = history(job.source, max_count=settings.history, parallel=False)
    except GitProblem:
        return None
    if not found.points:
        return None
    return trend_context(found, settings.lang or journey.model.lang)


def render_all(jobs: list[RenderJob], settings: RenderSettings, outdir: Path, *, force: bool = False,
               workers: int | None = None, progress=None) -> list[RenderOutcome]:
    """Render every job that is not fresh, in parallel; returns one outcome per job, in job order."""
    from journeymap.render.formats import needs_dot
    from journeymap.render.graphviz_run import dot_version

    uses_dot = any(needs_dot(f) for f in settings.formats)
    fingerprint = settings.fingerprint(dot_version() if uses_dot else "-")
    cache = Cache(outdir)
    outcomes: dict[int, RenderOutcome] = {}
    pending = []
    for index, job in enumerate(jobs):
        if not force and cache.is_fresh(job, settings, fingerprint):
            outcomes[index] = RenderOutcome(job.display, job.output_base, status="unchanged")
            _tick(progress)
        else:
            pending.append(index)
    workers = max(1, min(workers or os.cpu_count() or 1, len(pending)))
    if workers == 1:
        for index in pending:
            outcomes[index] = render_one(jobs[index], settings, fingerprint)
            _tick(progress)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {index: pool.submit(render_one, jobs[index], settings, fingerprint) for index in pending}
            for index, future in futures.items():
                outcomes[index] = future.result()
                _tick(progress)
    rendered = [o for o in outcomes.values() if o.status == "rendered" and o.key]
    for outcome in rendered:
        cache.record(outcome)
    if rendered:   # a run where every map failed writes nothing at all into the output folder
        cache.save()
    return [outcomes[i] for i in range(len(jobs))]


def _tick(progress) -> None:
    if progress is not None:
        progress(1)


def outcome_line(outcomes: list[RenderOutcome], outdir: Path, seconds: float) -> str:
    """'3 maps: 1 rendered (2 files), 2 unchanged; output in out/ (0.4 s)': how a run went, for stderr."""
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in ("rendered", "unchanged", "failed")}
    files = len({path for o in outcomes for path in o.written})  # files on disk, each once
    parts = [f"{counts['rendered']} rendered ({counted(files, 'file')})", f"{counts['unchanged']} unchanged"]
    if counts["failed"]:
        parts.append(f"{counts['failed']} failed")
    nothing = " — nothing changed" if counts["rendered"] == 0 and counts["failed"] == 0 else ""
    maps = counted(len(outcomes), "map")
    return f"{maps}: {', '.join(parts)}{nothing}; output in {outdir}/ ({seconds:.1f} s)"
