"""How a diff names what it mentions: a touchpoint, persona, phase or opportunity by the name a reader
knows, with its id in brackets where two of a kind share the name."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace


def known_as(model) -> dict[str, dict[str, str]]:
    """kind -> id -> how a reader knows it: its name (an opportunity's title), with the id in brackets
    where another of its kind has the same name."""
    found = {}
    for kind in ("personas", "phases", "touchpoints", "opportunities"):
        items = [(item.id, getattr(item, "title", None) or item.name) for item in getattr(model, kind)]
        twice = {name for name, count in Counter(name for _, name in items).items() if count > 1}
        found[kind] = {item_id: f"{name} ({item_id})" if name in twice else name for item_id, name in items}
    return found


def named(change, before: dict, after: dict):
    """The change with the names of the ids it mentions: as the new version names them, and what only the
    old version has as the old one did."""
    def name(kind: str, item_id: str) -> str:
        return after[kind].get(item_id) or before[kind].get(item_id, item_id)

    names = {}
    if change.touchpoint:
        names["touchpoint"] = name("touchpoints", change.touchpoint)
    group = {"persona": "personas", "phase": "phases", "opportunity": "opportunities",
             "expected": "opportunities"}.get(change.kind.partition("-")[0])   # expected-value-changed: an opportunity
    if group:
        names["subject"] = name(group, change.subject)
    if change.kind == "emotion-changed":
        names["persona"] = name("personas", change.note)
    elif change.kind == "touchpoint-added":
        phase = change.note.removeprefix("phase ")
        names["phase"] = name("phases", phase)
    elif change.kind == "touchpoint-moved":
        names["before"], names["after"] = name("phases", change.before), name("phases", change.after)
    elif change.kind == "observed-share-changed":
        source, _, target = change.subject.partition(" -> ")
        names["source"], names["target"] = name("touchpoints", source), name("touchpoints", target)
    return replace(change, names={**names, **change.names})
