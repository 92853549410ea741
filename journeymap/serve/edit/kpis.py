"""A touchpoint's KPI set or removed, in the form the file uses: a plain number, or {value, target, better, unit}.

A KPI written as a number stays a number while no target, direction or unit is given; one written
as a mapping stays a mapping, with the keys the edit sends (a key sent as null is removed). A new
KPI is a number, or a mapping on one line when it has a target, direction or unit.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from journeymap.serve.edit.checks import MISSING
from journeymap.serve.edit.editable_map import EditableMap, drop_key, name_of, put_key, touchpoint_path
from journeymap.serve.edit.entries import insert_key, remove_entry
from journeymap.serve.edit.nodes import flow_mapping, is_block, number_node, text_scalar, to_plain
from journeymap.serve.edit.summary import Label
from journeymap.serve.edit.untrusted import EditRefused, shown

KPI_KEYS = ("value", "target", "better", "unit")


def set_kpi(editable: EditableMap, request: dict) -> list:
    if request["value"] is None:
        return remove_kpi(editable, request)
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    name, path = request["name"], touchpoint_path(index, "kpis")
    kpis = _kpis(touchpoint)
    wanted = [(key, _node(key, request[key])) for key in KPI_KEYS if request[key] is not None]
    current = kpis.get(name) if kpis is not None else None
    editable.say("summary.kpi", kpi=name, touchpoint=name_of(touchpoint), value=request["value"])
    if request["target"] is not None:
        editable.say("summary.kpi_target", target=request["target"])
    if isinstance(current, CommentedMap):
        _update(current, wanted)
        return [("set", (*path, name), to_plain(current))]
    value = flow_mapping(wanted) if len(wanted) > 1 else wanted[0][1]
    if kpis is None:
        added = CommentedMap([(name, value)])
        if touchpoint.fa.flow_style():
            added.fa.set_flow_style()
        put_key(touchpoint, "kpis", added)
        return [("set", path, to_plain(added))]
    if name not in kpis and is_block(kpis):
        insert_key(kpis, len(kpis), name, value)
    else:
        kpis[name] = value
    return [("set", (*path, name), to_plain(kpis[name]))]


def remove_kpi(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    name, path = request["name"], touchpoint_path(index, "kpis")
    kpis = _kpis(touchpoint)
    if kpis is None or name not in kpis:
        raise EditRefused(f"touchpoint '{request['touchpoint']}' has no KPI '{name}'")
    editable.say("summary.kpi_removed", kpi=name, touchpoint=name_of(touchpoint))
    carried = remove_entry(kpis, name)
    if kpis:
        return [("set", (*path, name), MISSING)]
    drop_key(touchpoint, "kpis", carried)
    return [("set", path, MISSING)]


def _kpis(touchpoint: CommentedMap) -> CommentedMap | None:
    kpis = touchpoint.get("kpis")
    if kpis is not None and not isinstance(kpis, CommentedMap):
        raise EditRefused(f"the kpis of touchpoint '{touchpoint.get('id')}' are {shown(kpis)} in the file, not a "
                          "mapping of names to values; fix that in the file first")
    return kpis


def _node(key: str, value):
    if key == "unit":
        return text_scalar(value, "")       # plain when YAML reads it as text, else quoted
    return number_node(value) if key in ("value", "target") else value


def _update(kpi: CommentedMap, wanted: list[tuple]) -> None:
    """A KPI written as a mapping: its keys set in place, new ones in the format's order, unsent ones removed."""
    values = dict(wanted)
    for key in [k for k in kpi if k in KPI_KEYS and k not in values]:
        remove_entry(kpi, key)
    for key, value in wanted:
        if key in kpi:
            kpi[key] = value
            continue
        before = set(KPI_KEYS[:KPI_KEYS.index(key)])
        positions = [position for position, name in enumerate(kpi) if name in before]
        insert_key(kpi, max(positions) + 1 if positions else 0, key, value)
