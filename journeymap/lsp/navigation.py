"""Go to definition, find references and rename, for every id: in the map, its libraries, and every map under
the workspace that includes the library an id is defined in."""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from journeymap.lsp.context import slot, word_at
from journeymap.lsp.documents import Carried, Maps, MapState
from journeymap.lsp.lines import EDITOR_BREAKS
from journeymap.lsp.references import KINDS, PAINS, Mention
from journeymap.model.format import SLUG_PATTERN

_SLUG = re.compile(SLUG_PATTERN)
_NAMED = {"opportunities": "opportunity", PAINS: "pain"}


class Refusal(JsonRpcException):
    """A request the server declines, with the reason the editor shows (LSP RequestFailed)."""

    CODE = types.LSPErrorCodes.RequestFailed


def singular(kind: str) -> str:
    return _NAMED.get(kind, kind[:-1])


def mention_at(maps: Maps, state: MapState, path: str, line: int, character: int) -> Mention | None:
    """The id under a protocol place of a file: from the index (its lines carried over while the map's YAML
    is half-typed), else read off the line as typed."""
    lines = state.lines if path == state.path else maps.texts.lines(path)
    if lines is None or state.index is None:
        return None
    offset = lines.offset_at(line, character)
    yaml_line, column = lines.yaml_position(offset)
    if path == state.path:
        found = Carried(state).mention_at(yaml_line, column)
    else:
        found = state.index.at(path, yaml_line, column)
    return found or _typed(lines, path, offset)


def _typed(lines, path: str, offset: int) -> Mention | None:
    """The id on the line being typed, by the key it stands under."""
    place = lines.place(offset)
    rows = EDITOR_BREAKS.split(lines.text[:offset])
    column = len(rows[-1])
    start, word = word_at(lines.editor_line(place.line), column)
    found = slot(rows[:-1] + [lines.editor_line(place.line)[:start]], len(rows) - 1, start)
    if not word or found is None or found.expects not in KINDS + (PAINS,):
        return None
    yaml_line, yaml_column = lines.yaml_position(offset - (column - start))
    touchpoint, hash_sign, pain = word.partition("#")
    if found.expects == "touchpoints" and hash_sign:  # `touchpoint#pain` of addresses: the part under the cursor
        if column - start > len(touchpoint):
            return Mention(PAINS, word, path, yaml_line, yaml_column + len(touchpoint) + 1, len(pain))
        return Mention("touchpoints", touchpoint, path, yaml_line, yaml_column, len(touchpoint))
    return Mention(found.expects, word, path, yaml_line, yaml_column, len(word))


def location(maps: Maps, state: MapState, mention: Mention, carried: Carried | None = None) -> types.Location | None:
    """Where a mention is in the editor's text now (None: its line was changed since the map last loaded)."""
    if mention.file == state.path:
        line, lines = (carried or Carried(state)).to_editor(mention), state.lines
    else:
        line, lines = mention.line, maps.texts.lines(mention.file)
    if line is None or lines is None:
        return None
    start, end = lines.offset(line, mention.column), lines.offset(line, mention.column + mention.length)
    return types.Location(uri=maps.texts.uri(mention.file),
                          range=types.Range(_position(lines, start), _position(lines, end)))


def definition(maps: Maps, state: MapState, target: Mention) -> types.Location | None:
    found = state.index.definition(target.kind, target.id)
    return location(maps, state, found) if found is not None else None


def references(maps: Maps, state: MapState, target: Mention, declaration: bool) -> list[types.Location]:
    found = []
    for holder in holders(maps, state, target):
        carried = Carried(holder)
        found += [location(maps, holder, m, carried) for m in holder.index.of(target.kind, target.id)
                  if declaration or not m.defines]
    return _unique([place for place in found if place is not None])


def holders(maps: Maps, state: MapState, target: Mention) -> list[MapState]:
    """The maps an id's mentions are in: this one, and where the id is defined in a library, every map
    that includes the library."""
    found = [state]
    defined = state.index.definition(target.kind, target.id)
    if defined is not None and defined.file != state.path:
        for path in maps.including(defined.file):
            holder = maps.states.get(path)
            if holder is not None and holder.index is not None and holder not in found:
                found.append(holder)
    return found


def rename(maps: Maps, state: MapState, target: Mention, new_name: str) -> types.WorkspaceEdit:
    """Every mention of an id, in every map that can see it, renamed; refused onto an id that exists."""
    owner, _, _ = target.id.rpartition("#")
    if target.kind == PAINS and new_name.startswith(f"{owner}#"):
        new_name = new_name[len(owner) + 1:]
    if not _SLUG.match(new_name):
        raise Refusal(f"'{new_name}' cannot be an id: lower-case letters, digits, '-' and '_', "
                      "starting with a letter or digit")
    new_id = f"{owner}#{new_name}" if target.kind == PAINS else new_name
    changes: dict[str, list[types.TextEdit]] = {}
    for holder in holders(maps, state, target):
        _check(holder, target, new_id)
        carried = Carried(holder)
        for mention in holder.index.of(target.kind, target.id):
            place = location(maps, holder, mention, carried)
            edits = changes.setdefault(place.uri, [])
            if all(edit.range != place.range for edit in edits):
                edits.append(types.TextEdit(range=place.range, new_text=new_name))
    return types.WorkspaceEdit(changes=changes)


def rename_range(maps: Maps, state: MapState, target: Mention) -> types.PrepareRenamePlaceholder:
    """What a rename would replace here (the pain's own id of a `touchpoint#pain`)."""
    place = location(maps, state, target)
    if place is None:
        raise Refusal("the line has changed since the map last loaded: fix its YAML first")
    return types.PrepareRenamePlaceholder(range=place.range, placeholder=target.id.rpartition("#")[2])


def _check(holder: MapState, target: Mention, new_id: str) -> None:
    if not holder.fresh:
        raise Refusal(f"{holder.path} does not load (see its YAML error): fix it before renaming")
    existing = holder.index.definition(target.kind, new_id)
    if existing is not None and new_id != target.id:
        raise Refusal(f"there is already a {singular(target.kind)} '{new_id}' ({existing.file}:{existing.line}): "
                      f"renaming '{target.id}' onto it would merge the two")


def _position(lines, offset: int) -> types.Position:
    place = lines.place(offset)
    return types.Position(place.line, place.character)


def _unique(locations: list[types.Location]) -> list[types.Location]:
    seen, kept = set(), []
    for place in locations:
        key = (place.uri, place.range.start.line, place.range.start.character)
        if key not in seen:
            seen.add(key)
            kept.append(place)
    return kept
