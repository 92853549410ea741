"""Opportunities added (an id made from the title), changed field by field, removed; a removed step forgotten.

An opportunity addresses touchpoints and pains by id (`touchpoint` or `touchpoint#pain-id`); each
address must name a touchpoint of the map, and a pain with that id. When a step is removed, its
addresses go, and an opportunity left with none goes too (`forget_touchpoint`).
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from journeymap.model.format import Opportunity
from journeymap.serve.edit.editable_map import EditableMap, name_of, set_or_drop
from journeymap.serve.edit.entries import append_item, insert_key, remove_entry, replace_value, take_entry
from journeymap.serve.edit.ids import slug
from journeymap.serve.edit.nodes import id_like, id_scalar, is_block, is_flow, new_list, text_scalar, to_plain
from journeymap.serve.edit.summary import Label
from journeymap.serve.edit.untrusted import EditRefused


def add_opportunity(editable: EditableMap, request: dict) -> list:
    for address in request["addresses"]:
        _check_address(editable, address)
    root = editable.root
    opportunities = root.get("opportunities")
    if opportunities is not None and not isinstance(opportunities, CommentedSeq):
        raise EditRefused("'opportunities' is not a list in the file; fix that in the file first")
    taken = {str(o.get("id")) for o in opportunities or [] if isinstance(o, CommentedMap)}
    item = CommentedMap([("id", id_scalar(opportunity_id(request["title"], taken))),
                         ("title", DoubleQuotedScalarString(request["title"])),
                         ("addresses", new_list([DoubleQuotedScalarString(a) for a in request["addresses"]], flow=True))])
    if request["owner"] is not None:
        item["owner"] = id_scalar(request["owner"])
    editable.say("summary.opportunity_added", title=request["title"])
    if opportunities is None:
        item.fa.set_block_style()
        if "opportunities" in root:
            root["opportunities"] = new_list([item], flow=False)
        else:
            insert_key(root, len(root), "opportunities", new_list([item], flow=False), gap=editable.sections_spaced())
        return [("set", ("opportunities",), [to_plain(item)])]
    neighbours = [o for o in opportunities if isinstance(o, CommentedMap)]
    if is_flow(opportunities) or (neighbours and is_flow(neighbours[-1])):
        item.fa.set_flow_style()
    else:
        item.fa.set_block_style()
    append_item(opportunities, item)
    return [("append", ("opportunities",), to_plain(item))]


OPPORTUNITY_KEYS = list(Opportunity.model_fields)


def set_opportunity(editable: EditableMap, request: dict) -> list:
    index, opportunity = editable.opportunity(request["opportunity"])
    field, value = request["field"], request["value"]
    old = opportunity.get(field)
    if field == "addresses":
        for address in value:
            _check_address(editable, address)
        quoted = type(old[0]) if isinstance(old, CommentedSeq) and len(old) and isinstance(
            old[0], (DoubleQuotedScalarString, SingleQuotedScalarString)) else DoubleQuotedScalarString
        node = new_list([quoted(a) for a in value], flow=not (isinstance(old, CommentedSeq) and is_block(old)))
    elif field in ("title", "notes"):
        node = None if value is None else text_scalar(value, old if isinstance(old, str) else None)
    elif field == "owner" and value is not None:
        node = id_like(value, old)
    else:
        node = value
    said = {"what": Label(f"field.{field}"), "opportunity": name_of(opportunity)}
    editable.say("summary.opportunity_unset" if value is None else "summary.opportunity_set", **said,
                 **({} if value is None else {"value": value}))
    return set_or_drop(opportunity, field, node, ("opportunities", index, field), OPPORTUNITY_KEYS)


def remove_opportunity(editable: EditableMap, request: dict) -> list:
    index, opportunity = editable.opportunity(request["opportunity"])
    editable.say("summary.opportunity_removed", title=name_of(opportunity))
    return _remove_at(editable, index)


def forget_touchpoint(editable: EditableMap, touchpoint_id: str) -> tuple[list, list[str], list[str]]:
    """Remove a step's addresses from every opportunity, and opportunities left with none.
    Returns (steps, titles of the opportunities that changed, titles of those removed)."""
    steps, changed, removed = [], [], []
    opportunities = editable.opportunities() or []
    for index in reversed(range(len(opportunities))):
        opportunity = opportunities[index]
        addresses = opportunity.get("addresses") if isinstance(opportunity, CommentedMap) else None
        if not isinstance(addresses, CommentedSeq):
            continue
        gone = [p for p, a in enumerate(addresses) if str(a).partition("#")[0] == touchpoint_id]
        if not gone:
            continue
        if len(gone) == len(addresses):
            removed.insert(0, name_of(opportunity))
            steps += _remove_at(editable, index)
            continue
        changed.insert(0, name_of(opportunity))
        for position in reversed(gone):
            remove_entry(addresses, position)
        steps.append(("set", ("opportunities", index, "addresses"), to_plain(addresses)))
    return steps, changed, removed


def _remove_at(editable: EditableMap, index: int) -> list:
    opportunities = editable.opportunities()
    if len(opportunities) == 1:   # the section stays, as `opportunities: []`
        replace_value(editable.root, "opportunities", new_list([], flow=True))
        return [("set", ("opportunities",), [])]
    take_entry(opportunities, index)
    return [("delete", ("opportunities",), index)]


def _check_address(editable: EditableMap, address: str) -> None:
    touchpoint_id, _, pain_id = address.partition("#")
    _, touchpoint = editable.touchpoint(touchpoint_id, editing=False)
    pains = touchpoint.get("pains")
    if pain_id and not any(isinstance(p, CommentedMap) and p.get("id") == pain_id
                           for p in (pains if isinstance(pains, CommentedSeq) else [])):
        raise EditRefused(f"touchpoint '{touchpoint_id}' has no pain with the id '{pain_id}' (a pain written as "
                          "plain text has no id: address the touchpoint instead)")


def opportunity_id(title: str, taken: set[str]) -> str:
    """An id made from a title ('Guest checkout, now!' -> 'guest-checkout-now'), unique among taken."""
    return slug(title, taken, "opportunity")
