"""A touchpoint's list of pains, gains or notes: an item found by position, added in its neighbours' style, removed."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from journeymap.i18n.numbers import counted
from journeymap.serve.edit.checks import MISSING
from journeymap.serve.edit.editable_map import drop_key, put_key
from journeymap.serve.edit.entries import append_item, insert_key, remove_entry
from journeymap.serve.edit.nodes import is_block, is_flow, new_list, text_scalar, to_plain
from journeymap.serve.edit.untrusted import EditRefused


def items_of(touchpoint: CommentedMap, key: str, touchpoint_id: str) -> CommentedSeq | None:
    items = touchpoint.get(key)
    if items is not None and not isinstance(items, CommentedSeq):
        raise EditRefused(f"the {key} of touchpoint '{touchpoint_id}' are not a list in the file; "
                          "fix that in the file first")
    return items


def item_at(touchpoint: CommentedMap, key: str, request: dict) -> CommentedSeq:
    items = items_of(touchpoint, key, request["touchpoint"]) or []
    if request["index"] >= len(items):
        raise EditRefused(f"touchpoint '{request['touchpoint']}' has no {key[:-1]} at position {request['index']} "
                          f"(it has {counted(len(items), key[:-1])}, counted from 0)")
    return items


def item_text(item) -> str:
    """What a pain, gain or note says, for a summary."""
    text = item.get("text") if isinstance(item, CommentedMap) else item
    return str(text) if isinstance(text, (str, int, float)) else "…"


def new_item(items, text: str, extra: list[tuple]):
    """A new pain, gain or note in the style of its list: text, or a mapping like its neighbours."""
    neighbours = list(items or [])
    text_value = text_scalar(text, quoting_like(neighbours))
    all_mappings = bool(neighbours) and all(isinstance(n, CommentedMap) for n in neighbours)
    if not extra and not all_mappings:
        return text_value
    item = CommentedMap([("text", text_value), *extra])
    if not (all_mappings and all(is_block(n) for n in neighbours)) or is_flow(items):
        item.fa.set_flow_style()
    return item


def quoting_like(neighbours: list):
    """The first neighbour's text, if it is plain or quoted (a folded or literal block is no model for one line)."""
    for neighbour in neighbours:
        text = neighbour.get("text") if isinstance(neighbour, CommentedMap) else neighbour
        if isinstance(text, str):
            return text if type(text) in (str, DoubleQuotedScalarString, SingleQuotedScalarString) else None
    return None


def add_item(touchpoint: CommentedMap, key: str, text: str, extra: list[tuple], path: tuple) -> list:
    items = items_of(touchpoint, key, str(touchpoint.get("id")))
    item = new_item(items, text, extra)
    if items is None:
        put_key(touchpoint, key, new_list([item], flow=is_flow(touchpoint)))
        return [("set", path, [to_plain(item)])]
    append_item(items, item)
    return [("append", path, to_plain(item))]


def remove_item(touchpoint: CommentedMap, key: str, request: dict, path: tuple) -> list:
    items = item_at(touchpoint, key, request)
    carried = remove_entry(items, request["index"])
    if items:
        return [("delete", path, request["index"])]
    drop_key(touchpoint, key, carried)
    return [("set", path, MISSING)]


def edit_mapping(item: CommentedMap, text: str | None, extra: list[tuple], default_severity: int | None) -> None:
    """Change a pain or gain written as a mapping in place: its id and other keys stay."""
    if text is not None:
        if "text" in item:
            item["text"] = text_scalar(text, item["text"])
        else:
            insert_key(item, 1 if "id" in item else 0, "text", DoubleQuotedScalarString(text))
    for key, value in extra:
        if key in item:
            item[key] = value
        elif value != default_severity:
            keys = list(item)
            insert_key(item, keys.index("text") + 1 if "text" in keys else len(keys), key, value)
