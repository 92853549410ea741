"""The minimal valid map as YAML text, `map_with` for variants of it, and YAML that attacks the reader."""

from __future__ import annotations

import textwrap

# The top-level keys in the model's order: a key a variant adds takes its place among them.
KEY_ORDER = ("journeymap", "title", "description", "lang", "owner", "currency", "variant", "include", "personas",
             "phases", "channels", "owners", "touchpoints", "opportunities", "data", "analysis", "rules")

SIGNUP = '{id: signup, name: "Signs up", phase: join, owner: team, next: [welcome]}'
WELCOME = '{id: welcome, name: "Gets a welcome mail", phase: stay, owner: team}'
MINIMAL = {
    "journeymap": 1,
    "title": '"Minimal"',
    "personas": ['{id: lea, name: "Lea"}'],
    "phases": ['{id: join, name: "Join"}', '{id: stay, name: "Stay"}'],
    "owners": ['{id: team, name: "Team"}'],
    "touchpoints": [SIGNUP, WELCOME],
}


def map_with(*, extra: str = "", **keys) -> str:
    """The minimal map (12 lines) with top-level keys replaced, added or (None) dropped, then `extra` as written.

    Values are YAML as it stands in the file: a one-line string follows `key: `; a list gives the
    items of a block list (an item of several lines is a block mapping, written without its `- `
    and indentation); a string of several lines is the key's block, written at the top level's
    indentation. The keys a variant leaves alone keep the lines they have in MINIMAL_MAP.
    """
    chosen = {**MINIMAL, **keys}
    order = [key for key in KEY_ORDER if key in chosen] + [key for key in chosen if key not in KEY_ORDER]
    return "".join(_entry(key, chosen[key]) for key in order if chosen[key] is not None) + extra


def _entry(key: str, value) -> str:
    if isinstance(value, (list, tuple)):
        if not value:
            return f"{key}: []\n"
        return f"{key}:\n" + "".join(_item(item) for item in value)
    text = str(value)
    if "\n" in text.strip("\n"):
        return f"{key}:\n" + textwrap.indent(textwrap.dedent(text).strip("\n"), "  ") + "\n"
    return f"{key}: {text.strip()}\n"


def _item(item: str) -> str:
    lines = textwrap.dedent(item).strip("\n").splitlines()
    return "".join(f"  - {line}\n" if n == 0 else f"    {line}\n" for n, line in enumerate(lines))


MINIMAL_MAP = map_with()

# Nine levels of aliases of nine: a few hundred bytes that expand to 9^9 strings.
BILLION_LAUGHS = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))
