"""Slug ids from names, unique within one kind (`^[a-z0-9][a-z0-9_-]*$`)."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 48
_SPELLED = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l",
                          "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "&": " and "})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """Lowercase ASCII words joined by '-' (accents dropped, ß -> ss); '' when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", name.translate(_SPELLED)).encode("ascii", "ignore").decode()
    text = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(text) > MAX_LENGTH:
        cut = text[:MAX_LENGTH + 1].rfind("-")
        text = text[:cut if cut > MAX_LENGTH // 2 else MAX_LENGTH].strip("-")
    return text


class IdMaker:
    """Ids of one kind: each name's slug, or `FALLBACK-N`, with -2, -3 ... when taken."""

    def __init__(self, fallback: str):
        self.fallback, self.taken = fallback, set()

    def make(self, name: str, number: int) -> str:
        base = slug(name) or f"{self.fallback}-{number}"
        candidate, suffix = base, 2
        while candidate in self.taken:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        self.taken.add(candidate)
        return candidate
