"""Every id a map defines and every place that names one, read off the loaded document (its plain data and
the position of each value), so that the server never parses a map a second way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from journeymap.lsp.lines import Lines
from journeymap.source.document import Document

KINDS = ("personas", "phases", "channels", "owners", "touchpoints", "opportunities", "competitors")
PAINS = "pains"  # a pain's id is named 'touchpoint#pain' everywhere here
# A touchpoint's keys that name one id of another kind.
SINGLE = {"phase": "phases", "channel": "channels", "owner": "owners"}


@dataclass(frozen=True)
class Mention:
    """An id written in a file: its definition (the `id:` value) or a reference to it."""

    kind: str
    id: str              # a pain's as 'touchpoint#pain'
    file: str
    line: int            # 1-based YAML line and column of the id's first character
    column: int
    length: int          # characters of the id as written (the part a rename replaces)
    defines: bool = False
    path: tuple = ()     # where in the data: the item for a definition, the value for a reference

    def covers(self, file: str, line: int, column: int) -> bool:
        """Is this place on the id (or just after it, where the cursor stands after typing it)?"""
        return file == self.file and line == self.line and self.column <= column <= self.column + self.length


@dataclass
class Index:
    """The ids of one map with its libraries, and the document they were read from."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> the item's name

    def at(self, file: str, line: int, column: int) -> Mention | None:
        return next((m for m in self.mentions if m.covers(file, line, column)), None)

    def definition(self, kind: str, item_id: str) -> Mention | None:
        """The first definition (a duplicate is a finding of its own)."""
        return next((m for m in self.mentions if m.defines and m.kind == kind and m.id == item_id), None)

    def definitions(self, kind: str) -> dict[str, Mention]:
        """Each id of a kind with its first definition, in file order."""
        found: dict[str, Mention] = {}
        for mention in self.mentions:
            if mention.defines and mention.kind == kind:
                found.setdefault(mention.id, mention)
        return found

    def of(self, kind: str, item_id: str) -> list[Mention]:
        """The definitions of an id and every reference to it."""
        return [m for m in self.mentions if m.kind == kind and m.id == item_id]

    def name(self, kind: str, item_id: str) -> str:
        return self.names.get((kind, item_id), "")


def build(document: Document, text_of: Callable[[str], Lines | None]) -> Index:
    """The index of a loaded document; `text_of(file)` gives a file's text, to place ids inside quotes."""
    index = Index(document)
    collector = _Collector(index, text_of)
    data = document.data if isinstance(document.data, dict) else {}
    for kind in KINDS:
        for i, item in _items(data, kind):
            collector.define(kind, item.get("id"), (kind, i), item.get("name") or item.get("title"))
    for i, touchpoint in _items(data, "touchpoints"):
        _touchpoint(collector, ("touchpoints", i), touchpoint)
    for i, opportunity in _items(data, "opportunities"):
        collector.refer("owners", opportunity.get("owner"), ("opportunities", i, "owner"))
        for k, target in _listed(opportunity.get("addresses")):
            _address(collector, ("opportunities", i, "addresses", k), target)
    for i, source in _items(data, "data"):
        segments = source.get("segments")
        for value, persona in (segments.items() if isinstance(segments, dict) else ()):
            collector.refer("personas", persona, ("data", i, "segments", value))
    index.mentions.sort(key=lambda m: (m.file, m.line, m.column))
    return index


def _touchpoint(collector: "_Collector", base: tuple, touchpoint: dict) -> None:
    for key, kind in SINGLE.items():
        collector.refer(kind, touchpoint.get(key), base + (key,))
    for k, persona in _listed(touchpoint.get("personas")):
        collector.refer("personas", persona, base + ("personas", k))
    for key, kind in (("emotion", "personas"), ("expectation", "personas"), ("benchmark", "competitors")):
        named = touchpoint.get(key)
        for item_id in (named if isinstance(named, dict) else ()):
            collector.refer(kind, item_id, base + (key, item_id), key=True)
    for k, step in _listed(touchpoint.get("next")):
        if isinstance(step, dict):
            collector.refer("touchpoints", step.get("to"), base + ("next", k, "to"))
        else:
            collector.refer("touchpoints", step, base + ("next", k))
    touchpoint_id = touchpoint.get("id")
    for k, pain in _listed(touchpoint.get("pains")):
        if isinstance(pain, dict) and isinstance(touchpoint_id, str) and isinstance(pain.get("id"), str):
            collector.define(PAINS, pain["id"], base + ("pains", k), pain.get("text"), owner=touchpoint_id)


def _address(collector: "_Collector", path: tuple, target) -> None:
    """`touchpoint` or `touchpoint#pain`: the touchpoint, and the pain after the '#'."""
    if not isinstance(target, str):
        return
    touchpoint, hash_sign, pain = target.partition("#")
    collector.refer("touchpoints", touchpoint, path)
    if hash_sign and pain:
        collector.refer(PAINS, target, path, skip=len(touchpoint) + 1, length=len(pain))


class _Collector:
    def __init__(self, index: Index, text_of: Callable[[str], Lines | None]):
        self.index = index
        self.sourcemap = index.document.sourcemap
        self.text_of = text_of

    def define(self, kind: str, item_id, path: tuple, name, *, owner: str | None = None) -> None:
        if not isinstance(item_id, str) or not item_id:
            return
        written = item_id if owner is None else f"{owner}#{item_id}"
        self._add(kind, written, self.sourcemap.value(path + ("id",)), len(item_id), path, defines=True)
        if isinstance(name, str):
            self.index.names.setdefault((kind, written), name)

    def refer(self, kind: str, item_id, path: tuple, *, key: bool = False, skip: int = 0,
              length: int | None = None) -> None:
        if not isinstance(item_id, str) or not item_id:
            return
        if key:
            position = self.sourcemap.key(path)
        elif path in self.sourcemap.values:
            position = self.sourcemap.values[path]
        else:
            return  # a value the loader did not place (a default): nothing written to point at
        self._add(kind, item_id, position, len(item_id) if length is None else length, path, skip=skip)

    def _add(self, kind: str, item_id: str, position, length: int, path: tuple, *, defines: bool = False,
             skip: int = 0) -> None:
        column = position.column + skip
        lines = self.text_of(position.file)
        if lines is not None:  # a quoted id starts one character later
            offset = lines.offset(position.line, position.column)
            if lines.text[offset:offset + 1] in ("'", '"'):
                column += 1
        self.index.mentions.append(Mention(kind, item_id, position.file, position.line, column, length, defines,
                                           path))


def _items(data: dict, kind: str):
    """(index, item) of a top-level list's mappings."""
    return [(i, item) for i, item in _listed(data.get(kind)) if isinstance(item, dict)]


def _listed(value):
    return list(enumerate(value)) if isinstance(value, list) else []
