"""The outline of a map: its phases, each with the touchpoints written in it, as document symbols."""

from __future__ import annotations

from lsprotocol import types

from journeymap.lsp.documents import Carried, MapState
from journeymap.lsp.lines import Lines


def outline(state: MapState) -> list[types.DocumentSymbol]:
    """Phases (in the map's order) holding their touchpoints; a touchpoint of an unknown phase stands alone."""
    if state.index is None:
        return []
    carried, lines = Carried(state), state.lines
    extents = _extents(state, carried)
    data = state.index.document.data
    touchpoints: dict[str, list[types.DocumentSymbol]] = {}
    for i, item in _mappings(data.get("touchpoints")):
        symbol = _symbol(state, lines, extents, ("touchpoints", i), item, types.SymbolKind.Event)
        if symbol is not None:
            touchpoints.setdefault(item.get("phase") if isinstance(item.get("phase"), str) else "", []).append(symbol)
    found = []
    for i, phase in _mappings(data.get("phases")):
        children = touchpoints.pop(phase.get("id"), []) if isinstance(phase.get("id"), str) else []
        symbol = _symbol(state, lines, extents, ("phases", i), phase, types.SymbolKind.Namespace, children)
        if symbol is not None:
            found.append(symbol)
    return found + [symbol for group in touchpoints.values() for symbol in group]


def _symbol(state: MapState, lines: Lines, extents: dict, path: tuple, item: dict, kind: types.SymbolKind,
            children: list | None = None) -> types.DocumentSymbol | None:
    """An item's symbol: its own lines when written in this file, else the span of its children."""
    children = children or []
    item_id = item.get("id") if isinstance(item.get("id"), str) else ""
    own = extents.get(path)
    if own is None and not children:
        return None
    ranges = ([_range(lines, *own)] if own else []) + [child.range for child in children]
    whole = types.Range(min((r.start for r in ranges), key=_key), max((r.end for r in ranges), key=_key))
    selection = _range(lines, own[0], own[1], own[0]) if own else children[0].selection_range
    name = item.get("name") if isinstance(item.get("name"), str) and item.get("name").strip() else item_id
    return types.DocumentSymbol(name=name or "?", detail=item_id, kind=kind, range=whole,
                                selection_range=selection, children=children or None)


def _extents(state: MapState, carried: Carried) -> dict[tuple, tuple[int, int, int]]:
    """(first line, its column, last line) of each phase and touchpoint written in the map's own file."""
    sourcemap = state.index.document.sourcemap
    found: dict[tuple, list[int]] = {}
    for table in (sourcemap.values, sourcemap.keys):
        for path, position in table.items():
            if len(path) < 2 or path[0] not in ("phases", "touchpoints") or position.file != state.path:
                continue
            line = carried.editor_line(position.line)
            if line is None:
                continue
            known = found.setdefault(path[:2], [line, position.column, line])
            if (line, position.column) < (known[0], known[1]):
                known[0], known[1] = line, position.column
            known[2] = max(known[2], line)
    return {path: tuple(extent) for path, extent in found.items()}


def _range(lines: Lines, first: int, column: int, last: int) -> types.Range:
    start = lines.place(lines.offset(first, column))
    end = lines.place(lines.offset(last, 10**9))
    return types.Range(types.Position(*start), types.Position(*end))


def _key(position: types.Position) -> tuple[int, int]:
    return position.line, position.character


def _mappings(value) -> list[tuple[int, dict]]:
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []
