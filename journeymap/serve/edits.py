"""`journeymap serve --edit`: one browser edit applied to a map's YAML text, touching only the lines it must.

An edit is a JSON object with an "op" (docs/workshops.md, "What an edit changes in the file"):

    {"op": "emotion", "touchpoint": ID, "persona": ID | null, "value": -2..2 | word | null,
     "personas": [ID, ...]}                          (persona, personas optional)
    {"op": "effort", "touchpoint": ID, "value": 1..7 | null}
    {"op": "name", "touchpoint": ID, "value": TEXT}
    {"op": "owner", "touchpoint": ID, "value": ID | null}
    {"op": "add-pain", "touchpoint": ID, "text": TEXT, "severity": 1..5}      (severity optional, 3)
    {"op": "edit-pain", "touchpoint": ID, "index": N, "text": TEXT, "severity": 1..5}   (one or both)
    {"op": "remove-pain", "touchpoint": ID, "index": N}
    {"op": "add-gain", "touchpoint": ID, "text": TEXT}
    {"op": "edit-gain", "touchpoint": ID, "index": N, "text": TEXT}
    {"op": "remove-gain", "touchpoint": ID, "index": N}
    {"op": "add-note", "touchpoint": ID, "text": TEXT, "by": TEXT | null}     (by optional)
    {"op": "remove-note", "touchpoint": ID, "index": N}
    {"op": "add-opportunity", "title": TEXT, "addresses": ["touchpoint" | "touchpoint#pain-id", ...],
     "owner": ID | null}                             (owner optional)

Emotion: `persona: null` sets (or, with `value: null`, removes) the one emotion every persona shares.
With a persona, a per-persona mapping gets that persona's entry set, added or removed; a shared
single value becomes a mapping (written `{a: -1, b: 1}` on its line) that keeps the old value for
the other personas who pass the touchpoint: its own `personas:` list, else the edit's `personas`
(the map's persona ids after includes, which only the serve layer knows). A touchpoint only that
persona passes keeps a single value. A mapping left empty is removed.

`index` counts a touchpoint's pains (gains) in file order from 0. A pain written as text stays
text while its severity is 3 (the default); another severity makes it `{text, severity}`; a
mapping keeps its `id` and other keys. Opportunities address touchpoints and pains by id; a pain
written as text has no id, so address its touchpoint (which addresses all of its friction).

The written text is the input with only the edited lines changed; everything else (comments,
blank lines, key order, quoting, flow style, line endings, the final newline, the editor modeline)
stays byte for byte. A file ruamel.yaml cannot write back unchanged, an edit that would lose a
comment, or one that would change any other value of the map as journeymap reads it (YAML 1.1),
is refused (EditRefused), and nothing is written.
"""

from __future__ import annotations

import copy
import math
import re
import unicodedata

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from journeymap.model.format import Touchpoint
from journeymap.serve.edit_request import EditRefused, check_request, shown
from journeymap.serve.roundtrip import (LAYOUT, Document, LayoutError, append_item, check_comments, flow_mapping,
                                        id_scalar, insert_key, is_block, is_flow, new_list, remove_entry,
                                        replace_value, text_scalar, to_plain, uses_anchors)

__all__ = ["EditRefused", "apply_edit"]

TOUCHPOINT_KEYS = list(Touchpoint.model_fields)
DEFAULT_SEVERITY = 3
MISSING = object()   # in a step: the key is gone


def apply_edit(text: str, edit: dict) -> str:
    """The map text after one edit; raises EditRefused for a malformed edit or an unknown target."""
    request = check_request(edit)
    try:
        document = Document(text)
        steps = OPERATIONS[request["op"]](_Map(document), request)
        if not steps:
            return text
        result = document.dump()
        check_comments(text, result)
        _check_data(text, result, steps)
    except LayoutError as exc:
        raise EditRefused(str(exc)) from None
    except EditRefused:
        raise
    except Exception as exc:   # a bug must not reach the browser as a traceback; the file is not written
        raise EditRefused(f"the editor could not make this change (internal error: {type(exc).__name__}); "
                          "the file was not changed") from exc
    return result


