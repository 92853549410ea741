"""A touchpoint's list of ids or texts (personas, tags, backstage) set as a whole, changing the fewest lines.

Entries that stay keep their lines (and comments); entries that go are removed; new ones go where
the new list has them, in the quoting of their neighbours. A list reordered is written anew in
its style (flow `[a, b]` or one entry per line). An empty list, or null, removes the key.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedSeq

from journeymap.serve.edit.editable_map import EditableMap, put_key, set_or_drop
from journeymap.serve.edit.entries import place_entry, remove_entry, replace_value
from journeymap.serve.edit.items import quoting_like
from journeymap.serve.edit.nodes import id_like, is_block, is_flow, new_list, text_scalar, to_plain
from journeymap.serve.edit.untrusted import EditRefused

ID_LISTS = frozenset({"personas"})


def set_list(editable: EditableMap, touchpoint, key: str, values: list[str] | None, path: tuple) -> list:
    """The touchpoint's `key` holds exactly `values` afterwards; returns the steps."""
    current = touchpoint.get(key)
    if not values:
        return set_or_drop(touchpoint, key, None, path)
    if current is None:
        like = editable.like(key, skip=touchpoint)
        flow = is_flow(touchpoint) or not isinstance(like, CommentedSeq) or is_flow(like)
        put_key(touchpoint, key, new_list([_entry(key, v, list(like or [])) for v in values], flow=flow))
        return [("set", path, to_plain(touchpoint[key]))]
    if not isinstance(current, CommentedSeq):
        raise EditRefused(f"the {key} of touchpoint '{touchpoint.get('id')}' are not a list in the file; "
                          "fix that in the file first")
    if [str(item) for item in current] == values:
        return []
    if not _update(key, current, values):
        replace_value(touchpoint, key, new_list([_entry(key, v, list(current)) for v in values],
                                                flow=is_flow(current) or not is_block(current)))
    return [("set", path, to_plain(touchpoint[key]))]


def _update(key: str, items: CommentedSeq, values: list[str]) -> bool:
    """Remove the entries that go and insert the new ones in place; False if the entries that stay changed order."""
    written = [str(item) for item in items]
    staying = [value for value in written if value in values]
    if not staying or len(set(written)) != len(written) or staying != [v for v in values if v in staying]:
        return False
    neighbours = list(items)
    for position in reversed(range(len(items))):
        if str(items[position]) not in values:
            remove_entry(items, position)
    for position, value in enumerate(values):
        if position >= len(items) or str(items[position]) != value:
            entry = _entry(key, value, neighbours)
            if is_block(items):
                place_entry(items, position, entry, follows=True, spaced=False)
            else:
                items.insert(position, entry)
    return True


def _entry(key: str, value: str, neighbours: list):
    """A new entry quoted like its neighbours: ids plain unless they are quoted there, texts as quoting_like says."""
    if key not in ID_LISTS:
        return text_scalar(value, quoting_like(neighbours))
    return id_like(value, next((n for n in neighbours if isinstance(n, str)), None))
