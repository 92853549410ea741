"""YAML text -> plain data plus the source position of every key and value.

PyYAML's own composer recurses per nesting level and expands aliases without bound, so we
build the node tree from the (iterative) C parser's event stream ourselves: that lets us stop
at the depth limit before recursing, refuse alias bombs after a bounded amount of expansion,
and keep the line and column of every key and value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from journeymap.findings import Position
from journeymap.source import hints
from journeymap.source.scalars import ALLOWED_TAGS, construct_scalar

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64
MAX_SCALAR_CHARS = 20_000  # longer text is no journey map content, and would stall diagram layout
MIN_EXPANSION_BUDGET = 100_000  # nodes after alias expansion; at least 4x the nodes written


class SourceError(Exception):
    """A problem that stops reading a file, with its rule and position."""

    def __init__(self, rule: str, position: Position, message: str):
        super().__init__(message)
        self.rule = rule
        self.position = position
        self.message = message


@dataclass
class SourceMap:
    """Where each key and value of the plain data came from, by path of keys and indexes."""

    file: str
    values: dict[tuple, Position] = field(default_factory=dict)
    keys: dict[tuple, Position] = field(default_factory=dict)
    plain_text: dict[tuple, str] = field(default_factory=dict)

    def value(self, path: tuple) -> Position:
        """Position of the value at path, or of the nearest enclosing value that exists."""
        path = tuple(path)
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Position(self.file))

    def key(self, path: tuple) -> Position:
        """Position of the key that holds path (falls back to the value)."""
        return self.keys.get(tuple(path)) or self.value(path)

    def graft(self, other: "SourceMap", source_prefix: tuple, target_prefix: tuple) -> None:
        """Copy other's positions under source_prefix into self under target_prefix."""
        n = len(source_prefix)
        for own, theirs in ((self.values, other.values), (self.keys, other.keys), (self.plain_text, other.plain_text)):
            for path, value in theirs.items():
                if path[:n] == source_prefix:
                    own[target_prefix + path[n:]] = value


# --- nodes built from events -------------------------------------------------------------

class _Node:
    __slots__ = ("line", "column", "anchor")


class _Scalar(_Node):
    __slots__ = ("text", "tag", "plain")


class _Sequence(_Node):
    __slots__ = ("items",)


class _Mapping(_Node):
    __slots__ = ("pairs", "pending_key", "flow")


def _make(cls, event, file: str):
    node = cls()
    node.line = event.start_mark.line + 1
    node.column = event.start_mark.column + 1
    node.anchor = getattr(event, "anchor", None)
    return node


def _position(node: _Node, file: str) -> Position:
    return Position(file, node.line, node.column)


def _mark_position(mark, file: str) -> Position:
    return Position(file, mark.line + 1, mark.column + 1)


