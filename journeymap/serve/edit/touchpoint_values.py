"""A touchpoint's effort, name or owner set or removed, in the quoting the file already uses."""

from __future__ import annotations

from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from journeymap.serve.edit.editable_map import EditableMap, set_or_drop, touchpoint_path
from journeymap.serve.edit.nodes import id_scalar, text_scalar


def set_effort(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    return set_or_drop(touchpoint, "effort", request["value"], touchpoint_path(index, "effort"))


def set_name(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    return set_or_drop(touchpoint, "name", text_scalar(request["value"], touchpoint.get("name")),
                        touchpoint_path(index, "name"))


def set_owner(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    value, old = request["value"], touchpoint.get("owner")
    if value is not None:
        quoted = isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString))
        value = type(old)(value) if quoted else id_scalar(value)
    return set_or_drop(touchpoint, "owner", value, touchpoint_path(index, "owner"))
