"""Code actions: the "did you mean" fix of an unknown id, the same suggestion validate words (suggest.py)."""

from __future__ import annotations

from lsprotocol import types

from journeymap.lsp.documents import Maps, MapState
from journeymap.lsp.navigation import location, mention_at
from journeymap.lsp.references import PAINS, Mention
from journeymap.suggest import closest

RULE = "unknown-reference"


def fixes(maps: Maps, state: MapState, path: str, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    """A quick fix for each unknown id among the diagnostics that has a close known id."""
    actions = []
    for diagnostic in diagnostics:
        if diagnostic.code != RULE or state.index is None:
            continue
        unknown = _unknown(maps, state, path, diagnostic.range.start)
        if unknown is None:
            continue
        known = state.index.definitions(unknown.kind)
        written = unknown.id.rpartition("#")[2] if unknown.kind == PAINS else unknown.id
        if unknown.kind == PAINS:
            owner = unknown.id.partition("#")[0]
            known = {item.rpartition("#")[2]: None for item in known if item.startswith(f"{owner}#")}
        match = closest(written, known)
        place = location(maps, state, unknown)
        if match is None or place is None:
            continue
        edit = types.WorkspaceEdit(changes={place.uri: [types.TextEdit(range=place.range, new_text=match)]})
        actions.append(types.CodeAction(title=f"Change '{written}' to '{match}'", kind=types.CodeActionKind.QuickFix,
                                        diagnostics=[diagnostic], edit=edit, is_preferred=True))
    return actions


def _unknown(maps: Maps, state: MapState, path: str, start: types.Position) -> Mention | None:
    """The id a finding points at that names nothing: of `touchpoint#pain`, the part that is unknown."""
    for character in (start.character, start.character + 1):  # a quoted id starts after its quote
        mention = mention_at(maps, state, path, start.line, character)
        if mention is None:
            continue
        written = [m for m in state.index.mentions
                   if m.file == mention.file and m.line == mention.line and m.path == mention.path]
        for candidate in written or [mention]:
            if not candidate.defines and state.index.definition(candidate.kind, candidate.id) is None:
                return candidate
    return None
