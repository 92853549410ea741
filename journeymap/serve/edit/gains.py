"""A touchpoint's gains added, edited and removed."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from journeymap.serve.edit.editable_map import EditableMap, name_of, touchpoint_path
from journeymap.serve.edit.items import add_item, edit_mapping, item_at, item_text, remove_item
from journeymap.serve.edit.nodes import text_scalar, to_plain
from journeymap.serve.edit.summary import Label
from journeymap.serve.edit.untrusted import EditRefused, shown


def add_gain(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    editable.say("summary.added", what=Label("field.gain"), touchpoint=name_of(touchpoint), value=request["text"])
    return add_item(touchpoint, "gains", request["text"], [], touchpoint_path(index, "gains"))


def edit_gain(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    items = item_at(touchpoint, "gains", request)
    position, old = request["index"], items[request["index"]]
    if isinstance(old, CommentedMap):
        edit_mapping(old, request["text"], [], None)
    elif isinstance(old, str):
        items[position] = text_scalar(request["text"], old)
    else:
        raise EditRefused(f"gain {position} of touchpoint '{request['touchpoint']}' is {shown(old)} in the file, "
                          "not text or a mapping; fix it in the file first")
    editable.say("summary.changed", what=Label("field.gain"), touchpoint=name_of(touchpoint), value=request["text"])
    return [("set", touchpoint_path(index, "gains", position), to_plain(items[position]))]


def remove_gain(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    gain = item_at(touchpoint, "gains", request)[request["index"]]
    editable.say("summary.removed", what=Label("field.gain"), touchpoint=name_of(touchpoint), value=item_text(gain))
    return remove_item(touchpoint, "gains", request, touchpoint_path(index, "gains"))