class _Composer:
    """Builds a node tree from parser events, with depth and alias checks."""

    def __init__(self, file: str, max_depth: int):
        self.file = file
        self.max_depth = max_depth
        self.stack: list[_Node] = []
        self.anchors: dict[str, _Node] = {}
        self.open_anchors: set[str] = set()
        self.root: _Node | None = None
        self.documents = 0
        self.written = 0
        self.aliases = 0

    def feed(self, event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._attach(self._scalar(event), event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise SourceError("yaml-syntax", _mark_position(event.start_mark, self.file),
                                  "a map file holds exactly one YAML document; remove the second '---' document")
        elif kind is yaml.AliasEvent:
            self._attach(self._alias(event), event)
        elif kind in (yaml.SequenceStartEvent, yaml.MappingStartEvent):
            self._open(event, _Sequence if kind is yaml.SequenceStartEvent else _Mapping)
        elif kind in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
            node = self.stack.pop()
            if node.anchor:
                self.open_anchors.discard(node.anchor)
                self.anchors[node.anchor] = node
            self._attach(node, event)

    def _scalar(self, event) -> _Scalar:
        if len(event.value) > MAX_SCALAR_CHARS:
            raise SourceError("input-limit", _mark_position(event.start_mark, self.file),
                              f"a value of {len(event.value):,} characters is longer than the "
                              f"{MAX_SCALAR_CHARS:,} allowed")
        node = _make(_Scalar, event, self.file)
        node.text = event.value
        node.plain = bool(event.implicit[0])
        node.tag = None if event.tag in (None, "!") else event.tag
        self._check_tag(node.tag, event)
        if node.anchor:
            self.anchors[node.anchor] = node
        return node

    def _alias(self, event) -> _Node:
        self.aliases += 1
        name = event.anchor
        if name in self.open_anchors:
            raise SourceError("yaml-syntax", _mark_position(event.start_mark, self.file),
                              f"alias '*{name}' refers to the node that contains it (a recursive alias)")
        if name not in self.anchors:
            raise SourceError("yaml-syntax", _mark_position(event.start_mark, self.file),
                              f"alias '*{name}' has no anchor '&{name}' before it")
        return self.anchors[name]

    def _open(self, event, cls) -> None:
        if len(self.stack) >= self.max_depth:
            raise SourceError("input-limit", _mark_position(event.start_mark, self.file),
                              f"nesting is deeper than {self.max_depth} levels")
        self._check_tag(None if event.tag in (None, "!") else event.tag, event)
        node = _make(cls, event, self.file)
        if cls is _Sequence:
            node.items = []
        else:
            node.pairs = []
            node.pending_key = None
            node.flow = bool(event.flow_style)
        if node.anchor:
            self.open_anchors.add(node.anchor)
        self.stack.append(node)

    def _check_tag(self, tag: str | None, event) -> None:
        if tag is not None and tag not in ALLOWED_TAGS:
            raise SourceError("yaml-syntax", _mark_position(event.start_mark, self.file),
                              f"unsupported YAML tag '{tag}'; maps use plain YAML without custom tags")

    def _attach(self, node: _Node, event) -> None:
        self.written += 1
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, _Sequence):
            parent.items.append(node)
        elif parent.pending_key is None:
            parent.pending_key = node
        else:
            parent.pairs.append((parent.pending_key, node))
            parent.pending_key = None


# --- nodes -> plain data ---------------------------------------------------------------

class _Builder:
    """Turns the node tree into plain data, recording positions and bounding alias expansion."""

    def __init__(self, file: str, max_depth: int, lines: list[str]):
        self.sourcemap = SourceMap(file)
        self.file = file
        self.max_depth = max_depth
        self.lines = lines
        self.problems: list[tuple[Position, str, str]] = []  # (where, rule, message): reading goes on

    def build(self, node: _Node, path: tuple, depth: int, via: _Node | None = None) -> Any:
        if depth > self.max_depth:
            raise SourceError("input-limit", _position(via or node, self.file),
                              f"nesting (through aliases) is deeper than {self.max_depth} levels")
        if path not in self.sourcemap.values:
            self.sourcemap.values[path] = _position(node, self.file)
        if isinstance(node, _Scalar):
            return self._scalar(node, path)
        if isinstance(node, _Sequence):
            items = self._entries(node, path)
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(items)]
        return self._mapping(node, path, depth)

    def _scalar(self, node: _Scalar, path: tuple) -> Any:
        try:
            value = construct_scalar(node.text, node.tag, node.plain)
        except ValueError as exc:
            raise SourceError("schema", _position(node, self.file), str(exc)) from None
        if node.plain and not isinstance(value, str):
            self.sourcemap.plain_text[path] = node.text
        return value

    def _entries(self, node: _Sequence, path: tuple) -> list[_Node]:
        """The list's items, an item written as several entries without '- ' split into those entries
        (reported once), so that the rest of the map is checked as meant."""
        items, repeats = [], []
        for item in node.items:
            starts = _entry_starts(item)
            bounds = [0, *starts, len(item.pairs)] if starts else []
            items += [_part(item, begin, end) for begin, end in zip(bounds, bounds[1:])] or [item]
            repeats += [(item, item.pairs[i][0]) for i in starts]
        if repeats:
            first_item, first_key = repeats[0]
            container = path[-1] if path and isinstance(path[-1], str) else None
            example = hints.entry_example(self.lines, first_key.line, first_key.column)
            self.problems.append((_position(first_key, self.file), "duplicate-key", hints.missing_dash(
                container, [key.line for _, key in repeats], example, dash=(node.column, first_item.line))))
        return items

    def _mapping(self, node: _Mapping, path: tuple, depth: int) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, _Node] = {}
        merges = []
        # a top-level list written without any '- ': one finding instead of one per repeated key (the
        # schema then says the list is a mapping); deeper mappings of ids (emotion, kpis) may repeat keys
        starts = _entry_starts(node) if len(path) == 1 and hints.names_a_list(path[0]) else []
        if starts:
            first = node.pairs[starts[0]][0]
            example = hints.entry_example(self.lines, node.line, node.column)
            self.problems.append((_position(first, self.file), "duplicate-key", hints.missing_dash(
                path[-1], [node.line] + [node.pairs[i][0].line for i in starts], example)))
        for key_node, value_node in node.pairs:
            if not isinstance(key_node, _Scalar):
                self.problems.append((_position(key_node, self.file), "schema",
                                      "a key must be a plain name, not a list or mapping"))
                continue
            key = key_node.text
            if key == "<<" and key_node.plain:
                merges.append(value_node)
                continue
            if key in first_seen and starts:
                continue
            if key in first_seen:
                first = first_seen[key]
                self.problems.append((_position(key_node, self.file), "duplicate-key",
                                      f"duplicate key '{key}': first at line {first.line}, again at line {key_node.line}"))
                continue
            first_seen[key] = key_node
            self.sourcemap.keys[path + (key,)] = _position(key_node, self.file)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        for merge in merges:
            self._merge(merge, result, path, depth)
        return result

    def _merge(self, merge: _Node, result: dict, path: tuple, depth: int) -> None:
        """YAML merge keys ('<<: *defaults'): keys written out in the mapping win."""
        sources = merge.items if isinstance(merge, _Sequence) else [merge]
        for source in sources:
            if not isinstance(source, _Mapping):
                raise SourceError("schema", _position(source, self.file),
                                  "a merge key '<<' needs a mapping or a list of mappings")
            for key_node, value_node in source.pairs:
                key = key_node.text if isinstance(key_node, _Scalar) else None
                if key is None or key in result or key == "<<":
                    continue
                self.sourcemap.keys[path + (key,)] = _position(key_node, self.file)
                result[key] = self.build(value_node, path + (key,), depth + 1, via=merge)


