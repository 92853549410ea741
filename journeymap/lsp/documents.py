"""The maps the server knows: each buffer's text, the last check of every map, and the last model that loaded.

A map is checked by the validate pipeline with the editor's text in place of the file's, and with the
unsaved text of every open library in place of that library's file. Its ids are indexed from the
document the check loaded; while the YAML is half-typed (it does not load), the last index stays and
its lines are carried over to the text in the editor, so completion and navigation keep working.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from journeymap.lsp.lines import YAML_BREAKS, Lines
from journeymap.lsp.references import Index, Mention, build
from journeymap.rules.pipeline import Validation, validate_file
from journeymap.source.discover import MAP_SUFFIXES
from journeymap.source.loader import DEFAULT_MAX_BYTES

MAX_WORKSPACE_MAPS = 500
RESCAN_SECONDS = 5.0
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv"})


def is_map(path: str) -> bool:
    return path.endswith(MAP_SUFFIXES)


def encoded(text: str) -> bytes:
    """The bytes a buffer would be saved as; a lone surrogate becomes bytes the loader reports as not UTF-8."""
    return text.encode("utf-8", "surrogatepass")


class Texts:
    """The text of each file: the editor's buffer where one is open, else the file on disk."""

    def __init__(self):
        self.open: dict[str, str] = {}
        self.uris: dict[str, str] = {}  # the client's name of each file it opened (kept as it spelt it)
        self._resolved: dict[str, Path] = {}
        self._disk: dict[str, tuple[float, Lines]] = {}
        self._buffers: dict[str, Lines] = {}

    def put(self, path: str, text: str, uri: str | None = None) -> None:
        self.open[path] = text
        self._resolved.setdefault(path, Path(path).resolve())
        if uri is not None:
            self.uris[path] = uri

    def uri(self, path: str) -> str:
        return self.uris.get(path) or Path(path).as_uri()

    def drop(self, path: str) -> None:
        self.open.pop(path, None)
        self._buffers.pop(path, None)

    def lines(self, path: str) -> Lines | None:
        """The file's text with its line starts (None for a file that cannot be read)."""
        if path in self.open:
            known = self._buffers.get(path)
            if known is None or known.text is not self.open[path]:
                known = self._buffers[path] = Lines(self.open[path])
            return known
        return self._from_disk(path)

    def buffers(self, but: str) -> dict[Path, bytes]:
        """Every open buffer but one, by resolved path: what the includes of a map read."""
        return {self._resolved[path]: encoded(text) for path, text in list(self.open.items()) if path != but}

    def _from_disk(self, path: str) -> Lines | None:
        try:
            stamp = os.stat(path).st_mtime
            if os.path.getsize(path) > DEFAULT_MAX_BYTES:
                return None
            known = self._disk.get(path)
            if known is None or known[0] != stamp:
                with open(path, encoding="utf-8", errors="replace", newline="") as file:
                    known = self._disk[path] = (stamp, Lines(file.read()))
            return known[1]
        except OSError:
            return None


@dataclass
class MapState:
    """One map as last checked."""

    path: str                         # absolute: the name its findings carry
    lines: Lines                      # the text checked
    validation: Validation
    index: Index | None = None        # from the last text that loaded
    indexed_text: str = ""            # the map's text that index was read from
    sound: Validation | None = None   # the last check without errors (hover's figures)
    analysis: object = None           # the Analysis of `sound`, made on the first hover
    converted: dict | None = None     # file -> its findings as protocol diagnostics, made once
    stamp: float | None = None        # a closed map: its file's time when checked

    @property
    def text(self) -> str:
        return self.lines.text

    @property
    def fresh(self) -> bool:
        """The index was read from the text checked last (not kept from an earlier one)."""
        return self.index is not None and (self.indexed_text is self.text or self.indexed_text == self.text)

    @property
    def files(self) -> set[Path]:
        """The map's own file and every file it includes, resolved."""
        document = self.validation.document
        return set(document.files) if document is not None else set()


