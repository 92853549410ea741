"""A parsed Mermaid journey as a journeymap map: sections -> phases, tasks -> touchpoints, actors -> personas.

Texts become map text the way Mermaid draws them: `<br>` variants are line breaks, entities
(`#35;`, `#amp;`) their characters, lines trimmed. Scores 5..1 are the emotions delighted .. frustrated;
a score no emotion fits is an error. What Mermaid accepts but a map cannot say is a Note.
"""

from __future__ import annotations

import html.entities
import math
import re
import unicodedata
from dataclasses import dataclass, field

from journeymap.findings import ERROR, Diagnostic, Position
from journeymap.importers.mermaid import Task
from journeymap.importers.mermaid_text import JS_SPACE_CHARS
from journeymap.model.emotion import LEVELS

IMPORT = "mermaid-import"
EMOTIONS = {level.value + 3: level.word for level in reversed(LEVELS)}   # Mermaid scores 5..1: the levels plus 3
SCALE = ", ".join(f"{score} {word}" for score, word in EMOTIONS.items())
EVERYONE = ("customer", "Customer")
_BREAK = re.compile(r"</?br\s*/?>", re.I)
_ENTITY = re.compile(r"#(\w+);", re.A)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_PREFIXED = re.compile(r"0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")


@dataclass(frozen=True)
class Note:
    """Something Mermaid accepts that the map cannot say (or says differently), told once per kind."""

    kind: str
    position: Position
    message: str


@dataclass(frozen=True)
class Persona:
    id: str
    name: str


@dataclass
class Phase:
    id: str
    name: str
    comments: list[str] = field(default_factory=list)


@dataclass
class Touchpoint:
    id: str
    name: str
    phase: str
    personas: tuple[str, ...] | None          # None: every persona (a task without actors)
    emotion: str | tuple[tuple[str, str], ...]  # one word, or (persona id, word) per actor
    score: int
    next: str | None
    comments: list[str] = field(default_factory=list)


@dataclass
class ImportedMap:
    """One map, ready for the writer."""

    source: str
    line: int
    title: str
    description: str | None
    personas: list[Persona]
    phases: list[Phase]
    touchpoints: list[Touchpoint]
    comments: dict[str, list[str]] = field(default_factory=dict)   # "top", "title", "description", "end"
    everyone: bool = False       # the diagram names no actors: one persona stands for every customer


def text(raw: str) -> str:
    """Mermaid text as map text: `<br>` -> line break, entities decoded, each line trimmed (as Mermaid does)."""
    parts = _BREAK.split(raw)
    lines = [_ENTITY.sub(_entity, line).strip(JS_SPACE_CHARS) for part in parts for line in part.split("\n")]
    return "\n".join(lines).strip("\n")


def _entity(match: re.Match) -> str:
    name = match.group(1)
    if name.isdigit():
        code = int(name)
        if code <= 0x10FFFF and unicodedata.category(chr(code)) not in ("Cc", "Cs", "Cn") or code in (9, 10):
            return chr(code)
        return match.group()
    return html.entities.html5.get(name + ";", match.group())


def js_number(score_text: str) -> float:
    """JavaScript's Number() of a score field, as Mermaid reads it ('' is 0; anything else NaN)."""
    value = score_text.strip(JS_SPACE_CHARS)
    if not value:
        return 0.0
    if _DECIMAL.fullmatch(value):
        return float(value)
    if value.lstrip("+-") == "Infinity":
        return -math.inf if value.startswith("-") else math.inf
    prefixed = _PREFIXED.fullmatch(value)
    if prefixed:
        return float(int(prefixed.group(1)[1:], {"x": 16, "o": 8, "b": 2}[prefixed.group(1)[0].lower()]))
    return math.nan


def score_problem(task: Task) -> Diagnostic | None:
    """A score no emotion fits: Mermaid draws the task anyway, journeymap refuses to guess."""
    value, name, written = js_number(task.score_text), quoted_name(text(task.name)), task.score_text.strip()
    if value in EMOTIONS:
        return None
    if math.isnan(value):
        message = f"task {name} has the score '{_short(written)}', which is not a number: no emotion fits"
    elif not written:
        message = f"task {name} has an empty score: no emotion fits"
    else:
        message = f"task {name} has the score {_short(written)}: no emotion fits"
    if "%%" in written:
        message += " ('%%' starts a comment only at the start of a line)"
    return Diagnostic.at(task.score_position, ERROR, IMPORT,
                         f"{message}; Mermaid still draws it, but journeymap imports only 1 to 5 ({SCALE})")


def _short(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def quoted_name(name: str) -> str:
    """A name for a message: one line, shortened, in quotes."""
    return "'" + _short(" ".join(name.split())) + "'"
