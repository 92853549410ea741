"""Phases added, renamed and reordered: entries of the map file's own `phases` list.

Phases from included libraries come first in the map (source/document.py) and are changed in their
own file: a phase of this file can be placed only among the file's phases, after the libraries'.
A phase keeps its id when renamed: the touchpoints name it by id, people read its name.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap.serve.edit.editable_map import EditableMap, name_of
from journeymap.serve.edit.entries import place_entry, spaced_around, take_entry
from journeymap.serve.edit.ids import slug
from journeymap.serve.edit.nodes import id_like, is_block_scalar, is_flow, new_list, text_scalar, to_plain
from journeymap.serve.edit.untrusted import EditRefused


def phase_order(editable: EditableMap) -> list[str]:
    """The map's phase ids in order: as the server knows them (includes first), else the file's own."""
    return list(editable.known_phases) if editable.known_phases is not None else _ids(_phases(editable))


def check_phase(editable: EditableMap, phase: str) -> str:
    order = phase_order(editable)
    if order and phase not in order:
        raise EditRefused(f"there is no phase '{phase}' in this map (its phases: {listed(order)})")
    return phase


def listed(ids: list[str]) -> str:
    return ", ".join(ids) or "none"


def add_phase(editable: EditableMap, request: dict) -> list:
    phases, order = _phases(editable), phase_order(editable)
    if request["id"] in order:
        raise EditRefused(f"there already is a phase '{request['id']}' in this map; choose another id")
    new_id = request["id"] or slug(request["name"], set(order), "phase")
    position = _position(editable, order, request["after"])
    item = _new_phase(new_id, request["name"], phases)
    editable.say("summary.phase_added", name=request["name"])
    if phases is None:
        editable.add_section("phases", new_list([item], flow=False))
        return [("set", ("phases",), [to_plain(item)])]
    place_entry(phases, position, item, follows=position > 0)
    return [("insert", ("phases",), position, to_plain(item))]


def rename_phase(editable: EditableMap, request: dict) -> list:
    index, phase = _own_phase(editable, request["phase"])
    old = phase.get("name")
    editable.say("summary.phase_renamed", old=name_of(phase), name=request["name"])
    phase["name"] = text_scalar(request["name"], None if is_block_scalar(old) else old)
    return [("set", ("phases", index, "name"), str(phase["name"]))]


def move_phase(editable: EditableMap, request: dict) -> list:
    index, phase = _own_phase(editable, request["phase"])
    if request["after"] == request["phase"]:
        raise EditRefused("a phase cannot be moved after itself")
    phases = _phases(editable)
    spaced = spaced_around(phases, index)
    order = [p for p in phase_order(editable) if p != request["phase"]]
    position = _position(editable, order, request["after"], without=request["phase"])
    place_entry(phases, position, take_entry(phases, index), follows=position > 0, spaced=spaced)
    if request["after"] is None:
        editable.say("summary.phase_moved_first", name=name_of(phase))
    else:
        editable.say("summary.phase_moved", name=name_of(phase), after=request["after"])
    return [("move", ("phases",), index, position)]


def _phases(editable: EditableMap) -> CommentedSeq | None:
    phases = editable.root.get("phases")
    if phases is not None and not isinstance(phases, CommentedSeq):
        raise EditRefused("'phases' is not a list in the file; fix that in the file first")
    return phases


def _ids(phases) -> list[str]:
    return [str(p.get("id")) for p in phases or [] if isinstance(p, CommentedMap)]


def _own_phase(editable: EditableMap, phase_id: str) -> tuple[int, CommentedMap]:
    for index, phase in enumerate(_phases(editable) or []):
        if isinstance(phase, CommentedMap) and phase.get("id") == phase_id:
            return index, phase
    if phase_id in phase_order(editable):
        raise EditRefused(f"phase '{phase_id}' is defined in an included file, not in this map; change it there")
    raise EditRefused(f"there is no phase '{phase_id}' in this map")


def _position(editable: EditableMap, order: list[str], after: str | None, without: str | None = None) -> int:
    """Where a phase goes among the file's own phases, for `after` in the map's order (includes first)."""
    own = [p for p in _ids(_phases(editable)) if p != without]
    library = [p for p in order if p not in own]
    if after is not None and after not in order:
        raise EditRefused(f"there is no phase '{after}' in this map (its phases: {listed(order)})")
    position = (order.index(after) + 1 if after is not None else 0) - len(library)
    if position < 0:
        raise EditRefused(f"the phases of the included files come first ({', '.join(library)}); a phase of this "
                          f"map can go after '{library[-1]}' at the earliest")
    return position


def _new_phase(new_id: str, name: str, phases) -> CommentedMap:
    """id and name, written like the other phases: a mapping on one line unless they are written in blocks."""
    like = next((p for p in phases or [] if isinstance(p, CommentedMap)), None)
    name_like = like.get("name") if like is not None and not is_block_scalar(like.get("name")) else None
    item = CommentedMap([("id", id_like(new_id, like.get("id") if like else None)),
                         ("name", text_scalar(name, name_like))])
    if like is None or is_flow(like):
        item.fa.set_flow_style()
    else:
        item.fa.set_block_style()
    return item