class Maps:
    """Every map checked so far: the open ones and those under the workspace folders."""

    def __init__(self, texts: Texts, *, today: dt.date | None = None, allow_outside: bool = False):
        self.texts = texts
        self.today = today
        self.allow_outside = allow_outside
        self.roots: list[Path] = []
        self.states: dict[str, MapState] = {}
        self._scanned: tuple[float, list[str]] | None = None

    def check(self, path: str) -> MapState | None:
        """Check a map (the open buffer's text, else the file's) and keep its state; None for a map file
        that is gone."""
        text, stamp = self.texts.open.get(path), None
        if text is None:
            stamp = _stamp(path)
            lines = self.texts.lines(path)
            if stamp is None or lines is None:
                self.forget(path)
                return None
            text = lines.text
        validation = validate_file(Path(path), path, content=None if stamp is not None else encoded(text),
                                   today=self.today, allow_outside=self.allow_outside,
                                   buffers=self.texts.buffers(path))
        before = self.states.get(path)
        state = MapState(path, Lines(text), validation, stamp=stamp)
        if validation.document is not None and validation.document.sourcemap is not None:
            state.index, state.indexed_text = build(validation.document, self._lines_for(state)), text
        elif before is not None:
            state.index, state.indexed_text = before.index, before.indexed_text
        if not validation.has_errors:
            state.sound = validation
        elif before is not None:
            state.sound, state.analysis = before.sound, before.analysis
        self.states[path] = state
        return state

    def forget(self, path: str) -> None:
        self.states.pop(path, None)

    def holder(self, path: str) -> MapState | None:
        """The map whose index answers for a file: the map itself, else a map checked so far that includes
        the file (an open one first). Checks nothing: what a library's check found."""
        if is_map(path):
            return self.states.get(path)
        real = Path(path).resolve()
        holders = [state for state in list(self.states.values())
                   if state.index is not None and state.path != path and real in state.files]
        holders.sort(key=lambda state: (state.path not in self.texts.open, state.path))
        return holders[0] if holders else None

    def including(self, library: str) -> list[str]:
        """The maps, open or under the workspace folders, that include a file. A map on disk is checked when
        it changed since its last check, or, not checked yet, when its text names the file or a file known
        to include it (an include names a file by its path, so a YAML file no map names costs no check)."""
        real = Path(library).resolve()
        names = {real.name} | {file.name for state in list(self.states.values()) if real in state.files
                               for file in state.files}
        for path in self.workspace_maps():
            state = self.states.get(path)
            if path in self.texts.open or (state is not None and state.stamp == _stamp(path)):
                continue
            lines = self.texts.lines(path) if state is None else None
            if state is not None or (lines is not None and any(name in lines.text for name in names)):
                self.check(path)
        return sorted(path for path, state in list(self.states.items()) if path != library and real in state.files)

    def workspace_maps(self) -> list[str]:
        """The maps under the workspace folders (hidden and package folders skipped), at most MAX_WORKSPACE_MAPS;
        looked for again after RESCAN_SECONDS (every YAML file typed in asks, and a big tree takes a while)."""
        now = time.monotonic()
        if self._scanned is None or now - self._scanned[0] > RESCAN_SECONDS:
            self._scanned = (now, self._scan())
        return self._scanned[1]

    def _scan(self) -> list[str]:
        found: list[str] = []
        for root in self.roots:
            for folder, subfolders, files in os.walk(root):
                subfolders[:] = sorted(name for name in subfolders
                                       if not name.startswith(".") and name not in SKIPPED_FOLDERS)
                found += [os.path.join(folder, name) for name in sorted(files) if is_map(name)]
                if len(found) >= MAX_WORKSPACE_MAPS:
                    return found[:MAX_WORKSPACE_MAPS]
        return found

    def lines_of(self, state: MapState, file: str) -> Lines | None:
        """The text a map's finding or mention in `file` refers to: the map's checked text, or the file's."""
        return state.lines if file == state.path else self.texts.lines(file)

    def _lines_for(self, state: MapState):
        return lambda file: self.lines_of(state, file)


class Carried:
    """Places of a map's index carried over to the text in the editor: the lines before the first changed
    line and after the last one moved by the lines typed or removed in between (an edit is typed in one
    place; its own lines have no counterpart until the map loads again)."""

    def __init__(self, state: MapState):
        self.state = state
        self.usable = state.index is not None
        self.head = self.tail = self.moved = self.old_count = 0
        if state.index is not None and not state.fresh:
            old, new = YAML_BREAKS.split(state.indexed_text), YAML_BREAKS.split(state.text)
            limit = min(len(old), len(new))
            while self.head < limit and old[self.head] == new[self.head]:
                self.head += 1
            while self.tail < limit - self.head and old[-1 - self.tail] == new[-1 - self.tail]:
                self.tail += 1
            self.old_count, self.moved = len(old), len(new) - len(old)

    def to_index(self, line: int) -> int | None:
        """The index's line for a line of the editor's text (None: a line written since)."""
        return self._moved(line, self.old_count + self.moved, -self.moved)

    def to_editor(self, mention: Mention) -> int | None:
        """The editor's line of a mention (None: the line is gone or changed)."""
        if mention.file != self.state.path:
            return mention.line
        return self.editor_line(mention.line)

    def editor_line(self, line: int) -> int | None:
        """The editor's line for a line of the map's text the index was read from."""
        return self._moved(line, self.old_count, self.moved)

    def mention_at(self, line: int, column: int) -> Mention | None:
        """The mention under an editor place (1-based YAML line and column of the editor's text)."""
        if not self.usable:
            return None
        old = self.to_index(line)
        return None if old is None else self.state.index.at(self.state.path, old, column)

    def _moved(self, line: int, count: int, shift: int) -> int | None:
        """A line (1-based) of the side with `count` lines on the other: the same above the change, shifted
        below it."""
        if self.state.fresh:
            return line
        if line <= self.head:
            return line
        if line > count - self.tail:
            return line + shift
        return None


def _stamp(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None
