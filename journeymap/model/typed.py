"""Plain data -> typed JourneyMap, turning pydantic's errors into `schema` findings at the right line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from journeymap.findings import ERROR, Diagnostic
from journeymap.model.paths import data_path
from journeymap.suggest import did_you_mean
from journeymap.source.positions import SourceMap

RULE = "schema"


def to_model(data: Any, sourcemap: SourceMap):
    """Validate plain data against format v1; never raises.

    Returns (model or None, findings, salvage): with schema errors the model is what is left
    once the parts holding them are cut (salvage.py says how), and salvage says what was cut.
    """
    problem = check_shape(data, sourcemap)
    if problem:
        return None, [problem], None
    from pydantic import ValidationError  # loaded only for files worth validating

    from journeymap.model.format import JourneyMap, SalvagedMap
    from journeymap.model.salvage import salvage

    try:
        return JourneyMap.model_validate(data), [], None
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    problems = [_from_pydantic(error, data, sourcemap) for error in errors]
    left = salvage(data, errors, SalvagedMap)
    return (None, problems, None) if left is None else (left[0], problems, left[1])


def check_shape(data: Any, sourcemap: SourceMap) -> Diagnostic | None:
    """The checks that need no model: empty file, not a mapping, wrong format version."""
    if data is None:
        return _finding(sourcemap, (), "the file is empty; a map needs at least "
                        "journeymap: 1, title, personas, phases and touchpoints")
    if not isinstance(data, dict):
        return _finding(sourcemap, (), f"a map must be a mapping of keys (journeymap:, title:, ...), "
                        f"but this file is {describe(data)}")
    version = data.get("journeymap", 1)
    if isinstance(version, int) and not isinstance(version, bool) and version != 1:
        return _finding(sourcemap, ("journeymap",), f"unsupported format version {version}; "
                        "this journeymap reads version 1 (journeymap: 1)", at_value=True)
    if version != 1 or isinstance(version, bool):
        got = describe(version, sourcemap.plain_text.get(("journeymap",)))
        return _finding(sourcemap, ("journeymap",), f"'journeymap' is the format version and must be the number 1, "
                        f"got {got}", at_value=True)
    return None


def _finding(sourcemap: SourceMap, path: tuple, message: str, *, at_value: bool = False) -> Diagnostic:
    position = sourcemap.value(path) if at_value else sourcemap.key(path)
    return Diagnostic.at(position, ERROR, RULE, message)


def _from_pydantic(error: dict, data: Any, sourcemap: SourceMap) -> Diagnostic:
    path, _ = data_path(data, error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        parent = path[:-1]
        return Diagnostic.at(sourcemap.value(parent), ERROR, RULE,
                             f"missing required key '{path[-1]}'{_in(parent, data)}")
    if kind == "extra_forbidden":
        known = _known_keys(path[:-1], error["loc"])
        return Diagnostic.at(sourcemap.key(path), ERROR, RULE,
                             f"unknown key '{path[-1]}'{_in(path[:-1], data)}{did_you_mean(path[-1], known)}")
    if "[key]" in error["loc"]:
        return Diagnostic.at(sourcemap.key(path), ERROR, RULE, _message(kind, error, value, path, sourcemap))
    return Diagnostic.at(sourcemap.value(path), ERROR, RULE, _message(kind, error, value, path, sourcemap))


def _message(kind: str, error: dict, value: Any, path: tuple, sourcemap: SourceMap) -> str:
    name = _name(path)
    got = describe(value, sourcemap.plain_text.get(path))
    if kind == "string_type":
        return f"{name} must be text, got {got}{_quote_hint(path, sourcemap)}"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern", "").endswith("_-]*$"):
        return (f"{name} must be an id (lowercase letters, digits, '-' and '_', starting with a letter or digit), "
                f"got '{value}'")
    if kind == "string_pattern_mismatch":
        return f"{name} must name a touchpoint id or touchpoint-id#pain-id, got '{value}'"
    if kind in ("float_type", "int_type", "int_from_float", "float_parsing", "int_parsing"):
        whole = "a whole number" if kind.startswith("int") else "a number"
        return f"{name} must be {whole}, got {got}"
    if kind == "bool_type":
        return f"{name} must be true or false, got {got}"
    if kind in ("list_type", "tuple_type"):
        return f"{name} must be a list, got {got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{name} must be a mapping (key: value), got {got}"
    if kind == "literal_error":
        amount = " or an amount of money (a number)" if "<level>" in error["loc"] else ""
        return _literal_message(name, error, value, amount)
    if kind == "too_short":
        return f"{name} must not be empty"
    if kind in ("range", "emotion_word", "currency"):
        return f"{name} {error['msg']}"
    if kind == "blank":
        item = path[-1] if path and isinstance(path[-1], int) and len(path) >= 2 else None
        return f"{f'item {item + 1} of {_name(path[:-1])}' if item is not None else name} {error['msg']}"
    return f"{name}: {error['msg']}"


def _literal_message(name: str, error: dict, value: Any, alternative: str = "") -> str:
    expected = error.get("ctx", {}).get("expected", "")
    choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
    hint = did_you_mean(value, choices) if isinstance(value, str) else ""
    return f"{name} must be one of {', '.join(choices)}{alternative}; got {describe(value)}{hint}"


def _quote_hint(path: tuple, sourcemap: SourceMap) -> str:
    raw = sourcemap.plain_text.get(path)
    if raw is None or raw in ("", "~", "null", "Null", "NULL"):
        return ""
    return f'; YAML reads the unquoted {raw} that way: quote it ("{raw}")'


def describe(value: Any, raw: str | None = None) -> str:
    """How a value reads to a person: 'a boolean (false from no)', 'a list', ..."""
    shown = f" from {raw}" if raw is not None else ""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()}{shown if raw != str(value).lower() else ''})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r}{shown})" if raw not in (None, repr(value)) else f"a number ({value!r})"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value.isoformat()}{shown})"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _name(path: tuple) -> str:
    if len(path) >= 2 and path[-2] == "emotion":
        return f"the emotion of persona '{path[-1]}'"
    keys = [part for part in path if isinstance(part, str)]
    return f"'{keys[-1]}'" if keys else "the value"


# what one entry of a list is called in a message: 'in opportunity 'o36'', not 'in opportunitie'
ITEM_NAMES = {"opportunities": "opportunity", "data": "data source"}


def _in(parent: tuple, data: Any) -> str:
    """' in touchpoint 'checkout'' when the enclosing item has an id."""
    node = data
    for part in parent:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if len(parent) >= 2 and isinstance(parent[-1], int) and isinstance(node, dict) and isinstance(node.get("id"), str):
        kind = ITEM_NAMES.get(parent[-2], parent[-2].removesuffix("s"))
        return f" in {kind} '{node['id']}'"
    return ""


def _known_keys(parent: tuple, loc: tuple = ()) -> list[str]:
    from journeymap.model.format import MODEL_AT_PATH

    pattern = tuple("*" if isinstance(p, int) else p for p in parent)
    if len(pattern) == 4 and pattern[:3] == ("touchpoints", "*", "kpis"):
        pattern = ("touchpoints", "*", "kpis", "*")
    if pattern == ("data", "*") and "<events>" in loc:
        pattern = ("data", "*", "events")
    if pattern == ("data", "*") and "<feedback>" in loc:
        pattern = ("data", "*", "feedback")
    model = MODEL_AT_PATH.get(pattern)
    return list(model.model_fields) if model else []
