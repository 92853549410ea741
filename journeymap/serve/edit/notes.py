"""A touchpoint's sticky notes added and removed."""

from __future__ import annotations

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from journeymap.serve.edit.editable_map import EditableMap, touchpoint_path
from journeymap.serve.edit.items import add_item, remove_item


def add_note(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    by = [] if request["by"] is None else [("by", DoubleQuotedScalarString(request["by"]))]
    return add_item(touchpoint, "notes", request["text"], by, touchpoint_path(index, "notes"))


def remove_note(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    return remove_item(touchpoint, "notes", request, touchpoint_path(index, "notes"))