class _Map:
    """The loaded map: its touchpoints and opportunities as ruamel nodes."""

    def __init__(self, document: Document):
        if not isinstance(document.data, CommentedMap):
            raise EditRefused("the map file is not a mapping of keys (journeymap:, title:, …)")
        self.root = document.data
        self.lines = document.body.split("\n")

    def touchpoint(self, touchpoint_id: str, *, editing: bool = True) -> tuple[int, CommentedMap]:
        """The first touchpoint with this id, and its position in `touchpoints`."""
        touchpoints = self.root.get("touchpoints")
        for index, item in enumerate(touchpoints if isinstance(touchpoints, CommentedSeq) else []):
            if isinstance(item, CommentedMap) and item.get("id") == touchpoint_id:
                if editing and uses_anchors(item):
                    raise EditRefused(f"touchpoint '{touchpoint_id}' is written with YAML anchors, aliases or "
                                      "merge keys (&, *, <<:), so an edit would change other parts of the map "
                                      "too; make this change in the file")
                return index, item
        raise EditRefused(f"there is no touchpoint '{touchpoint_id}' in this map")

    def sections_spaced(self) -> bool:
        """Are the top-level sections of the file separated by blank lines?"""
        for key in list(self.root)[1:]:
            line = self.root.lc.key(key)[0] - 1
            while line >= 0 and self.lines[line].lstrip().startswith("#"):
                line -= 1
            if line >= 0 and not self.lines[line].strip():
                return True
        return False


def _path(index: int, *rest) -> tuple:
    return ("touchpoints", index, *rest)


def _put(touchpoint: CommentedMap, key: str, value) -> None:
    """Set a key of a touchpoint; a new key goes where the format lists it (after the keys before it)."""
    if key in touchpoint:
        replace_value(touchpoint, key, value)
        return
    before = set(TOUCHPOINT_KEYS[:TOUCHPOINT_KEYS.index(key)])
    positions = [position for position, name in enumerate(touchpoint) if name in before]
    insert_key(touchpoint, max(positions) + 1 if positions else len(touchpoint), key, value)


def _drop(touchpoint: CommentedMap, key: str, carried: str = "") -> None:
    if remove_entry(touchpoint, key, carried):
        raise LayoutError(f"{LAYOUT}comment lines would be left without a place; make this change in the file")


def _set_or_drop(touchpoint: CommentedMap, key: str, value, path: tuple) -> list:
    if value is None:
        if key not in touchpoint:
            return []
        _drop(touchpoint, key)
        return [("set", path, MISSING)]
    _put(touchpoint, key, value)
    return [("set", path, to_plain(touchpoint[key]))]


# --------------------------------------------------------------------------- emotion, effort, name, owner

def _emotion(tmap: _Map, request: dict) -> list:
    index, touchpoint = tmap.touchpoint(request["touchpoint"])
    persona, value, path = request["persona"], request["value"], _path(index, "emotion")
    if persona is None:
        return _set_or_drop(touchpoint, "emotion", value, path)
    passing = _passing(touchpoint, request)
    current = touchpoint.get("emotion")
    if isinstance(current, CommentedMap):
        return _persona_emotion(touchpoint, current, persona, value, path)
    if current is None:
        return _set_or_drop(touchpoint, "emotion", None if value is None else flow_mapping([(persona, value)]), path)
    if isinstance(current, (CommentedSeq, bool)) or not isinstance(current, (int, float, str)):
        raise EditRefused(f"the emotion of touchpoint '{request['touchpoint']}' is {shown(current)} in the file, "
                          "not a number, a word or one per persona; fix it in the file first")
    return _split_shared(touchpoint, current, request, passing, path)


def _passing(touchpoint: CommentedMap, request: dict) -> list[str] | None:
    """Who passes the touchpoint: its own `personas`, else the map's personas the edit names (or None)."""
    persona, personas = request["persona"], request["personas"]
    if personas is not None and persona not in personas:
        raise EditRefused(f"there is no persona '{persona}' in this map")
    own = touchpoint.get("personas")
    if isinstance(own, CommentedSeq):
        passing = [str(item) for item in own]
        if persona not in passing:
            raise EditRefused(f"persona '{persona}' does not pass touchpoint '{request['touchpoint']}' "
                              f"(its personas: {', '.join(passing) or 'none'})")
        return passing
    return personas


def _persona_emotion(touchpoint, emotions: CommentedMap, persona: str, value, path: tuple) -> list:
    if value is None:
        if persona not in emotions:
            return []
        carried = remove_entry(emotions, persona)
        if emotions:
            return [("set", (*path, persona), MISSING)]
        _drop(touchpoint, "emotion", carried)
        return [("set", path, MISSING)]
    if persona not in emotions and is_block(emotions):
        insert_key(emotions, len(emotions), persona, value)
    else:
        emotions[persona] = value
    return [("set", (*path, persona), to_plain(emotions[persona]))]


