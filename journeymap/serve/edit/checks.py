"""What an edit must not change: any whole-line comment of the file, or any value of the map but the edited ones.

An operation describes what it changed as steps, ("set", path, value), ("append", path, value),
("delete", path, index), ("insert", path, index, value) or ("move", path, from, to) (a list entry
taken out at `from` and put back at `to`), with MISSING as the value of a key that is gone; the
file read again must equal the file before with those steps applied, in order.
"""

from __future__ import annotations

import copy
import math
from collections import Counter

from journeymap.serve.edit.untrusted import EditRefused
from journeymap.serve.edit.round_trip import LAYOUT, LayoutError

MISSING = object()   # in a step: the key is gone


def comment_lines(text: str) -> Counter:
    """The whole-line comments of a text, each with how often it occurs."""
    return Counter(line.strip() for line in text.splitlines() if line.lstrip().startswith("#"))


def check_comments(before: str, after: str) -> None:
    """Every whole-line comment of the file must still be there after an edit."""
    lost = comment_lines(before) - comment_lines(after)
    if lost:
        comment = next(iter(lost))
        raise LayoutError(f"{LAYOUT}the comment {comment[:80]!r} would be lost; make this change in the file")


def check_data(before_text: str, after_text: str, steps: list) -> None:
    """As journeymap reads the files (YAML 1.1), the edit changed what its steps say, and nothing else."""
    from journeymap.source.positions import SourceError, parse

    try:
        before = parse(before_text.lstrip("\ufeff"), "map")[0]
    except SourceError as exc:
        raise EditRefused(f"the map file has a YAML error ({exc.message}); fix it in the file first") from None
    try:
        after = parse(after_text.lstrip("\ufeff"), "map")[0]
    except SourceError:
        after = MISSING
    expected = copy.deepcopy(before)
    for step in steps:
        _apply_step(expected, step)
    if after is MISSING or _comparable(after) != _comparable(expected):
        raise EditRefused(f"{LAYOUT}written back, the file would not read as this edit alone; "
                          "make this change in the file")


def _apply_step(data, step: tuple) -> None:
    kind, path, *values = step
    parent = data
    try:
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        if kind == "set" and values[0] is MISSING:
            parent.pop(key, None)
        elif kind == "set":
            parent[key] = values[0]
        elif kind == "append" and isinstance(parent.get(key), list):
            parent[key].append(values[0])
        elif kind == "append":
            parent[key] = values
        elif kind == "insert":
            parent[key].insert(values[0], values[1])
        elif kind == "move":
            parent[key].insert(values[1], parent[key].pop(values[0]))
        else:
            del parent[key][values[0]]
    except (KeyError, IndexError, TypeError, AttributeError):
        raise EditRefused(f"{LAYOUT}the map reads differently in journeymap than in the editor; "
                          "make this change in the file") from None


def _comparable(data):
    """Data with mapping order ignored and NaN equal to itself, so that two readings compare."""
    if isinstance(data, dict):
        return sorted(((str(key), _comparable(value)) for key, value in data.items()), key=lambda item: item[0])
    if isinstance(data, list):
        return [_comparable(value) for value in data]
    if isinstance(data, float) and math.isnan(data):
        return ("nan",)
    return data