def _entry_starts(node: _Node) -> list[int]:
    if not isinstance(node, _Mapping) or node.flow:
        return []
    return hints.entry_starts([key.text if isinstance(key, _Scalar) else None for key, _ in node.pairs])


def _part(mapping: _Mapping, begin: int, end: int) -> _Mapping:
    """Pairs begin..end of a mapping as a mapping of their own, placed at its first key."""
    part = _Mapping()
    part.pairs, part.pending_key, part.flow, part.anchor = mapping.pairs[begin:end], None, False, None
    part.line, part.column = mapping.pairs[begin][0].line, mapping.pairs[begin][0].column
    return part


class _ExpansionCheck:
    """Counts the nodes a tree will have once aliases are expanded, before expanding anything.

    Shared (aliased) nodes are measured once, so an alias bomb is refused in time linear in
    the size of the file rather than in the size of its expansion.
    """

    def __init__(self, file: str, written: int, max_depth: int):
        self.file = file
        self.limit = max(MIN_EXPANSION_BUDGET, 4 * written)
        self.max_depth = max_depth
        self.memo: dict[int, tuple[int, int]] = {}

    def measure(self, node: _Node) -> tuple[int, int]:
        """(expanded node count, expanded height) of node."""
        known = self.memo.get(id(node))
        if known is not None:
            return known
        children = (node.items if isinstance(node, _Sequence)
                    else [n for pair in node.pairs for n in pair] if isinstance(node, _Mapping) else [])
        size, height = 1, 0
        for child in children:
            child_size, child_height = self.measure(child)
            size += child_size
            height = max(height, child_height + 1)
            if size > self.limit:
                raise SourceError("input-limit", _position(node, self.file),
                                  f"aliases here expand to more than {self.limit:,} nodes (an alias bomb?); "
                                  "write the data out instead")
            if height > self.max_depth:
                raise SourceError("input-limit", _position(node, self.file),
                                  f"nesting (through aliases) is deeper than {self.max_depth} levels")
        self.memo[id(node)] = (size, height)
        return size, height


def parse(text: str, file: str, *, max_depth: int = MAX_DEPTH):
    """Parse one YAML document: returns (data, sourcemap, [(position, rule, message)] of problems
    that did not stop reading, such as duplicate keys)."""
    composer = _Composer(file, max_depth)
    loader = _Loader(text)
    try:
        feed, get_event = composer.feed, loader.get_event
        while True:
            event = get_event()
            if event is None or type(event) is yaml.StreamEndEvent:
                break
            feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = _mark_position(mark, file) if mark else Position(file)
        if "maximum nesting depth" in str(exc.problem):  # libyaml >= 0.2.5 scans ahead and stops at 1000 levels
            raise SourceError("input-limit", position, f"nesting is deeper than {max_depth} levels") from None
        raise _syntax_error(exc, text, file) from None
    except yaml.reader.ReaderError as exc:
        raise SourceError("yaml-syntax", _index_position(text, exc.position, file),
                          f"character {exc.character!r} is not allowed in YAML ({exc.reason})") from None
    except yaml.YAMLError as exc:
        raise SourceError("yaml-syntax", Position(file), str(exc).splitlines()[0]) from None
    finally:
        loader.dispose()
    builder = _Builder(file, max_depth, hints.split_lines(text))
    if composer.root is None:
        return None, builder.sourcemap, []
    if composer.aliases:
        _ExpansionCheck(file, composer.written, max_depth).measure(composer.root)
    data = builder.build(composer.root, (), 0)
    return data, builder.sourcemap, builder.problems


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> SourceError:
    """The parser's error, reworded in plain language where it is one of the common mistakes."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return SourceError("yaml-syntax", Position(file), exc.problem or "not valid YAML")
    place = (mark.line + 1, mark.column + 1)
    began = (exc.context_mark.line + 1, exc.context_mark.column + 1) if exc.context_mark else None
    line, column, message = hints.reworded(hints.split_lines(text), place, exc.context, began, exc.problem)
    return SourceError("yaml-syntax", Position(file, line, column), message)


def _index_position(text: str, index: int, file: str) -> Position:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Position(file, line, column)
