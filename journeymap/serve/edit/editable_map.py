"""The loaded map as the operations see it: its touchpoints found by id, their keys set or dropped in format order."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap.model.format import Touchpoint
from journeymap.serve.edit.checks import MISSING
from journeymap.serve.edit.entries import insert_key, remove_entry, replace_value
from journeymap.serve.edit.nodes import to_plain, uses_anchors
from journeymap.serve.edit.request import EditRefused
from journeymap.serve.edit.round_trip import LAYOUT, LayoutError, RoundTripText

TOUCHPOINT_KEYS = list(Touchpoint.model_fields)


class EditableMap:
    """The loaded map: its touchpoints and opportunities as ruamel nodes."""

    def __init__(self, text: RoundTripText):
        if not isinstance(text.data, CommentedMap):
            raise EditRefused("the map file is not a mapping of keys (journeymap:, title:, …)")
        self.root = text.data
        self.lines = text.body.split("\n")

    def touchpoint(self, touchpoint_id: str, *, editing: bool = True) -> tuple[int, CommentedMap]:
        """The first touchpoint with this id, and its position in `touchpoints`."""
        touchpoints = self.root.get("touchpoints")
        for index, item in enumerate(touchpoints if isinstance(touchpoints, CommentedSeq) else []):
            if isinstance(item, CommentedMap) and item.get("id") == touchpoint_id:
                if editing and uses_anchors(item):
                    raise EditRefused(f"touchpoint '{touchpoint_id}' is written with YAML anchors, aliases or "
                                      "merge keys (&, *, <<:), so an edit would change other parts of the map "
                                      "too; make this change in the file")
                return index, item
        raise EditRefused(f"there is no touchpoint '{touchpoint_id}' in this map")

    def sections_spaced(self) -> bool:
        """Are the top-level sections of the file separated by blank lines?"""
        for key in list(self.root)[1:]:
            line = self.root.lc.key(key)[0] - 1
            while line >= 0 and self.lines[line].lstrip().startswith("#"):
                line -= 1
            if line >= 0 and not self.lines[line].strip():
                return True
        return False


def touchpoint_path(index: int, *rest) -> tuple:
    """Where a value of the index-th touchpoint is, in a step (checks.py)."""
    return ("touchpoints", index, *rest)


def put_key(touchpoint: CommentedMap, key: str, value) -> None:
    """Set a key of a touchpoint; a new key goes where the format lists it (after the keys before it)."""
    if key in touchpoint:
        replace_value(touchpoint, key, value)
        return
    before = set(TOUCHPOINT_KEYS[:TOUCHPOINT_KEYS.index(key)])
    positions = [position for position, name in enumerate(touchpoint) if name in before]
    insert_key(touchpoint, max(positions) + 1 if positions else len(touchpoint), key, value)


def drop_key(touchpoint: CommentedMap, key: str, carried: str = "") -> None:
    if remove_entry(touchpoint, key, carried):
        raise LayoutError(f"{LAYOUT}comment lines would be left without a place; make this change in the file")


def set_or_drop(touchpoint: CommentedMap, key: str, value, path: tuple) -> list:
    """Set a key, or with None remove it; returns the steps."""
    if value is None:
        if key not in touchpoint:
            return []
        drop_key(touchpoint, key)
        return [("set", path, MISSING)]
    put_key(touchpoint, key, value)
    return [("set", path, to_plain(touchpoint[key]))]
