"""A touchpoint's `listen` keywords as one regular expression for DuckDB (RE2), over text folded the same way.

Matching is case-insensitive and by whole words: a keyword matches where neither side touches a
letter or digit. `*` at the end of a keyword matches any continuation of the word (`wart*`: warten,
Wartezeit). Umlauts match their spellings: text and keywords are folded alike (ä -> ae, ö -> oe, ü -> ue,
ß -> ss), so `Wartezeit` finds "waertezeit" no more than it should, and `müde` finds "muede".
"""

from __future__ import annotations

import re

FOLDS = (("\u00e4", "ae"), ("\u00f6", "oe"), ("\u00fc", "ue"), ("\u00df", "ss"))
_SPECIAL = set("\\.^$|?*+()[]{}")
WORD = r"[\pL\pN]"


def fold(text: str) -> str:
    """Lower case with umlauts spelt out, as fold_sql does in the engine."""
    text = text.lower()
    for umlaut, spelling in FOLDS:
        text = text.replace(umlaut, spelling)
    return text


def fold_sql(column: str) -> str:
    """The SQL expression that folds a text column as fold() does."""
    expression = f"lower({column})"
    for umlaut, spelling in FOLDS:
        expression = f"replace({expression}, '{umlaut}', '{spelling}')"
    return expression


def keyword_pattern(keyword: str) -> str:
    """One keyword as a pattern (without its word boundaries); words of a phrase may be apart by any spaces."""
    prefix = keyword.strip().endswith("*")
    words = fold(keyword.strip().rstrip("*")).split()
    body = r"\s+".join("".join("\\" + c if c in _SPECIAL else c for c in word) for word in words)
    return body + (f"{WORD}*" if prefix else "")


def usable(keyword: str) -> bool:
    """Is there more to the keyword than spaces and a `*`?"""
    return bool(keyword.strip().rstrip("*").strip())


def touchpoint_pattern(keywords: list[str]) -> str | None:
    """Every keyword of a touchpoint as one pattern with whole-word boundaries (None: no usable keyword)."""
    parts = sorted({keyword_pattern(k) for k in keywords if usable(k)})
    if not parts:
        return None
    return f"(^|[^\\pL\\pN])({'|'.join(parts)})([^\\pL\\pN]|$)"


_WORD_BREAK = re.compile(r"(?:[^\w]|_)+")  # Python's \w without "_" is a letter or a digit, as [\pL\pN] in RE2


def anchor(keyword: str) -> tuple[str | None, bool, bool]:
    """How the engine finds a keyword fast: (its first word or None, whether that word is a prefix, whether the
    keyword's whole pattern must be checked where the word is found; not when finding the word is finding it)."""
    body = keyword.strip()
    prefix = body.endswith("*")
    words = [word for word in _WORD_BREAK.split(fold(body.rstrip("*"))) if word]
    if not words:
        return None, False, True
    if len(words) == 1 and words[0] == fold(body.rstrip("*")).strip():
        return words[0], prefix, False
    return words[0], False, True