def _split_shared(touchpoint, shared, request: dict, passing: list[str] | None, path: tuple) -> list:
    """One persona's emotion where every persona shares one: a mapping that keeps the others' value."""
    persona, value = request["persona"], request["value"]
    if passing is None:
        raise EditRefused(f"touchpoint '{request['touchpoint']}' has one emotion for every persona; to set "
                          f"'{persona}' alone the edit must list the map's personas (field 'personas')")
    if passing == [persona]:
        return _set_or_drop(touchpoint, "emotion", value, path)
    pairs = [(p, value if p == persona else shared) for p in passing if not (p == persona and value is None)]
    touchpoint["emotion"] = flow_mapping(pairs)
    return [("set", path, to_plain(touchpoint["emotion"]))]


def _effort(tmap: _Map, request: dict) -> list:
    index, touchpoint = tmap.touchpoint(request["touchpoint"])
    return _set_or_drop(touchpoint, "effort", request["value"], _path(index, "effort"))


def _name(tmap: _Map, request: dict) -> list:
    index, touchpoint = tmap.touchpoint(request["touchpoint"])
    return _set_or_drop(touchpoint, "name", text_scalar(request["value"], touchpoint.get("name")),
                        _path(index, "name"))


def _owner(tmap: _Map, request: dict) -> list:
    index, touchpoint = tmap.touchpoint(request["touchpoint"])
    value, old = request["value"], touchpoint.get("owner")
    if value is not None:
        quoted = isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString))
        value = type(old)(value) if quoted else id_scalar(value)
    return _set_or_drop(touchpoint, "owner", value, _path(index, "owner"))


# --------------------------------------------------------------------------- pains, gains, notes

def _items(touchpoint: CommentedMap, key: str, touchpoint_id: str) -> CommentedSeq | None:
    items = touchpoint.get(key)
    if items is not None and not isinstance(items, CommentedSeq):
        raise EditRefused(f"the {key} of touchpoint '{touchpoint_id}' are not a list in the file; "
                          "fix that in the file first")
    return items


def _item_at(touchpoint: CommentedMap, key: str, request: dict) -> CommentedSeq:
    items = _items(touchpoint, key, request["touchpoint"]) or []
    if request["index"] >= len(items):
        raise EditRefused(f"touchpoint '{request['touchpoint']}' has no {key[:-1]} at position {request['index']} "
                          f"(it has {len(items)} {key if len(items) != 1 else key[:-1]}, counted from 0)")
    return items


def _new_item(items, text: str, extra: list[tuple]):
    """A new pain, gain or note in the style of its list: text, or a mapping like its neighbours."""
    neighbours = list(items or [])
    text_value = text_scalar(text, _quoting_like(neighbours))
    all_mappings = bool(neighbours) and all(isinstance(n, CommentedMap) for n in neighbours)
    if not extra and not all_mappings:
        return text_value
    item = CommentedMap([("text", text_value), *extra])
    if not (all_mappings and all(is_block(n) for n in neighbours)) or is_flow(items):
        item.fa.set_flow_style()
    return item


def _quoting_like(neighbours: list):
    """The first neighbour's text, if it is plain or quoted (a folded or literal block is no model for one line)."""
    for neighbour in neighbours:
        text = neighbour.get("text") if isinstance(neighbour, CommentedMap) else neighbour
        if isinstance(text, str):
            return text if type(text) in (str, DoubleQuotedScalarString, SingleQuotedScalarString) else None
    return None


def _add_item(touchpoint: CommentedMap, key: str, text: str, extra: list[tuple], path: tuple) -> list:
    items = _items(touchpoint, key, str(touchpoint.get("id")))
    item = _new_item(items, text, extra)
    if items is None:
        _put(touchpoint, key, new_list([item], flow=is_flow(touchpoint)))
        return [("set", path, [to_plain(item)])]
    append_item(items, item)
    return [("append", path, to_plain(item))]


def _remove_item(touchpoint: CommentedMap, key: str, request: dict, path: tuple) -> list:
    items = _item_at(touchpoint, key, request)
    carried = remove_entry(items, request["index"])
    if items:
        return [("delete", path, request["index"])]
    _drop(touchpoint, key, carried)
    return [("set", path, MISSING)]


def _add_pain(tmap: _Map, request: dict) -> list:
    index, touchpoint = tmap.touchpoint(request["touchpoint"])
    severity = DEFAULT_SEVERITY if request["severity"] is None else request["severity"]
    extra = [] if severity == DEFAULT_SEVERITY else [("severity", severity)]
    items = _items(touchpoint, "pains", request["touchpoint"])
    if items and all(isinstance(n, CommentedMap) for n in items):
        extra = [("severity", severity)]   # a list of mappings gets a mapping, severity written out
    return _add_item(touchpoint, "pains", request["text"], extra, _path(index, "pains"))


