"""One point per commit that changed a map, its includes or its data: what `journeymap history` shows.

Each commit's map, includes and data files are read from git (gitlog.Blobs), written into a
scratch folder and checked there as that commit's project, with the commit's date as "today".
A commit whose files are byte-identical to an earlier point's reuses that point's figures. A
commit where the map has errors is a gap: its error count and first finding, no figures.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from journeymap.source.revisions import GitProblem, run_git
from journeymap.history.gitlog import Blobs, Commit, is_shallow, map_commits


@dataclass(frozen=True)
class KpiPoint:
    touchpoint: str
    kpi: str
    value: float
    target: float | None
    on_target: bool | None
    better: str = "higher"     # the KPI's direction at this commit: "higher" or "lower"
    unit: str | None = None


@dataclass
class Point:
    commit: str
    date: str
    author: str
    subject: str
    path: str
    valid: bool
    errors: int
    warnings: int
    first_finding: str | None = None
    friction: dict[str, float] = field(default_factory=dict)          # touchpoint -> friction (0..1)
    hotspot_rank: dict[str, int] = field(default_factory=dict)
    hotspot_why: dict[str, dict[str, str]] = field(default_factory=dict)   # lang -> touchpoint -> why it ranks there
    names: dict[str, str] = field(default_factory=dict)               # touchpoint -> name
    kpis: list[KpiPoint] = field(default_factory=list)
    peak_end: dict[str, float | None] = field(default_factory=dict)   # persona -> peak-end
    personas: dict[str, str] = field(default_factory=dict)            # persona -> name
    opportunities: dict[str, str] = field(default_factory=dict)       # opportunity -> status
    opportunity_titles: dict[str, str] = field(default_factory=dict)
    addresses: dict[str, list[str]] = field(default_factory=dict)     # opportunity -> touchpoints it addresses
    status_changes: list[dict] = field(default_factory=list)          # opportunities whose status changed here
    reused: bool = False
    at_stake: Decimal | None = None     # total money at stake (analysis/value.py); None: the map names no money
    currency: str | None = None
    # what customers said per touchpoint (a feedback file's rows linked to it): (rows, emotion of their ratings or None)
    feedback: dict[str, tuple[int, float | None]] = field(default_factory=dict)


@dataclass
class History:
    map: str
    points: list[Point]
    shallow: bool
    title: str | None = None
    lang: str = "en"

    @property
    def valid_points(self) -> list[Point]:
        return [p for p in self.points if p.valid]


def history(map_path: str, *, since: str | None = None, max_count: int | None = None,
            parallel: bool = True) -> History:
    """The history of the map at `map_path` (as the user named it: relative to the current folder)."""
    from journeymap.source.revisions import repo_relative, repository_root

    root = repository_root()
    relative = repo_relative(map_path)
    with Blobs(root) as blobs, tempfile.TemporaryDirectory(prefix="journeymap-history-") as scratch:
        def dependencies(followed, names):
            found: set[str] = set()
            for sha, *_ in followed:
                if sha in names:
                    found |= _dependencies(blobs, sha, names[sha])
            return found

        commits = map_commits(root, relative, since, dependencies)
        if max_count is not None:
            commits = commits[-max_count:] if max_count > 0 else []
        points = _points(commits, blobs, Path(scratch), parallel)
    title = next((p.names.get("__title__") for p in reversed(points) if p.valid), None)
    lang = next((p.names.get("__lang__") for p in reversed(points) if p.valid), "en")
    for point in points:
        point.names.pop("__title__", None)
        point.names.pop("__lang__", None)
    return History(map_path, points, is_shallow(root), title, lang or "en")


MAX_SCAN_BYTES = 8 * 1024 * 1024   # a map over this is an input-limit error anyway: its files are not looked for


_TOP_KEY = re.compile(rb"^(include|data)[ \t]*:", re.MULTILINE)
_NEXT_TOP = re.compile(rb"^[^\s#-]", re.MULTILINE)


def references(content: bytes) -> tuple[list[str], list[str]]:
    """The files a YAML file names that are followed in turn (top-level `include` paths and touchpoints'
    `detail` maps: validating a map checks that its detail maps exist and form no cycle), and its
    `data[].file` paths. Only the lines of the two top-level keys are scanned when they can be found
    as such and no `detail` is written (a map's history reads every version, so this is the hot
    path); otherwise the whole file."""
    if not content.lstrip().startswith((b"{", b"[")) and b"detail" not in content:   # block style, as maps are
        parts = []
        for match in _TOP_KEY.finditer(content):
            end = _NEXT_TOP.search(content, match.end())
            parts.append(content[match.start():end.start() if end else len(content)])
        if not parts:
            return [], []
        found = _scan(b"\n".join(parts))
        if found is not None:
            return found
    return _scan(content) or ([], [])


def _scan(content: bytes) -> tuple[list[str], list[str]] | None:
    """The `include` and touchpoints' `detail` paths and the `data[].file` paths of a YAML file, from its event stream:
    no tree is built and aliases are not expanded, so a YAML bomb or deep nesting costs nothing here
    (validation refuses them afterwards, as always)."""
    import yaml

    includes: list[str] = []
    files: list[str] = []
    if len(content) > MAX_SCAN_BYTES:
        return includes, files
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[dict] = []        # one frame per open mapping or sequence: its path, key or index

    def here(frame) -> tuple:
        return (*frame["path"], frame["key"] if frame["map"] else frame["index"])

    def done_value(frame) -> None:
        if frame["map"]:
            frame["key"] = None
        else:
            frame["index"] += 1

    try:
        for event in yaml.parse(content, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                path = here(stack[-1]) if stack else ()
                stack.append({"map": isinstance(event, yaml.MappingStartEvent), "path": path[:4], "key": None,
                              "index": 0})
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                if stack:
                    done_value(stack[-1])
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)) and stack:
                frame = stack[-1]
                if frame["map"] and frame["key"] is None:
                    frame["key"] = event.value if isinstance(event, yaml.ScalarEvent) else "*"
                    continue
                path = here(frame)
                if isinstance(event, yaml.ScalarEvent):
                    if len(path) == 2 and path[0] == "include":
                        includes.append(event.value)
                    elif len(path) == 3 and path[0] == "touchpoints" and path[2] == "detail":
                        includes.append(event.value)
                    elif len(path) == 3 and path[0] == "data" and path[2] == "file":
                        files.append(event.value)
                done_value(frame)
    except yaml.YAMLError:
        return None
    return includes, files


def _dependencies(blobs: Blobs, sha: str, path: str, seen: set[str] | None = None) -> set[str]:
    """Repository-relative paths of the includes and detail maps (recursively) and data files a file names in a commit."""
    seen = seen if seen is not None else {path}
    found_blob = blobs.read(sha, path)
    if found_blob is None:
        return set()
    blob_id, content = found_blob
    if blob_id not in _REFERENCES:
        _REFERENCES[blob_id] = references(content)
    includes, files = _REFERENCES[blob_id]
    folder = posixpath.dirname(path)
    found: set[str] = set()
    for entry in includes:
        library = posixpath.normpath(posixpath.join(folder, entry))
        if library not in seen and not library.startswith("../"):
            seen.add(library)
            found |= {library} | _dependencies(blobs, sha, library, seen)
    for entry in files:
        file = posixpath.normpath(posixpath.join(folder, entry))
        if not file.startswith("../"):
            found.add(file)
    return found


_REFERENCES: dict[str, tuple[list[str], list[str]]] = {}     # blob id -> what that file refers to


def _tree_files(root_sha: str, path: str, blobs: Blobs) -> list[str]:
    """The files of a folder (a folder of Parquet files is one event log) in a commit."""
    try:
        listing = run_git("ls-tree", "-r", "-z", "--name-only", root_sha, "--", path + "/", cwd=blobs.root)
    except GitProblem:
        return []
    return [name for name in listing.decode("utf-8", "replace").split("\0") if name]


PARALLEL_FROM = 12     # distinct states from which the points are measured in worker processes


def _points(commits: list[Commit], blobs: Blobs, scratch: Path, parallel: bool = True) -> list[Point]:
    """Read every commit's files, measure each distinct state once (in parallel when there are many),
    then give each commit its point and the opportunity status changes since the previous valid one."""
    keys, tasks, first_of = [], [], {}
    for index, commit in enumerate(commits):
        files = _files(blobs, commit)
        folder = posixpath.dirname(commit.path)
        key = (files.get(commit.path, ("",))[0],   # the same bytes, even under another name, are the same point
               tuple(sorted((posixpath.relpath(path, folder or "."), blob_id)
                            for path, (blob_id, _) in files.items() if path != commit.path)))
        keys.append(key)
        if key not in first_of:
            first_of[key] = index
            target = scratch / str(index)
            for path, (_, content) in files.items():
                (target / path).parent.mkdir(parents=True, exist_ok=True)
                (target / path).write_bytes(content)
            tasks.append((commit, target))
    measured = dict(zip((first_of[k] for k in dict.fromkeys(keys)), _measure_all(tasks, parallel)))
    points: list[Point] = []
    for index, (commit, key) in enumerate(zip(commits, keys)):
        point = measured[index] if first_of[key] == index else _copy(measured[first_of[key]], commit)
        previous = next((p for p in reversed(points) if p.valid), None)
        if point.valid and previous is not None:
            point.status_changes = [
                {"opportunity": o, "title": point.opportunity_titles.get(o, o), "before": previous.opportunities.get(o),
                 "after": status}
                for o, status in point.opportunities.items() if previous.opportunities.get(o) != status]
        points.append(point)
    return points


def _measure_all(tasks: list[tuple[Commit, Path]], parallel: bool = True) -> list[Point]:
    workers = min(os.cpu_count() or 1, 4)
    if not parallel or len(tasks) < PARALLEL_FROM or workers < 2:
        return [_measure(*task) for task in tasks]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_measure_task, tasks, chunksize=max(1, len(tasks) // (workers * 8))))


def _measure_task(task: tuple[Commit, Path]) -> Point:
    return _measure(*task)


def _files(blobs: Blobs, commit: Commit) -> dict[str, tuple[str, bytes]]:
    """path -> (object id, content) of the map and everything it reads, in this commit."""
    files = {}
    main = blobs.read(commit.sha, commit.path)
    if main is not None:
        files[commit.path] = main
    for path in sorted(_dependencies(blobs, commit.sha, commit.path)):
        found = blobs.read(commit.sha, path)
        if found is not None:
            files[path] = found
            continue
        for inner in _tree_files(commit.sha, path, blobs):
            inside = blobs.read(commit.sha, inner)
            if inside is not None:
                files[inner] = inside
    return files


def _copy(point: Point, commit: Commit) -> Point:
    copy = Point(**{**point.__dict__, "status_changes": [], "reused": True})
    copy.commit, copy.date, copy.author, copy.subject, copy.path = (commit.sha, commit.date, commit.author,
                                                                    commit.subject, commit.path)
    return copy


def _measure(commit: Commit, folder: Path) -> Point:
    """Validate and analyse the commit's files, already written under `folder`."""
    from journeymap.analysis.run import analyze
    from journeymap.i18n.catalog import LANGUAGES
    from journeymap.render.hotspot_why import why
    from journeymap.rules.pipeline import validate_file

    display = f"{commit.sha[:7]}:{commit.path}"
    today = _date(commit.date)
    result = validate_file(folder / commit.path, display, today=today, root=folder)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    warnings = sum(1 for d in result.diagnostics if d.severity == "warning")
    point = Point(commit.sha, commit.date, commit.author, commit.subject, commit.path, valid=not errors,
                  errors=len(errors), warnings=warnings)
    if errors or result.journey is None:
        first = errors[0] if errors else None
        point.valid = False
        point.first_finding = (f"{commit.path}:{first.line}:{first.column}: {first.message} [{first.rule}]"
                               if first else "the map could not be read")
        shutil.rmtree(folder, ignore_errors=True)
        return point
    journey = result.journey
    analysis = analyze(journey)
    model = journey.model
    point.names = {t.id: t.name for t in reversed(model.touchpoints)}
    point.names.update({"__title__": model.title, "__lang__": model.lang})
    point.friction = {node: f.score for node, f in analysis.friction.items() if f.by_persona}
    point.hotspot_rank = {h.touchpoint: h.rank for h in analysis.hotspots}
    point.hotspot_why = {lang: {h.touchpoint: why(h, analysis, lang) for h in analysis.hotspots} for lang in LANGUAGES}
    point.kpis = [KpiPoint(k.touchpoint, k.name, k.value, k.target, k.meets_target, k.better, k.unit)
                  for node in analysis.kpis for k in analysis.kpis[node]]
    point.peak_end = {c.persona: c.peak_end for c in analysis.emotion_curves}
    point.personas = {p.id: p.name for p in model.personas}
    point.opportunities = {o.id: o.status for o in model.opportunities}
    point.opportunity_titles = {o.id: o.title for o in model.opportunities}
    point.addresses = {o.id: sorted({a.partition("#")[0] for a in o.addresses}) for o in model.opportunities}
    if analysis.value is not None:
        point.at_stake, point.currency = analysis.value.total_at_stake, analysis.value.currency
    if analysis.voice is not None:
        point.feedback = {node: (v.feedback["rows"], v.feedback["emotion"])
                          for node, v in analysis.voice.touchpoints.items() if v.feedback}
    shutil.rmtree(folder, ignore_errors=True)
    return point


def _date(iso: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(iso).date()
    except ValueError:
        return None


