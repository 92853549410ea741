"""What is left of a map after its schema errors are cut out, so the rest is still checked.

A schema error cuts the smallest part that holds it: an unknown key, a value of the wrong type
or out of range, a list item that is not what the list takes. A part that is still invalid
without it (a touchpoint whose required `name` was cut) is cut as a whole in the next round.
The rounds run until the rest validates; only the first round's errors are findings, the
later ones are consequences of them.

The cut data has shorter lists than the file, so every path into the model is translated back
to the file's own (`Salvage.original`) before a position is looked up. The ids of items cut
as a whole stay known, so nothing that refers to them is reported as unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from journeymap.model.paths import data_path

MAX_ROUNDS = 12
ITEM_KINDS = ("personas", "phases", "channels", "owners", "touchpoints", "opportunities", "data")
_CUT = object()


@dataclass
class Salvage:
    """Which parts were cut, and how the kept items' indexes map back to the file's."""

    data: Any
    cuts: set[tuple] = field(default_factory=set)
    kept: dict[tuple, list[int]] = field(default_factory=dict)  # list path (file's) -> file indexes kept
    pruned: Any = None  # the data of the last round

    def original(self, path: tuple) -> tuple:
        """The file's path for a path into the cut data."""
        result: list = []
        for part in path:
            if isinstance(part, int):
                kept = self.kept.get(tuple(result))
                if kept is not None and 0 <= part < len(kept):
                    part = kept[part]
            result.append(part)
        return tuple(result)

    def cut_items(self, kind: str) -> list[tuple[int, Any]]:
        """(file index, item) of the items of a top-level list that were cut as a whole."""
        items = self.data.get(kind) if isinstance(self.data, dict) else None
        if not isinstance(items, list) or (kind,) in self.cuts:
            return []
        return [(index, items[index]) for index in range(len(items)) if (kind, index) in self.cuts]

    def cut_ids(self, kind: str) -> list[tuple[int, str]]:
        """(file index, id) of the items cut as a whole that still name an id."""
        return [(index, item["id"]) for index, item in self.cut_items(kind)
                if isinstance(item, dict) and isinstance(item.get("id"), str)]

    def cut_pain_ids(self, touchpoint_index: int) -> set[str]:
        """Pain ids of one touchpoint (file index) whose pain was cut as a whole."""
        touchpoint = self.data["touchpoints"][touchpoint_index]
        pains = touchpoint.get("pains") if isinstance(touchpoint, dict) else None
        if not isinstance(pains, list):
            return set()
        prefix = ("touchpoints", touchpoint_index, "pains")
        return {pain["id"] for index, pain in enumerate(pains)
                if (prefix + (index,)) in self.cuts and isinstance(pain, dict) and isinstance(pain.get("id"), str)}


def salvage(data: dict, errors: list[dict], model_class) -> tuple[Any, Salvage] | None:
    """The model of what validates once the parts holding `errors` are cut; None if nothing is left."""
    from pydantic import ValidationError

    result = Salvage(data)
    pending = errors
    for _ in range(MAX_ROUNDS):
        new_cuts = {_target(error, result) for error in pending} - {None} - result.cuts
        if not new_cuts:
            return None
        result.cuts |= new_cuts
        result.kept = {}
        pruned = _prune(data, _trie(result.cuts), (), result.kept)
        try:
            return model_class.model_validate(pruned), result
        except ValidationError as exc:
            pending = exc.errors(include_url=False)
        result.pruned = pruned
    return None


def _target(error: dict, result: Salvage) -> tuple | None:
    """The file's path of the part to cut for one error (None: the whole map, which cannot be cut)."""
    current = result.data if result.pruned is None else result.pruned
    path, complete = data_path(current, error["loc"])
    if error["type"] == "missing" or not complete:
        path = path[:-1]
    return result.original(path) if path else None


def _trie(cuts: set[tuple]) -> dict:
    """Cut paths as a tree of parts; a cut part hides every cut below it."""
    root: dict = {}
    for path in sorted(cuts, key=len):
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if node is _CUT:
                break
        else:
            node[path[-1]] = _CUT
    return root


def _prune(node: Any, trie: dict, path: tuple, kept: dict[tuple, list[int]]) -> Any:
    """A copy of node without the cut parts; shares every part that has no cut below it."""
    if isinstance(node, dict):
        result = dict(node)
        for key, below in trie.items():
            if key in result:
                if below is _CUT:
                    del result[key]
                else:
                    result[key] = _prune(result[key], below, path + (key,), kept)
        return result
    if isinstance(node, list):
        indexes = [i for i in range(len(node)) if trie.get(i) is not _CUT]
        kept[path] = indexes
        return [_prune(node[i], trie[i], path + (i,), kept) if i in trie else node[i] for i in indexes]
    return node
