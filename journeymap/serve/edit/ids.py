"""Ids made from what people type: "Guest checkout, now!" -> guest-checkout-now, unique among those taken."""

from __future__ import annotations

import re
import unicodedata

LONGEST = 40


def slug(text: str, taken, fallback: str) -> str:
    """An id made from a title or name (umlauts spelled out, at most 40 characters), -2, -3 … when taken."""
    text = text.lower()
    for letter, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(letter, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    made = ""
    for word in re.findall(r"[a-z0-9]+", text):
        if made and len(made) + 1 + len(word) > LONGEST:
            break
        made = f"{made}-{word}" if made else word[:LONGEST]
    made = made or fallback
    unique, number = made, 2
    while unique in taken:
        unique, number = f"{made}-{number}", number + 1
    return unique
