"""An emotion set or removed: shared by every persona, or one persona's, splitting a shared one when needed.

Words stay words: where the file writes that emotion as a word (else the other personas' there,
else most of the map's emotions), a whole number sent is written as its word (-1 -> unhappy).
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap.model.emotion import LEVELS
from journeymap.serve.edit.checks import MISSING
from journeymap.serve.edit.editable_map import EditableMap, drop_key, name_of, set_or_drop, touchpoint_path
from journeymap.serve.edit.entries import insert_key, remove_entry
from journeymap.serve.edit.nodes import flow_mapping, is_block, to_plain
from journeymap.serve.edit.summary import Label
from journeymap.serve.edit.untrusted import EditRefused, shown


def set_emotion(editable: EditableMap, request: dict) -> list:
    index, touchpoint = editable.touchpoint(request["touchpoint"])
    persona, path = request["persona"], touchpoint_path(index, "emotion")
    value = _styled(request["value"], _examples(editable, touchpoint, persona))
    request = {**request, "value": value}
    _say(editable, touchpoint, persona, value)
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


def _say(editable: EditableMap, touchpoint, persona: str | None, value) -> None:
    shown_value = Label(f"emotion.{value}", "labels") if isinstance(value, str) else value
    said = {"touchpoint": name_of(touchpoint)} | ({} if persona is None else {"persona": persona})
    if value is None:
        editable.say("summary.unset" if persona is None else "summary.emotion_unset",
                     **said, **({"what": Label("field.emotion")} if persona is None else {}))
    elif persona is None:
        editable.say("summary.set", what=Label("field.emotion"), **said, value=shown_value)
    else:
        editable.say("summary.emotion", **said, value=shown_value)


def _examples(editable: EditableMap, touchpoint, persona: str | None) -> list:
    """How the emotion being set is written: its own value, the others of its mapping, the map's usual way."""
    current = touchpoint.get("emotion")
    examples = []
    if isinstance(current, CommentedMap):
        examples = ([current[persona]] if persona in current else []) + list(current.values())
    elif current is not None:
        examples = [current]
    return examples + [_usual(editable)]


def _usual(editable: EditableMap):
    """A word if most emotions of the map are written as words, a number if most are numbers (None: no emotions)."""
    words = numbers = 0
    for item in editable.root.get("touchpoints") or []:
        emotion = item.get("emotion") if isinstance(item, CommentedMap) else None
        for value in emotion.values() if isinstance(emotion, CommentedMap) else [emotion]:
            words += isinstance(value, str)
            numbers += isinstance(value, (int, float)) and not isinstance(value, bool)
    return None if words == numbers == 0 else (LEVELS[2].word if words > numbers else 0)


def _styled(value, examples: list):
    """A whole number from -2 to 2 as its word where the first example that says so is a word."""
    example = next((e for e in examples if isinstance(e, (str, int, float)) and not isinstance(e, bool)), None)
    if isinstance(example, str) and isinstance(value, (int, float)) and value == int(value) and -2 <= value <= 2:
        return LEVELS[int(value) + 2].word
    return value


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
