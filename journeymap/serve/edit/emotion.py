"""An emotion set or removed: shared by every persona, or one persona's, splitting a shared one when needed."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap.serve.edit.checks import MISSING
from journeymap.serve.edit.editable_map import EditableMap, drop_key, set_or_drop, touchpoint_path
from journeymap.serve.edit.entries import insert_key, remove_entry
from journeymap.serve.edit.nodes import flow_mapping, is_block, to_plain
from journeymap.serve.edit.request import EditRefused, shown


def set_emotion(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    persona, value, path = request["persona"], request["value"], touchpoint_path(index, "emotion")
    if persona is None:
        return set_or_drop(touchpoint, "emotion", value, path)
    passing = _passing(touchpoint, request)
    current = touchpoint.get("emotion")
    if isinstance(current, CommentedMap):
        return _persona_emotion(touchpoint, current, persona, value, path)
    if current is None:
        return set_or_drop(touchpoint, "emotion", None if value is None else flow_mapping([(persona, value)]), path)
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
        drop_key(touchpoint, "emotion", carried)
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
        return set_or_drop(touchpoint, "emotion", value, path)
    pairs = [(p, value if p == persona else shared) for p in passing if not (p == persona and value is None)]
    touchpoint["emotion"] = flow_mapping(pairs)
    return [("set", path, to_plain(touchpoint["emotion"]))]
