"""The `next` links of touchpoints: a new step wired into a flow or added as a branch, links to a removed step re-pointed.

An entry of `next` is a touchpoint id or a mapping {to, share, label, loop}. A new entry takes the
form of its neighbours: a mapping `{to: id}` in a list of mappings, else the id. Flow lists stay
on their line, block lists keep a line per entry and their comments.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap.serve.edit.checks import MISSING
from journeymap.serve.edit.editable_map import EditableMap, drop_key, name_of, put_key, touchpoint_path
from journeymap.serve.edit.entries import append_item, place_entry, remove_entry, replace_value
from journeymap.serve.edit.nodes import flow_mapping, id_like, is_block, is_flow, new_list, to_plain
from journeymap.serve.edit.untrusted import EditRefused


def target_of(entry) -> str | None:
    """Where a `next` entry leads."""
    target = entry.get("to") if isinstance(entry, CommentedMap) else entry
    return str(target) if isinstance(target, str) else None


def targets(touchpoint: CommentedMap) -> list[str]:
    return [t for t in (target_of(e) for e in _links(touchpoint)) if t is not None]


def take_over(editable: EditableMap, after_index: int, after: CommentedMap, new: CommentedMap) -> list:
    """Insert the new step into the flow: it takes over `after`'s links (with shares and labels), `after` leads to it."""
    links = after.get("next")
    _links(after)
    new_id = str(new["id"])
    if links is None or not len(links):
        return branch(editable, after_index, after, new_id)
    replace_value(after, "next", new_list([_entry(new_id, list(links))], flow=not is_block(links)))
    new["next"] = links
    return [("set", touchpoint_path(after_index, "next"), to_plain(after["next"]))]


def branch(editable: EditableMap, after_index: int, after: CommentedMap, new_id: str) -> list:
    """Add a link from `after` to the new step, beside its others."""
    links = after.get("next")
    _links(after)
    path = touchpoint_path(after_index, "next")
    if links is None:
        like = editable.like("next", skip=after)
        neighbours = list(like) if isinstance(like, CommentedSeq) else []
        flow = after.fa.flow_style() or (isinstance(like, CommentedSeq) and is_flow(like))
        put_key(after, "next", new_list([_entry(new_id, neighbours)], flow=bool(flow)))
        return [("set", path, to_plain(after["next"]))]
    append_item(links, _entry(new_id, list(links)))
    return [("append", path, to_plain(links[-1]))]


def unlink(editable: EditableMap, removed_id: str, onward: list[str] | None) -> tuple[list, list[str]]:
    """Links into a removed step re-pointed to where it led (onward), or removed (onward None).
    No duplicate link and no link of a step to itself is made. Returns (steps, names of the steps it changed)."""
    steps, sources = [], []
    for index, touchpoint in enumerate(editable.touchpoints()):
        if not isinstance(touchpoint, CommentedMap) or touchpoint.get("id") == removed_id:
            continue
        links = touchpoint.get("next")
        positions = [p for p, e in enumerate(links if isinstance(links, CommentedSeq) else []) if
                     target_of(e) == removed_id]
        if not positions:
            continue
        sources.append(name_of(touchpoint))
        own, existing = str(touchpoint.get("id")), set(targets(touchpoint))
        new_targets = [t for t in onward or [] if t not in existing and t not in (own, removed_id)]
        steps.append(_relink(touchpoint, links, positions, new_targets, touchpoint_path(index, "next")))
    return steps, sources


def _relink(touchpoint: CommentedMap, links: CommentedSeq, positions: list[int], new_targets: list[str],
            path: tuple) -> tuple:
    """The first link to the removed step leads to the first new target (its share and label kept), the other
    new targets follow it as links of their own; further links to the removed step go."""
    neighbours = list(links)
    for position in reversed(positions[1:]):
        remove_entry(links, position)
    first = positions[0]
    if not new_targets:
        carried = remove_entry(links, first)
        if not links:
            drop_key(touchpoint, "next", carried)
            return ("set", path, MISSING)
        return ("set", path, to_plain(links))
    entry = links[first]
    if isinstance(entry, CommentedMap):
        entry["to"] = id_like(new_targets[0], entry.get("to"))
    else:
        links[first] = id_like(new_targets[0], entry)
    for offset, target in enumerate(new_targets[1:], start=1):
        added = _entry(target, neighbours)
        if is_block(links):
            place_entry(links, first + offset, added, follows=True, spaced=False)
        else:
            links.insert(first + offset, added)
    return ("set", path, to_plain(links))


def _links(touchpoint: CommentedMap) -> CommentedSeq | list:
    links = touchpoint.get("next")
    if links is not None and not isinstance(links, CommentedSeq):
        raise EditRefused(f"the next of touchpoint '{touchpoint.get('id')}' is not a list in the file; "
                          "fix that in the file first")
    return links if links is not None else []


def _entry(target: str, neighbours: list):
    """A link to target in the form of its neighbours: {to: id} among mappings, else the id."""
    if neighbours and all(isinstance(n, CommentedMap) for n in neighbours):
        return flow_mapping([("to", id_like(target, neighbours[0].get("to")))])
    return id_like(target, neighbours[0] if neighbours else None)