def _edit_pain(tmap: _Map, request: dict) -> list:
    index, touchpoint = tmap.touchpoint(request["touchpoint"])
    items = _item_at(touchpoint, "pains", request)
    position, old = request["index"], items[request["index"]]
    text, severity = request["text"], request["severity"]
    if isinstance(old, CommentedMap):
        _edit_mapping(old, text, [] if severity is None else [("severity", severity)], DEFAULT_SEVERITY)
    elif isinstance(old, str):
        text_value = text_scalar(text if text is not None else str(old), old)
        if severity is None or severity == DEFAULT_SEVERITY:
            items[position] = text_value
        else:
            items[position] = flow_mapping([("text", text_value), ("severity", severity)])
    else:
        raise EditRefused(f"pain {position} of touchpoint '{request['touchpoint']}' is {shown(old)} in the file, "
                          "not text or a mapping; fix it in the file first")
    return [("set", _path(index, "pains", position), to_plain(items[position]))]


def _edit_mapping(item: CommentedMap, text: str | None, extra: list[tuple], default_severity: int | None) -> None:
    """Change a pain or gain written as a mapping in place: its id and other keys stay."""
    if text is not None:
        if "text" in item:
            item["text"] = text_scalar(text, item["text"])
        else:
            insert_key(item, 1 if "id" in item else 0, "text", DoubleQuotedScalarString(text))
    for key, value in extra:
        if key in item:
            item[key] = value
        elif value != default_severity:
            keys = list(item)
            insert_key(item, keys.index("text") + 1 if "text" in keys else len(keys), key, value)


def _edit_gain(tmap: _Map, request: dict) -> list:
    index, touchpoint = tmap.touchpoint(request["touchpoint"])
    items = _item_at(touchpoint, "gains", request)
    position, old = request["index"], items[request["index"]]
    if isinstance(old, CommentedMap):
        _edit_mapping(old, request["text"], [], None)
    elif isinstance(old, str):
        items[position] = text_scalar(request["text"], old)
    else:
        raise EditRefused(f"gain {position} of touchpoint '{request['touchpoint']}' is {shown(old)} in the file, "
                          "not text or a mapping; fix it in the file first")
    return [("set", _path(index, "gains", position), to_plain(items[position]))]


def _add_gain(tmap: _Map, request: dict) -> list:
    index, touchpoint = tmap.touchpoint(request["touchpoint"])
    return _add_item(touchpoint, "gains", request["text"], [], _path(index, "gains"))


def _remove(key: str):
    def remove(tmap: _Map, request: dict) -> list:
        index, touchpoint = tmap.touchpoint(request["touchpoint"])
        if key == "pains":
            _check_unaddressed(tmap, request["touchpoint"], _item_at(touchpoint, key, request)[request["index"]])
        return _remove_item(touchpoint, key, request, _path(index, key))
    return remove


def _check_unaddressed(tmap: _Map, touchpoint_id: str, pain) -> None:
    """A pain an opportunity addresses by its id stays until the opportunity no longer does."""
    pain_id = pain.get("id") if isinstance(pain, CommentedMap) else None
    opportunities = tmap.root.get("opportunities")
    for opportunity in opportunities if pain_id is not None and isinstance(opportunities, CommentedSeq) else []:
        addresses = opportunity.get("addresses") if isinstance(opportunity, CommentedMap) else None
        if isinstance(addresses, list) and f"{touchpoint_id}#{pain_id}" in addresses:
            raise EditRefused(f"opportunity '{opportunity.get('id')}' addresses this pain "
                              f"({touchpoint_id}#{pain_id}); change that opportunity in the file first")


def _add_note(tmap: _Map, request: dict) -> list:
    index, touchpoint = tmap.touchpoint(request["touchpoint"])
    by = [] if request["by"] is None else [("by", DoubleQuotedScalarString(request["by"]))]
    return _add_item(touchpoint, "notes", request["text"], by, _path(index, "notes"))


# --------------------------------------------------------------------------- opportunities

