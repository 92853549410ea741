"""The shape of an edit as the browser sends it (untrusted JSON): every field checked, nothing else let through.

`check_request(edit)` returns the edit with its optional fields filled in, or raises EditRefused
with a sentence a workshop facilitator can act on.
"""

from __future__ import annotations

import math
import re
import unicodedata

from journeymap.model.emotion import WORDS as EMOTION_WORDS
from journeymap.model.format import REFERENCE_PATTERN, SLUG_PATTERN

MAX_TEXT = 2000
MAX_ID = 200
MAX_LIST = 1000
MAX_ADDRESSES = 100
_SLUG = re.compile(SLUG_PATTERN)
_REFERENCE = re.compile(REFERENCE_PATTERN)


class EditRefused(Exception):
    """An edit that cannot be applied: message says why in words a workshop facilitator understands."""


def shown(value) -> str:
    """A value as a person reads it in a message: 'the text "Checkout"', 'a number (9)', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true or false)"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"the text {value[:40]!r}{'…' if len(value) > 40 else ''}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def an_id(value, what: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_ID or not _SLUG.fullmatch(value):
        raise EditRefused(f"{what} must be an id (lowercase letters, digits, '-' and '_', starting with a "
                          f"letter or digit), got {shown(value)}")
    return value


def a_text(value, what: str) -> str:
    """One line of text, not empty, at most MAX_TEXT characters; surrounding spaces are dropped."""
    if not isinstance(value, str):
        raise EditRefused(f"{what} must be text, got {shown(value)}")
    text = value.strip()
    if not text:
        raise EditRefused(f"{what} is empty")
    if len(text) > MAX_TEXT:
        raise EditRefused(f"{what} is too long: {len(text)} characters, at most {MAX_TEXT}")
    if any(_not_allowed(character) for character in text):
        raise EditRefused(f"{what} must be one line of text: it holds a line break, a tab or another control "
                          "character")
    return text


def _not_allowed(character: str) -> bool:
    return unicodedata.category(character) in ("Cc", "Cs", "Zl", "Zp") or character in "\ufffe\uffff"


def a_whole_number(low: int, high: int):
    def check(value, what: str) -> int:
        if type(value) is not int or not low <= value <= high:
            raise EditRefused(f"{what} must be a whole number from {low} to {high}, got {shown(value)}")
        return value
    return check


def a_number(low: float, high: float):
    def check(value, what: str) -> int | float:
        if type(value) not in (int, float) or not math.isfinite(value) or not low <= value <= high:
            raise EditRefused(f"{what} must be a number from {low} to {high}, got {shown(value)}")
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return check


def an_emotion(value, what: str) -> int | float | str:
    if isinstance(value, str):
        if value not in EMOTION_WORDS:
            raise EditRefused(f"{what} must be a number from -2 to 2 or one of {', '.join(EMOTION_WORDS)}, "
                              f"got {shown(value)}")
        return value
    try:
        return a_number(-2, 2)(value, what)
    except EditRefused:
        raise EditRefused(f"{what} must be a number from -2 to 2 or one of {', '.join(EMOTION_WORDS)}, "
                          f"got {shown(value)}") from None


def an_index(value, what: str) -> int:
    if type(value) is not int or value < 0 or value > 10 ** 6:
        raise EditRefused(f"{what} must be a position in the list (0, 1, 2, …), got {shown(value)}")
    return value


def some_ids(value, what: str) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise EditRefused(f"{what} must be a list of ids, got {shown(value)}")
    return [an_id(item, f"each of {what}") for item in value]


def some_addresses(value, what: str) -> list[str]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_ADDRESSES:
        raise EditRefused(f"{what} must be a list of 1 to {MAX_ADDRESSES} touchpoints "
                          f"('touchpoint' or 'touchpoint#pain'), got {shown(value)}")
    for item in value:
        if not isinstance(item, str) or len(item) > 2 * MAX_ID or not _REFERENCE.fullmatch(item):
            raise EditRefused(f"{what} must name touchpoints as 'touchpoint' or 'touchpoint#pain-id', "
                              f"got {shown(item)}")
    return list(dict.fromkeys(value))


def nullable(check):
    def check_or_none(value, what: str):
        return None if value is None else check(value, what)
    return check_or_none


REQUIRED, OPTIONAL = True, False
TOUCHPOINT = (REQUIRED, an_id, "the touchpoint")
INDEX = (REQUIRED, an_index, "the position")
SEVERITY = a_whole_number(1, 5)

# op -> field -> (required, check, what the field is called in messages); optional fields default to None.
FIELDS: dict[str, dict[str, tuple]] = {
    "emotion": {"touchpoint": TOUCHPOINT, "persona": (OPTIONAL, nullable(an_id), "the persona"),
                "value": (REQUIRED, nullable(an_emotion), "the emotion"),
                "personas": (OPTIONAL, nullable(some_ids), "the map's personas")},
    "effort": {"touchpoint": TOUCHPOINT, "value": (REQUIRED, nullable(a_number(1, 7)), "the effort")},
    "name": {"touchpoint": TOUCHPOINT, "value": (REQUIRED, a_text, "the name")},
    "owner": {"touchpoint": TOUCHPOINT, "value": (REQUIRED, nullable(an_id), "the owner")},
    "add-pain": {"touchpoint": TOUCHPOINT, "text": (REQUIRED, a_text, "the pain"),
                 "severity": (OPTIONAL, nullable(SEVERITY), "the severity")},
    "edit-pain": {"touchpoint": TOUCHPOINT, "index": INDEX, "text": (OPTIONAL, nullable(a_text), "the pain"),
                  "severity": (OPTIONAL, nullable(SEVERITY), "the severity")},
    "remove-pain": {"touchpoint": TOUCHPOINT, "index": INDEX},
    "add-gain": {"touchpoint": TOUCHPOINT, "text": (REQUIRED, a_text, "the gain")},
    "edit-gain": {"touchpoint": TOUCHPOINT, "index": INDEX, "text": (REQUIRED, a_text, "the gain")},
    "remove-gain": {"touchpoint": TOUCHPOINT, "index": INDEX},
    "add-note": {"touchpoint": TOUCHPOINT, "text": (REQUIRED, a_text, "the note"),
                 "by": (OPTIONAL, nullable(a_text), "the note's author")},
    "remove-note": {"touchpoint": TOUCHPOINT, "index": INDEX},
    "add-opportunity": {"title": (REQUIRED, a_text, "the opportunity's title"),
                        "addresses": (REQUIRED, some_addresses, "what the opportunity addresses"),
                        "owner": (OPTIONAL, nullable(an_id), "the owner")},
}


def check_request(edit) -> dict:
    """The edit with every field checked and the optional ones filled in (None); or EditRefused."""
    if not isinstance(edit, dict):
        raise EditRefused(f"an edit must be a JSON object with an 'op', got {shown(edit)}")
    op = edit.get("op")
    if not isinstance(op, str):
        raise EditRefused(f"an edit needs an 'op' that says what to change ({', '.join(FIELDS)}), got {shown(op)}")
    if op not in FIELDS:
        raise EditRefused(f"unknown edit {op[:40]!r}; the editor knows: {', '.join(FIELDS)}")
    fields = FIELDS[op]
    unknown = sorted(str(key)[:40] for key in edit if key != "op" and key not in fields)
    if unknown:
        raise EditRefused(f"the '{op}' edit has no field {unknown[0]!r}; its fields are: {', '.join(fields)}")
    request = {"op": op}
    for name, (required, check, what) in fields.items():
        if name not in edit:
            if required:
                raise EditRefused(f"the '{op}' edit needs {what} (field '{name}')")
            request[name] = None
            continue
        request[name] = check(edit[name], what)
    if op == "edit-pain" and request["text"] is None and request["severity"] is None:
        raise EditRefused("the 'edit-pain' edit needs a new text or a new severity")
    return request
