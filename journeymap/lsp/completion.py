"""Completion: the ids a reference may name (with each target's name beside it), emotion words, KPI names."""

from __future__ import annotations

from lsprotocol import types

from journeymap.i18n.catalog import labels
from journeymap.lsp.context import EMOTION, KPIS, Slot, slot
from journeymap.lsp.lines import EDITOR_BREAKS, Lines, utf16_units
from journeymap.lsp.references import PAINS, Index
from journeymap.model.emotion import LEVELS
from journeymap.model.format import Kpis

TRIGGERS = [" ", "#", "[", ",", "{"]


def complete(index: Index | None, lines: Lines, line: int, character: int) -> list[types.CompletionItem]:
    """The items for a cursor (protocol line and character) in a map's editor text."""
    offset = lines.offset_at(line, character)
    line = lines.place(offset).line  # a place past the end of the text is held at its end
    line_start = lines.editor_starts[line]
    rows = EDITOR_BREAKS.split(lines.text[:offset])
    found = slot(rows, len(rows) - 1, len(rows[-1]))
    if found is None:
        return []
    prefix_start = utf16_units(lines.text[line_start:line_start + found.start])
    edit_range = types.Range(types.Position(line, prefix_start),
                             types.Position(line, prefix_start + utf16_units(found.prefix)))
    return [_item(label, detail, kind, edit_range, order) for order, (label, detail, kind)
            in enumerate(_candidates(found, index))]


def language(index: Index | None) -> str:
    """The map's language (for the words beside a choice)."""
    data = index.document.data if index is not None else None
    lang = data.get("lang") if isinstance(data, dict) else None
    return lang if lang in ("en", "de") else "en"


def _candidates(found: Slot, index: Index | None) -> list[tuple[str, str, types.CompletionItemKind]]:
    words = labels(language(index))
    if found.expects == EMOTION:
        return [(level.word, f"{level.value:+d} {words[level.label]}", types.CompletionItemKind.EnumMember)
                for level in LEVELS]
    if found.expects == KPIS:
        known = list(Kpis.model_fields)
        extra = sorted(_kpi_names(index) - set(known))
        return [(name, words.get(f"kpi.{name}", ""), types.CompletionItemKind.Property) for name in known + extra]
    if index is None:
        return []
    if found.expects == PAINS:
        touchpoint = found.prefix.partition("#")[0]
        return [(pain_id, index.name(PAINS, pain_id), types.CompletionItemKind.Reference)
                for pain_id in index.definitions(PAINS) if pain_id.startswith(f"{touchpoint}#")]
    return [(item_id, index.name(found.expects, item_id), types.CompletionItemKind.Reference)
            for item_id in index.definitions(found.expects)]


def _item(label: str, detail: str, kind: types.CompletionItemKind, edit_range: types.Range,
          order: int) -> types.CompletionItem:
    return types.CompletionItem(label=label, kind=kind, detail=detail, sort_text=f"{order:05d}",
                                filter_text=label, text_edit=types.TextEdit(range=edit_range, new_text=label))


def _kpi_names(index: Index | None) -> set[str]:
    """KPI names the map's touchpoints already use."""
    data = index.document.data if index is not None else None
    touchpoints = data.get("touchpoints") if isinstance(data, dict) else None
    names: set[str] = set()
    for touchpoint in touchpoints if isinstance(touchpoints, list) else ():
        kpis = touchpoint.get("kpis") if isinstance(touchpoint, dict) else None
        names.update(name for name in (kpis if isinstance(kpis, dict) else ()) if isinstance(name, str))
    return names
