"""What an edit did, in one sentence of the page's language: "effort of “Pays by card” set to 5".

Operations note phrases (a key of the catalogue's [serve] table and its values) as they change the
map; `worded` turns them into the sentence the answer, the live event and the undo history carry.
Text values (names, ids) are quoted as the language quotes, numbers written as it writes them.
"""

from __future__ import annotations

from typing import NamedTuple

from journeymap.i18n.catalog import labels
from journeymap.i18n.numbers import written_number

LONGEST = 60   # characters of a text quoted in a summary


class Label(NamedTuple):
    """A word of a catalogue, looked up in the page's language: Label("field.effort")."""

    key: str
    table: str = "serve"


def worded(said: list[tuple[str, dict]], lang: str) -> str:
    """The phrases joined into one sentence ("; " between them); "nothing changed" without any."""
    words = labels(lang, "serve")
    if not said:
        return words["summary.unchanged"]
    return "; ".join(words[key].format(**{name: _text(value, lang) for name, value in values.items()})
                     for key, values in said)


def _text(value, lang: str) -> str:
    if isinstance(value, Label):
        return labels(lang, value.table)[value.key]
    if isinstance(value, bool):
        return labels(lang, "serve")["summary.yes" if value else "summary.no"]
    if isinstance(value, (int, float)):
        return written_number(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(item, lang) for item in value)
    text = str(value)
    text = text if len(text) <= LONGEST else text[:LONGEST - 1] + "…"
    return labels(lang, "serve")["summary.quoted"].format(text=text)


def undone(summary: str, lang: str, *, redo: bool = False) -> str:
    """The summary of an undo (or redo): what the edit it takes back (or makes again) did."""
    return labels(lang, "serve")["summary.redo" if redo else "summary.undo"].format(summary=summary)
