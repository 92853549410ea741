"""A touchpoint's own values set or removed (`set`, and the older `name`, `effort`, `owner`), in the file's style.

Text keeps the quoting it has (or that other touchpoints use for that key); an id stays plain
unless it is quoted or YAML 1.1 would read it as something else; `moment_of_truth: false` is
the default, so false removes the key; lists are set in lists.py.
"""

from __future__ import annotations


from journeymap.serve.edit.editable_map import EditableMap, name_of, set_or_drop, touchpoint_path
from journeymap.serve.edit.lists import set_list
from journeymap.serve.edit.nodes import id_like, is_block_scalar, text_scalar
from journeymap.serve.edit.summary import Label

TEXTS = frozenset({"name", "action", "thoughts", "description"})
IDS = frozenset({"channel", "owner"})
LISTS = frozenset({"personas", "tags", "backstage"})


def set_field(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    field, value = request["field"], request["value"]
    path = touchpoint_path(index, field)
    said = {"what": Label(f"field.{field}"), "touchpoint": name_of(touchpoint)}
    if field == "moment_of_truth":
        value = True if value else None
    if field in LISTS:
        steps = set_list(editable, touchpoint, field, value, path)
    else:
        steps = set_or_drop(touchpoint, field, _styled(editable, touchpoint, field, value), path)
    if value is None:
        editable.say("summary.unset", **said)
    else:
        editable.say("summary.set", **said, value=value)
    return steps


def _styled(editable: EditableMap, touchpoint, field: str, value):
    """The value in the style the file writes that key: its own, else that of the other touchpoints."""
    if value is None:
        return None
    like = touchpoint.get(field)
    if like is None:
        like = editable.like(field, skip=touchpoint)
        if is_block_scalar(like):
            like = None     # a block of lines is no model for a new line of text
    if field in TEXTS:
        return text_scalar(value, like)
    if field in IDS:
        return id_like(value, like)
    return value


def set_effort(editable: EditableMap, request: dict) -> list:
    return set_field(editable, {**request, "field": "effort"})


def set_name(editable: EditableMap, request: dict) -> list:
    return set_field(editable, {**request, "field": "name"})


def set_owner(editable: EditableMap, request: dict) -> list:
    return set_field(editable, {**request, "field": "owner"})
