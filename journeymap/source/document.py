"""A map file and its `include`d libraries, merged into one plain document with positions kept.

Included files come first (in include order, depth first), then the map's own items; every
merged item keeps the file and line it was written in. A library included twice (through two
paths) is merged once; a cycle is an `include-error`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from journeymap.findings import ERROR, Diagnostic, Position
from journeymap.source.loader import DEFAULT_MAX_BYTES, SourceFile, probe, read_source
from journeymap.source.positions import SourceMap
from journeymap.source.project import Project
from journeymap.source.regular import special_kind

LIBRARY_KEYS = ("personas", "phases", "channels", "owners")
LIBRARY_FILE_KEYS = frozenset(LIBRARY_KEYS) | {"journeymap", "title", "include"}
_UNREADABLE = frozenset({"yaml-syntax", "encoding", "input-limit"})


@dataclass
class Document:
    """The merged plain data of a map, where each part came from, and the findings so far."""

    path: str
    real_path: Path
    project: Project = Project(None)
    data: Any = None
    sourcemap: SourceMap | None = None
    origins: dict[tuple[str, int], str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def origin(self, key: str, index: int) -> str:
        """The file an item of personas/phases/channels/owners was written in."""
        return self.origins.get((key, index), self.path)

    def is_included(self, key: str, index: int) -> bool:
        return self.origin(key, index) != self.path

    @property
    def library_lost(self) -> bool:
        """An include failed or an included file could not be read: what it defines is unknown."""
        return any(d.rule == "include-error" or (d.rule in _UNREADABLE and d.file != self.path)
                   for d in self.diagnostics)


def load_document(path: Path, display: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  project: Project | None = None, content: bytes | None = None,
                  buffers: Mapping[Path, bytes] | None = None) -> Document:
    """Read a map and its includes (only from inside its project); all problems become diagnostics.

    `content` stands for the map's bytes, `buffers` (by resolved path) for its includes' bytes: the
    unsaved text of an editor.
    """
    display = display or str(path)
    project = project or Project.of(path)
    document = Document(display, path.resolve(), project, files=[path.resolve()])
    main = read_source(path, display, max_bytes=max_bytes, content=content)
    document.diagnostics.extend(main.diagnostics)
    if main.sourcemap is None:
        return document
    document.data, document.sourcemap = main.data, main.sourcemap
    if isinstance(main.data, dict) and isinstance(main.data.get("include"), list):
        resolver = _IncludeResolver(document, max_bytes, buffers or {})
        libraries = resolver.libraries(main, [document.real_path])
        _merge(document, main, libraries)
    return document


class _IncludeResolver:
    def __init__(self, document: Document, max_bytes: int, buffers: Mapping[Path, bytes]):
        self.document = document
        self.max_bytes = max_bytes
        self.buffers = buffers
        self.seen: set[Path] = {document.real_path}
        self.real_paths: dict[str, Path] = {document.path: document.real_path}

    def libraries(self, source: SourceFile, chain: list[Path]) -> list[SourceFile]:
        """The libraries a file includes, depth first, each once."""
        found: list[SourceFile] = []
        entries = source.data.get("include") or []
        if not isinstance(entries, list):
            self._schema(source, ("include",), "'include' must be a list of paths")
            return found
        for index, entry in enumerate(entries):
            if not isinstance(entry, str):
                if source.path != self.document.path:  # the map's own entries meet the schema check
                    self._schema(source, ("include", index), "an 'include' entry must be a path (text)")
                continue
            library = self._load(source, chain, index, entry)
            if library is not None:
                found.extend(self.libraries(library, chain + [self.real_paths[library.path]]))
                found.append(library)
        return found

    def _load(self, source: SourceFile, chain: list[Path], index: int, entry: str) -> SourceFile | None:
        at = source.sourcemap.value(("include", index))
        base_dir = self.real_paths[source.path].parent
        candidate = base_dir / entry
        if probe(candidate) == "invalid":
            return self._fail(at, f"cannot include {entry!r}: not a valid file name")
        refusal = self.document.project.refusal(entry, base_dir)
        if refusal:
            return self._fail(at, f"cannot include '{entry}': {refusal}")
        real = candidate.resolve()
        display = os.path.normpath(os.path.join(os.path.dirname(source.path), entry))
        if real in chain:
            cycle = " -> ".join([str(p.name) for p in chain[chain.index(real):]] + [real.name])
            return self._fail(at, f"include cycle: {cycle}")
        if real in self.seen:
            return None
        state = probe(real)
        if state == "missing":
            return self._fail(at, f"cannot include '{entry}': no such file ({display})")
        if state == "folder":
            return self._fail(at, f"cannot include '{entry}': it is a folder, not a YAML file")
        if state == "special":
            return self._fail(at, f"cannot include '{entry}': it is {special_kind(real)}, not a regular file")
        self.seen.add(real)
        self.real_paths[display] = real
        self.document.files.append(real)
        library = read_source(real, display, max_bytes=self.max_bytes, content=self.buffers.get(real))
        return self._check(library, at, entry)

    def _check(self, library: SourceFile, at: Position, entry: str) -> SourceFile | None:
        encoding = [d for d in library.diagnostics if d.rule == "encoding"]
        if encoding:
            return self._fail(at, f"cannot include '{entry}': it is not a UTF-8 text file "
                                  f"(bad byte at line {encoding[0].line}, column {encoding[0].column})")
        self.document.diagnostics.extend(library.diagnostics)
        if library.sourcemap is None:
            return None
        if not isinstance(library.data, dict):
            what = "empty" if library.data is None else "not a mapping of personas/phases/channels/owners"
            return self._fail(at, f"cannot include '{entry}': the file is {what}")
        for key in library.data:
            if key not in LIBRARY_FILE_KEYS:
                self.document.diagnostics.append(Diagnostic.at(
                    library.sourcemap.key((key,)), ERROR, "schema",
                    f"an included file holds only personas, phases, channels and owners; "
                    f"'{key}' belongs in the map itself"))
        if library.data.get("journeymap", 1) != 1:
            self.document.diagnostics.append(Diagnostic.at(
                library.sourcemap.value(("journeymap",)), ERROR, "schema",
                f"unsupported format version {library.data['journeymap']!r}; journeymap reads version 1"))
        return library

    def _schema(self, source: SourceFile, path: tuple, message: str) -> None:
        self.document.diagnostics.append(Diagnostic.at(source.sourcemap.value(path), ERROR, "schema", message))

    def _fail(self, at: Position, message: str) -> None:
        self.document.diagnostics.append(Diagnostic.at(at, ERROR, "include-error", message))
        return None


def _merge(document: Document, main: SourceFile, libraries: list[SourceFile]) -> None:
    """Libraries' items first, then the map's own, with positions re-indexed."""
    merged_map = SourceMap(main.sourcemap.file)
    merged_map.graft(main.sourcemap, (), ())
    data = dict(main.data)
    for key in LIBRARY_KEYS:
        borrowed = [(library, index) for library in libraries for index in range(len(_items(document, library, key)))]
        own = main.data.get(key, [])
        if not borrowed or not isinstance(own, list):
            continue  # nothing to merge, or a non-list value that the schema check reports
        for table in (merged_map.values, merged_map.keys, merged_map.plain_text):
            for path in [p for p in table if p[:1] == (key,) and len(p) > 1]:
                del table[path]
        items = []
        for target, (library, index) in enumerate(borrowed):
            merged_map.graft(library.sourcemap, (key, index), (key, target))
            document.origins[(key, target)] = library.path
            items.append(library.data[key][index])
        for index in range(len(own)):
            merged_map.graft(main.sourcemap, (key, index), (key, len(items) + index))
        data[key] = items + own
    document.data = data
    document.sourcemap = merged_map


def _items(document: Document, library: SourceFile, key: str) -> list:
    """A library's list under key ([] if absent; reported if it is not a list)."""
    values = library.data.get(key)
    if values is None:
        return []
    if not isinstance(values, list):
        document.diagnostics.append(Diagnostic.at(library.sourcemap.value((key,)), ERROR, "schema",
                                                  f"'{key}' must be a list"))
        return []
    return values
