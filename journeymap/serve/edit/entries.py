"""Entries of the loaded map inserted, appended, replaced and removed, the comment lines around them kept in place."""

from __future__ import annotations

from typing import NamedTuple

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


class Taken(NamedTuple):
    """A list entry taken out, with the comment at the end of its line (a list keeps that beside the entry)."""

    item: object
    comment: object = None


def take_entry(sequence: CommentedSeq, position: int) -> Taken:
    """Take an entry out of a list: the lines inside it go with it, the lines around it stay where they were
    (of the blank lines that framed it, one goes with it)."""
    if not is_block(sequence):
        return Taken(sequence.pop(position))
    above = _take_seam(sequence, position)
    below = _take_seam(sequence, position + 1)
    entry = sequence.ca.items.get(position)
    taken = Taken(sequence[position], entry[0] if entry else None)
    del sequence[position]
    if below.startswith("\n") and (above or position == 0):
        below = below[1:]
    _put_seam(sequence, position, above + below)
    return taken


def place_entry(sequence: CommentedSeq, position: int, item, *, follows: bool, spaced: bool | None = None) -> None:
    """Put an entry (or a Taken one, with its comment) into a list at position, spaced as its neighbours are.

    follows: it goes right below the entry before it, and the lines that followed that entry now follow
    the new one; else it goes right below the lines above the entry now at position (a section comment).
    spaced: whether entries are separated by a blank line (None: as the entries around position are)."""
    taken = item if isinstance(item, Taken) else Taken(item)
    if not is_block(sequence):
        sequence.insert(position, taken.item)
        return
    gap = "\n" if (spaced_around(sequence, position) if spaced is None else spaced) else ""
    seam = _take_seam(sequence, position)
    sequence.insert(position, taken.item)
    if taken.comment is not None:
        sequence.ca.items.setdefault(position, [None, None, None, None])[0] = taken.comment
    _put_seam(sequence, position, gap if follows else seam)
    _put_seam(sequence, position + 1, seam if follows else gap)


def spaced_around(sequence: CommentedSeq, position: int) -> bool:
    """Are the entries around position separated by a blank line?"""
    boundary = position if 0 < position < len(sequence) else (1 if position == 0 else len(sequence) - 1)
    if not 0 < boundary < len(sequence):
        return False
    seam = _take_seam(sequence, boundary)
    _put_seam(sequence, boundary, seam)
    return seam.startswith("\n")


def _take_seam(sequence: CommentedSeq, position: int) -> str:
    """Take off the lines between entry position-1 and entry position (after the last one: its trailing lines)."""
    lines = detach_rest(sequence, position - 1) if position > 0 else ""
    if position < len(sequence):
        lines += _lines_before(sequence, position)
        entry = sequence.ca.items.get(position)
        if entry and len(entry) > 1:
            entry[1] = None
    return lines


def _put_seam(sequence: CommentedSeq, position: int, lines: str) -> None:
    if not lines:
        return
    if position > 0:
        attach_rest(sequence, position - 1, lines)
        return
    entry = sequence.ca.items.setdefault(0, [None, None, None, None])
    entry[1] = line_tokens(lines) + list(entry[1] or [])
