"""The maps a server shows: found under one folder, each checked and rendered when its files change.

Only files under the served folder are read: a map's includes and data files are checked with that
folder as the project root (project.py), and a map reached through a symlink that leaves the
folder is not served. URLs name a map by its path relative to the folder, and only paths in
`Site.maps` are ever looked up: nothing in a request becomes a file path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.source.regular import read_regular
from journeymap.source.discover import MAP_SUFFIXES

SVG_KEPT = 16


def version_of(raw: bytes) -> str:
    """What a page was rendered from: the map file's bytes (an edit names it; a different one is a conflict)."""
    return hashlib.sha256(raw).hexdigest()[:20]


_revisions = itertools.count(1)


@dataclass
class Rendered:
    """One map as the server last saw it. version: of the map file's bytes (edits name it);
    revision: a new number each time the map is rendered (pages reload when it moves)."""

    version: str
    title: str
    errors: int
    warnings: int
    findings: list[dict]                    # file, line, column, severity, message, rule
    journey: object = None                  # the validated journey (None with errors)
    analysis: object = None
    diagnostics: list = field(default_factory=list)
    svg: bytes | None = None
    dependencies: frozenset[Path] = frozenset()
    revision: int = field(default_factory=lambda: next(_revisions))
    pages: dict[str, str] = field(default_factory=dict)   # view -> the page's HTML, made once
    text: str | None = None                 # the map file's text (a conflict shows the change since a page's)


@dataclass
class ServedMap:
    path: Path            # resolved, under the root
    key: str              # posix path relative to the root: the URL's name for it
    rendered: Rendered | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class Site:
    def __init__(self, target: Path, *, today: dt.date | None = None):
        target = Path(target)
        self.single = target.is_file()
        self.root = (target.parent if self.single else target).resolve()
        self.target = target.resolve()
        self.today = today
        self.maps: dict[str, ServedMap] = {}
        self.unnamed: list[str] = []  # maps not served: their file names are not UTF-8 (shown with \x escapes)
        self._svgs: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.on_render = None  # called with (key, Rendered) whenever a map is rendered anew, from any thread
        self.discover()

    # --- which maps -------------------------------------------------------------------------
    def discover(self) -> list[str]:
        """Find the maps again (a map added or removed while serving); returns the keys that are new."""
        found = [self.target] if self.single else sorted(
            p for p in self.root.rglob("*") if p.name.endswith(MAP_SUFFIXES) and not _hidden(p, self.root))
        keys, unnamed = {}, []
        for path in found:
            real = path.resolve()
            if not real.is_file() or not real.is_relative_to(self.root):
                continue  # a symlink out of the served folder
            key = path.relative_to(self.root).as_posix()
            if not _is_text(key):  # bytes that are not UTF-8 (an old zip's 'caf\xe9'): no URL or page can name it
                unnamed.append(os.fsencode(key).decode("utf-8", "backslashreplace"))
                continue
            keys[key] = real
        self.unnamed = unnamed
        with self._lock:
            new = [k for k in keys if k not in self.maps]
            for key in list(self.maps):
                if key not in keys:
                    del self.maps[key]
            for key in new:
                self.maps[key] = ServedMap(keys[key], key)
        return new

    def get(self, key: str) -> ServedMap | None:
        return self.maps.get(key)

    def affected(self, changed: set[Path]) -> list[str]:
        """The maps whose own file or whose includes and data files are among `changed` (resolved paths)."""
        result = []
        for key, served in list(self.maps.items()):
            rendered = served.rendered
            if rendered is None:
                continue  # never shown: rendered when a page asks for it
            if served.path in changed or (rendered.dependencies & changed):
                result.append(key)
        return result

    # --- checking and rendering ---------------------------------------------------------------
    def render(self, key: str, *, force: bool = False) -> Rendered:
        """The map as it is on disk now (checked again only when its bytes or its files changed)."""
        served = self.maps[key]
        with served.lock:
            raw = read_regular(served.path)  # a map swapped for a FIFO since it was found: refused, not waited on
            version = version_of(raw)
            if not force and served.rendered is not None and served.rendered.version == version:
                return served.rendered
            served.rendered = self._render(served, raw, version)
            served.rendered.text = raw.decode("utf-8", "replace")
            rendered = served.rendered
        if self.on_render is not None:  # every page learns of it, whoever asked first (a page, an edit, the watcher)
            self.on_render(key, rendered)
        return rendered

    def check(self, served: ServedMap, content: bytes):
        """Validate `content` as the map's new text (an edit before it is written)."""
        from journeymap.rules.pipeline import validate_file
        return validate_file(served.path, served.key, today=self.today, root=self.root, content=content)

    def _render(self, served: ServedMap, raw: bytes, version: str) -> Rendered:
        from journeymap.analysis.run import analyze
        from journeymap.build.batch import dependencies

        result = self.check(served, raw)
        findings = [finding(d) for d in result.diagnostics]
        errors = sum(1 for d in result.diagnostics if d.severity == "error")
        warnings = len(result.diagnostics) - errors
        if result.journey is None or errors:
            title = _title(raw) or served.key
            return Rendered(version, title, errors, warnings, findings, diagnostics=result.diagnostics,
                            dependencies=frozenset({served.path}))
        journey = result.journey
        analysis = analyze(journey)
        return Rendered(version, journey.model.title, errors, warnings, findings, journey, analysis,
                        result.diagnostics, self._svg(journey, analysis),
                        frozenset(Path(p) for p in dependencies(journey)))

    def _svg(self, journey, analysis) -> bytes | None:
        """The diagram, laid out again only when its DOT text changed (Graphviz is the slow part)."""
        from journeymap.build.batch import LARGE_MAP
        from journeymap.render.formats import missing_tool, verify_format
        from journeymap.render.graphviz_run import LayoutFailed
        from journeymap.render.options import DiagramOptions
        from journeymap.render.render_input import RenderInput

        svg_format = verify_format("svg")
        if missing_tool(svg_format) is not None:
            return None
        options = DiagramOptions(large=len(journey.model.touchpoints) > LARGE_MAP)
        source = RenderInput(journey, analysis, diagram=options, timeout=60)
        key = hashlib.sha256(source.dot_source.encode("utf-8")).hexdigest()
        with self._lock:
            if key in self._svgs:
                self._svgs.move_to_end(key)
                return self._svgs[key]
        try:
            svg = svg_format.render(source)
        except LayoutFailed:
            return None
        with self._lock:
            self._svgs[key] = svg
            while len(self._svgs) > SVG_KEPT:
                self._svgs.popitem(last=False)
        return svg


def finding(diagnostic) -> dict:
    return {"file": diagnostic.file, "line": diagnostic.line, "column": diagnostic.column,
            "severity": diagnostic.severity, "message": diagnostic.message, "rule": diagnostic.rule}


def _is_text(name: str) -> bool:
    """A file name Python decoded from valid UTF-8 (undecodable bytes become lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts[:-1])


def _title(raw: bytes) -> str | None:
    for line in raw.decode("utf-8", "replace").splitlines():
        if line.startswith("title:"):
            return line[6:].strip().strip("\"'") or None
    return None
