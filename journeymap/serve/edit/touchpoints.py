"""Steps added, removed and moved: one list entry of `touchpoints`, placed by phase, the flows wired as asked.

A new step goes right after the one it follows; without one, first among its phase's steps, else
after the last step of an earlier phase, else before the first step of a later one, else at the
end. A moved entry takes the comment lines inside it along; the blank lines and section comments
between entries stay where they were, and it is spaced from its new neighbours as entries are.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from journeymap.serve.edit import flows
from journeymap.serve.edit.editable_map import EditableMap, name_of, touchpoint_path
from journeymap.serve.edit.entries import place_entry, spaced_around, take_entry
from journeymap.serve.edit.ids import slug
from journeymap.serve.edit.nodes import id_like, is_block_scalar, text_scalar, to_plain
from journeymap.serve.edit.opportunities import forget_touchpoint
from journeymap.serve.edit.phases import check_phase, phase_order
from journeymap.serve.edit.untrusted import EditRefused


def add_touchpoint(editable: EditableMap, request: dict) -> list:
    touchpoints, taken = editable.touchpoints(), set(editable.touchpoint_ids())
    if request["id"] in taken:
        raise EditRefused(f"there already is a touchpoint '{request['id']}' in this map; choose another id")
    new_id = request["id"] or slug(request["name"], taken, "step")
    phase = check_phase(editable, request["phase"])
    after_index, after = editable.touchpoint(request["after"]) if request["after"] else (None, None)
    position, follows = _placement(editable, phase, request["after"])
    spaced = spaced_around(touchpoints, position)
    neighbour = after or _neighbour(touchpoints, position)
    item = _new_touchpoint(new_id, request["name"], phase, neighbour)
    steps = []
    if request["wire"] == "insert":
        steps += flows.take_over(editable, after_index, after, item)
    elif request["wire"] == "branch":
        steps += flows.branch(editable, after_index, after, new_id)
    place_entry(touchpoints, position, item, follows=follows, spaced=spaced)
    editable.answer["touchpoint"] = new_id
    editable.say("summary.touchpoint_added", name=request["name"], phase=phase)
    if after is not None and request["wire"] in ("insert", "branch"):
        editable.say(f"summary.wired_{request['wire']}", after=name_of(after))
    return steps + [("insert", ("touchpoints",), position, to_plain(item))]


def remove_touchpoint(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    removed_id = request["touchpoint"]
    onward = flows.targets(touchpoint) if request["rewire"] else None
    editable.say("summary.touchpoint_removed", name=name_of(touchpoint))
    steps, sources = flows.unlink(editable, removed_id, onward)
    if sources and onward:
        editable.say("summary.flows_repointed", sources=sources, targets=onward)
    elif sources:
        editable.say("summary.flows_removed", sources=sources)
    forgotten, changed, removed = forget_touchpoint(editable, removed_id)
    if changed:
        editable.say("summary.addresses_removed", opportunities=changed)
    if removed:
        editable.say("summary.opportunities_removed", opportunities=removed)
    take_entry(editable.touchpoints(), index)
    return steps + forgotten + [("delete", ("touchpoints",), index)]


def move_touchpoint(editable: EditableMap, request: dict) -> list:
    touchpoints = editable.touchpoints()
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    if request["after"] == request["touchpoint"]:
        raise EditRefused("a step cannot be moved after itself")
    if request["after"]:
        editable.touchpoint(request["after"], editing=False)
    phase = check_phase(editable, request["phase"])
    steps = []
    if touchpoint.get("phase") != phase:
        touchpoint["phase"] = id_like(phase, touchpoint.get("phase"))
        steps.append(("set", touchpoint_path(index, "phase"), phase))
    spaced = spaced_around(touchpoints, index)
    taken = take_entry(touchpoints, index)
    position, follows = _placement(editable, phase, request["after"])
    place_entry(touchpoints, position, taken, follows=follows, spaced=spaced)
    editable.say("summary.touchpoint_moved", name=name_of(touchpoint), phase=phase)
    return steps + [("move", ("touchpoints",), index, position)]


def _placement(editable: EditableMap, phase: str, after_id: str | None) -> tuple[int, bool]:
    """Where a step goes in `touchpoints`: (position, whether it follows the entry before it closely)."""
    if after_id is not None:
        return editable.touchpoint(after_id, editing=False)[0] + 1, True
    phases = [str(item.get("phase")) if isinstance(item, CommentedMap) else None for item in editable.touchpoints()]
    if phase in phases:
        return phases.index(phase), False
    order = phase_order(editable)
    place = order.index(phase) if phase in order else len(order)
    for earlier in reversed(order[:place]):
        if earlier in phases:
            return len(phases) - phases[::-1].index(earlier), True
    for later in order[place + 1:]:
        if later in phases:
            return phases.index(later), False
    return len(phases), True


def _neighbour(touchpoints, position: int):
    """The entry a new one is written like: the one before it, else the one after it."""
    for index in (position - 1, position):
        if 0 <= index < len(touchpoints) and isinstance(touchpoints[index], CommentedMap):
            return touchpoints[index]
    return None


def _new_touchpoint(new_id: str, name: str, phase: str, neighbour) -> CommentedMap:
    """id, name and phase, written like the neighbour: flow or block, its quoting of names and ids."""
    like = neighbour if isinstance(neighbour, CommentedMap) else CommentedMap()
    name_like = None if is_block_scalar(like.get("name")) else like.get("name")
    item = CommentedMap([("id", id_like(new_id, like.get("id"))), ("name", text_scalar(name, name_like)),
                         ("phase", id_like(phase, like.get("phase")))])
    if like.fa.flow_style():
        item.fa.set_flow_style()
    else:
        item.fa.set_block_style()
    return item
