"""The loaded map as the operations see it: touchpoints, phases and opportunities found by id, keys set in format order.

An operation also says what it did (`say`: a summary phrase, worded by summary.py in the page's
language) and may add to the answer the browser gets (`answer`: the id of a new step).
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap.model.format import JourneyMap, Touchpoint
from journeymap.serve.edit.checks import MISSING
from journeymap.serve.edit.entries import insert_key, remove_entry, replace_value
from journeymap.serve.edit.nodes import number_node, to_plain, uses_anchors
from journeymap.serve.edit.round_trip import LAYOUT, LayoutError, RoundTripText
from journeymap.serve.edit.untrusted import EditRefused

TOUCHPOINT_KEYS = list(Touchpoint.model_fields)
MAP_KEYS = list(JourneyMap.model_fields)


class EditableMap:
    """The loaded map: its touchpoints, phases and opportunities as ruamel nodes."""

    def __init__(self, text: RoundTripText, *, phases: list[str] | None = None):
        if not isinstance(text.data, CommentedMap):
            raise EditRefused("the map file is not a mapping of keys (journeymap:, title:, …)")
        self.root = text.data
        self.lines = text.body.split("\n")
        self.known_phases = phases    # the map's phase ids after includes, in order (None: only the file's)
        self.said: list[tuple[str, dict]] = []
        self.answer: dict = {}

    def say(self, key: str, **values) -> None:
        """Note what the edit did, as a summary phrase of the serve catalogue (summary.py)."""
        self.said.append((key, values))

    def touchpoints(self) -> CommentedSeq:
        touchpoints = self.root.get("touchpoints")
        if not isinstance(touchpoints, CommentedSeq):
            raise EditRefused("'touchpoints' is not a list in the file; fix that in the file first")
        return touchpoints

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

    def touchpoint_ids(self) -> list[str]:
        return [str(item.get("id")) for item in self.touchpoints() if isinstance(item, CommentedMap)]

    def like(self, key: str, *, skip=None):
        """How other touchpoints write a key (its first value there), so a new one looks like its neighbours."""
        for item in self.root.get("touchpoints") or []:
            if isinstance(item, CommentedMap) and item is not skip and item.get(key) is not None:
                return item[key]
        return None

    def opportunities(self) -> CommentedSeq | None:
        opportunities = self.root.get("opportunities")
        if opportunities is not None and not isinstance(opportunities, CommentedSeq):
            raise EditRefused("'opportunities' is not a list in the file; fix that in the file first")
        return opportunities

    def opportunity(self, opportunity_id: str) -> tuple[int, CommentedMap]:
        for index, item in enumerate(self.opportunities() or []):
            if isinstance(item, CommentedMap) and item.get("id") == opportunity_id:
                if uses_anchors(item):
                    raise EditRefused(f"opportunity '{opportunity_id}' is written with YAML anchors or aliases; "
                                      "make this change in the file")
                return index, item
        raise EditRefused(f"there is no opportunity '{opportunity_id}' in this map")

    def add_section(self, key: str, value) -> None:
        """A new top-level key where the format lists it, spaced like the file's other sections."""
        before = set(MAP_KEYS[:MAP_KEYS.index(key)])
        positions = [position for position, name in enumerate(self.root) if name in before]
        position = max(positions) + 1 if positions else len(self.root)
        insert_key(self.root, position, key, value, gap=self.sections_spaced())

    def sections_spaced(self) -> bool:
        """Are the top-level sections of the file separated by blank lines?"""
        for key in list(self.root)[1:]:
            line = self.root.lc.key(key)[0] - 1
            while line >= 0 and self.lines[line].lstrip().startswith("#"):
                line -= 1
            if line >= 0 and not self.lines[line].strip():
                return True
        return False


def name_of(touchpoint: CommentedMap) -> str:
    """What people call a touchpoint (or a phase, an opportunity): its name, title, else its id."""
    for key in ("name", "title", "id"):
        if isinstance(touchpoint.get(key), (str, int, float)) and not isinstance(touchpoint.get(key), bool):
            return str(touchpoint[key])
    return "?"


def touchpoint_path(index: int, *rest) -> tuple:
    """Where a value of the index-th touchpoint is, in a step (checks.py)."""
    return ("touchpoints", index, *rest)


def put_key(touchpoint: CommentedMap, key: str, value, order: list[str] = TOUCHPOINT_KEYS) -> None:
    """Set a key of a touchpoint; a new key goes where the format lists it (after the keys before it)."""
    if key in touchpoint:
        replace_value(touchpoint, key, value)
        return
    before = set(order[:order.index(key)])
    positions = [position for position, name in enumerate(touchpoint) if name in before]
    insert_key(touchpoint, max(positions) + 1 if positions else len(touchpoint), key, value)


def drop_key(touchpoint: CommentedMap, key: str, carried: str = "") -> None:
    if remove_entry(touchpoint, key, carried):
        raise LayoutError(f"{LAYOUT}comment lines would be left without a place; make this change in the file")


def set_or_drop(touchpoint: CommentedMap, key: str, value, path: tuple, order: list[str] = TOUCHPOINT_KEYS) -> list:
    """Set a key, or with None remove it; returns the steps."""
    if value is None:
        if key not in touchpoint:
            return []
        drop_key(touchpoint, key)
        return [("set", path, MISSING)]
    put_key(touchpoint, key, number_node(value), order)
    return [("set", path, to_plain(touchpoint[key]))]
