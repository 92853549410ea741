"""The values an edit carries (untrusted JSON), each checked: ids, one line of text, numbers in range, lists.

Each check takes (value, what) and returns the value to use, or raises EditRefused with a sentence
that names the field as a workshop facilitator knows it ("the effort must be a number from 1 to 7").
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


def a_text(value, what: str, limit: int = MAX_TEXT) -> str:
    """One line of text, not empty, at most `limit` characters; surrounding spaces are dropped."""
    if not isinstance(value, str):
        raise EditRefused(f"{what} must be text, got {shown(value)}")
    text = value.strip()
    if not text:
        raise EditRefused(f"{what} is empty")
    if len(text) > limit:
        raise EditRefused(f"{what} is too long: {len(text)} characters, at most {limit}")
    if any(_not_allowed(character) for character in text):
        raise EditRefused(f"{what} must be one line of text: it holds a line break, a tab or another control "
                          "character")
    return text


def a_short_text(limit: int):
    def check(value, what: str) -> str:
        return a_text(value, what, limit)
    return check


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
            raise EditRefused(f"{what} must be a number from {low:g} to {high:g}, got {shown(value)}")
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return check


def a_truth(value, what: str) -> bool:
    if not isinstance(value, bool):
        raise EditRefused(f"{what} must be true or false, got {shown(value)}")
    return value


def one_of(choices: tuple[str, ...]):
    def check(value, what: str) -> str:
        if not isinstance(value, str) or value not in choices:
            raise EditRefused(f"{what} must be one of {', '.join(choices)}, got {shown(value)}")
        return value
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


def some_ids_at_least_one(value, what: str) -> list[str]:
    ids = some_ids(value, what)
    if not ids:
        raise EditRefused(f"{what} must name at least one (null: every one)")
    return list(dict.fromkeys(ids))


def some_texts(value, what: str) -> list[str]:
    """A list of lines of text; the same text twice is kept once."""
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise EditRefused(f"{what} must be a list of texts, got {shown(value)}")
    return list(dict.fromkeys(a_text(item, f"each of {what}") for item in value))


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


def anything(value, what: str):
    """A value checked later, by what another field says it is (set's `field`)."""
    return value
