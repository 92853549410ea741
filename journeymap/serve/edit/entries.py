"""Entries of the loaded map inserted, appended, replaced and removed, the comment lines around them kept in place."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap.serve.edit.nodes import is_block
from journeymap.serve.edit.round_trip import LAYOUT, LayoutError
from journeymap.serve.edit.trailing_lines import attach_rest, detach_rest, line_tokens, token_line


def insert_key(mapping: CommentedMap, position: int, key, value, *, gap: bool = False) -> None:
    """Insert key: value at position; the lines that followed the entry before it now follow the new one.

    gap: leave a blank line before the new entry (a new top-level section)."""
    if position == 0 or not is_block(mapping):
        mapping.insert(position, key, value)
        return
    previous = list(mapping)[position - 1]
    lines = detach_rest(mapping, previous)
    if gap:
        attach_rest(mapping, previous, "\n")
    mapping.insert(position, key, value)
    attach_rest(mapping, key, lines)


def append_item(sequence: CommentedSeq, value) -> None:
    """Append to a list; in a block list the lines that followed the last item now follow the new one."""
    if not is_block(sequence):
        sequence.append(value)
        return
    lines = detach_rest(sequence, len(sequence) - 1)
    sequence.append(value)
    attach_rest(sequence, len(sequence) - 1, lines)


def replace_value(mapping: CommentedMap, key, value) -> None:
    """Set mapping[key] to a new value; lines that followed the old (block) value follow the new one."""
    lines = detach_rest(mapping, key) if is_block(mapping[key]) else ""
    mapping[key] = value
    attach_rest(mapping, key, lines)


def remove_entry(container, key, carried: str = "") -> str:
    """Remove an entry, keeping the comment lines before and after it where they were.

    carried: lines from inside the entry that must stay too (what an emptied list could not place).
    Returns the lines that found no place: the container is empty now, and its caller removes it."""
    lines = _lines_before(container, key) + carried + detach_rest(container, key)
    keys = list(container) if isinstance(container, CommentedMap) else list(range(len(container)))
    position = keys.index(key)
    del container[key]
    if isinstance(container, CommentedMap):
        container.ca.items.pop(key, None)
    if not lines:
        return ""
    if position > 0:
        attach_rest(container, keys[position - 1], lines)
        return ""
    if isinstance(container, CommentedSeq) and len(container):
        entry = container.ca.items.setdefault(0, [None, None, None, None])
        entry[1] = line_tokens(lines) + list(entry[1] or [])
        return ""
    if len(container):
        raise LayoutError(f"{LAYOUT}a comment before the first entry would be lost; make this change in the file")
    return lines


def _lines_before(container, key) -> str:
    if not isinstance(container, CommentedSeq):
        return ""
    entry = container.ca.items.get(key)
    if not entry or len(entry) < 2 or not entry[1]:
        return ""
    return "".join(token_line(token) for token in entry[1] if token is not None)
