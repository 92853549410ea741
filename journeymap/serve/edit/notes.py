"""A touchpoint's sticky notes added and removed."""

from __future__ import annotations

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from journeymap.serve.edit.editable_map import EditableMap, name_of, touchpoint_path
from journeymap.serve.edit.items import add_item, item_at, item_text, remove_item
from journeymap.serve.edit.summary import Label


def add_note(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    editable.say("summary.added", what=Label("field.note"), touchpoint=name_of(touchpoint), value=request["text"])
    by = [] if request["by"] is None else [("by", DoubleQuotedScalarString(request["by"]))]
    return add_item(touchpoint, "notes", request["text"], by, touchpoint_path(index, "notes"))


def remove_note(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    note = item_at(touchpoint, "notes", request)[request["index"]]
    editable.say("summary.removed", what=Label("field.note"), touchpoint=name_of(touchpoint), value=item_text(note))
    return remove_item(touchpoint, "notes", request, touchpoint_path(index, "notes"))
