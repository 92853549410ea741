"""A touchpoint's pains added, edited and removed; one written as text stays text at the default severity."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap.serve.edit.editable_map import EditableMap, name_of, touchpoint_path
from journeymap.serve.edit.items import add_item, edit_mapping, item_at, item_text, items_of, remove_item
from journeymap.serve.edit.nodes import flow_mapping, text_scalar, to_plain
from journeymap.serve.edit.summary import Label
from journeymap.serve.edit.untrusted import EditRefused, shown

DEFAULT_SEVERITY = 3


def add_pain(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    severity = DEFAULT_SEVERITY if request["severity"] is None else request["severity"]
    extra = [] if severity == DEFAULT_SEVERITY else [("severity", severity)]
    items = items_of(touchpoint, "pains", request["touchpoint"])
    if items and all(isinstance(n, CommentedMap) for n in items):
        extra = [("severity", severity)]   # a list of mappings gets a mapping, severity written out
    editable.say("summary.added", what=Label("field.pain"), touchpoint=name_of(touchpoint), value=request["text"])
    return add_item(touchpoint, "pains", request["text"], extra, touchpoint_path(index, "pains"))


def edit_pain(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    items = item_at(touchpoint, "pains", request)
    position, old = request["index"], items[request["index"]]
    text, severity = request["text"], request["severity"]
    if isinstance(old, CommentedMap):
        edit_mapping(old, text, [] if severity is None else [("severity", severity)], DEFAULT_SEVERITY)
    elif isinstance(old, str):
        text_value = text_scalar(text if text is not None else str(old), old)
        if severity is None or severity == DEFAULT_SEVERITY:
            items[position] = text_value
        else:
            items[position] = flow_mapping([("text", text_value), ("severity", severity)])
    else:
        raise EditRefused(f"pain {position} of touchpoint '{request['touchpoint']}' is {shown(old)} in the file, "
                          "not text or a mapping; fix it in the file first")
    editable.say("summary.changed", what=Label("field.pain"), touchpoint=name_of(touchpoint),
                 value=item_text(items[position]))
    if severity is not None:
        editable.say("summary.severity", severity=severity)
    return [("set", touchpoint_path(index, "pains", position), to_plain(items[position]))]


def remove_pain(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    pain = item_at(touchpoint, "pains", request)[request["index"]]
    _check_unaddressed(editable, request["touchpoint"], pain)
    editable.say("summary.removed", what=Label("field.pain"), touchpoint=name_of(touchpoint), value=item_text(pain))
    return remove_item(touchpoint, "pains", request, touchpoint_path(index, "pains"))


def _check_unaddressed(editable: EditableMap, touchpoint_id: str, pain) -> None:
    """A pain an opportunity addresses by its id stays until the opportunity no longer does."""
    pain_id = pain.get("id") if isinstance(pain, CommentedMap) else None
    opportunities = editable.root.get("opportunities")
    for opportunity in opportunities if pain_id is not None and isinstance(opportunities, CommentedSeq) else []:
        addresses = opportunity.get("addresses") if isinstance(opportunity, CommentedMap) else None
        if isinstance(addresses, list) and f"{touchpoint_id}#{pain_id}" in addresses:
            raise EditRefused(f"opportunity '{opportunity.get('id')}' addresses this pain "
                              f"({touchpoint_id}#{pain_id}); change that opportunity in the file first")