def _add_opportunity(tmap: _Map, request: dict) -> list:
    for address in request["addresses"]:
        _check_address(tmap, address)
    root = tmap.root
    opportunities = root.get("opportunities")
    if opportunities is not None and not isinstance(opportunities, CommentedSeq):
        raise EditRefused("'opportunities' is not a list in the file; fix that in the file first")
    taken = {str(o.get("id")) for o in opportunities or [] if isinstance(o, CommentedMap)}
    item = CommentedMap([("id", id_scalar(opportunity_id(request["title"], taken))),
                         ("title", DoubleQuotedScalarString(request["title"])),
                         ("addresses", new_list([DoubleQuotedScalarString(a) for a in request["addresses"]], flow=True))])
    if request["owner"] is not None:
        item["owner"] = id_scalar(request["owner"])
    if opportunities is None:
        item.fa.set_block_style()
        if "opportunities" in root:
            root["opportunities"] = new_list([item], flow=False)
        else:
            insert_key(root, len(root), "opportunities", new_list([item], flow=False), gap=tmap.sections_spaced())
        return [("set", ("opportunities",), [to_plain(item)])]
    neighbours = [o for o in opportunities if isinstance(o, CommentedMap)]
    if is_flow(opportunities) or (neighbours and is_flow(neighbours[-1])):
        item.fa.set_flow_style()
    else:
        item.fa.set_block_style()
    append_item(opportunities, item)
    return [("append", ("opportunities",), to_plain(item))]


def _check_address(tmap: _Map, address: str) -> None:
    touchpoint_id, _, pain_id = address.partition("#")
    _, touchpoint = tmap.touchpoint(touchpoint_id, editing=False)
    pains = touchpoint.get("pains")
    if pain_id and not any(isinstance(p, CommentedMap) and p.get("id") == pain_id
                           for p in (pains if isinstance(pains, CommentedSeq) else [])):
        raise EditRefused(f"touchpoint '{touchpoint_id}' has no pain with the id '{pain_id}' (a pain written as "
                          "plain text has no id: address the touchpoint instead)")


def opportunity_id(title: str, taken: set[str]) -> str:
    """An id made from a title ('Guest checkout, now!' -> 'guest-checkout-now'), unique among taken."""
    text = title.lower()
    for letter, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(letter, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = ""
    for word in re.findall(r"[a-z0-9]+", text):
        if slug and len(slug) + 1 + len(word) > 40:
            break
        slug = f"{slug}-{word}" if slug else word[:40]
    slug = slug or "opportunity"
    unique, number = slug, 2
    while unique in taken:
        unique, number = f"{slug}-{number}", number + 1
    return unique


OPERATIONS = {
    "emotion": _emotion, "effort": _effort, "name": _name, "owner": _owner,
    "add-pain": _add_pain, "edit-pain": _edit_pain, "remove-pain": _remove("pains"),
    "add-gain": _add_gain, "edit-gain": _edit_gain, "remove-gain": _remove("gains"),
    "add-note": _add_note, "remove-note": _remove("notes"), "add-opportunity": _add_opportunity,
}


# --------------------------------------------------------------------------- the map, as journeymap reads it

def _check_data(before_text: str, after_text: str, steps: list) -> None:
    """As journeymap reads the files (YAML 1.1), the edit changed what its steps say, and nothing else."""
    from journeymap.source.positions import SourceError, parse

    try:
        before = parse(before_text.lstrip("\ufeff"), "map")[0]
    except SourceError as exc:
        raise EditRefused(f"the map file has a YAML error ({exc.message}); fix it in the file first") from None
    try:
        after = parse(after_text.lstrip("\ufeff"), "map")[0]
    except SourceError:
        after = MISSING
    expected = copy.deepcopy(before)
    for step in steps:
        _apply_step(expected, step)
    if after is MISSING or _comparable(after) != _comparable(expected):
        raise EditRefused(f"{LAYOUT}written back, the file would not read as this edit alone; "
                          "make this change in the file")


def _apply_step(data, step: tuple) -> None:
    kind, path, value = step
    parent = data
    try:
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        if kind == "set" and value is MISSING:
            parent.pop(key, None)
        elif kind == "set":
            parent[key] = value
        elif kind == "append" and isinstance(parent.get(key), list):
            parent[key].append(value)
        elif kind == "append":
            parent[key] = [value]
        else:
            del parent[key][value]
    except (KeyError, IndexError, TypeError, AttributeError):
        raise EditRefused(f"{LAYOUT}the map reads differently in journeymap than in the editor; "
                          "make this change in the file") from None


def _comparable(data):
    """Data with mapping order ignored and NaN equal to itself, so that two readings compare."""
    if isinstance(data, dict):
        return sorted(((str(key), _comparable(value)) for key, value in data.items()), key=lambda item: item[0])
    if isinstance(data, list):
        return [_comparable(value) for value in data]
    if isinstance(data, float) and math.isnan(data):
        return ("nan",)
    return data
