"""Mermaid `journey` diagrams: a section per phase, a task per touchpoint, the personas as actors.

Mermaid's journey grammar (mermaid 11, `user-journey/parser/journey.jison`) is line based and has
no quoting and no escapes: `title TEXT`, `section TEXT`, `TASK: SCORE: ACTOR, ACTOR`; `#` and
`%%` start comments, `;` is an invalid token, and a task whose text starts with a keyword
(`title `, `section `, `journey`, `accDescr {`) is read as that statement. So user text is
rewritten, never escaped (see docs/exports.md):

- line breaks, tabs and other control characters become spaces, runs of spaces one space;
- `#` -> `＃`, `;` -> `；`, `<` -> `‹`, `>` -> `›` (no comment, no invalid token, no `<br>`),
  `%%` -> `％％`;
- `:` -> `∶` in section, task and actor text (it separates the fields; titles keep it);
- `,` -> `‚` in actor names (it separates the actors);
- a task text that starts with a keyword gets an invisible zero-width space in front;
- text that is empty afterwards is replaced by the id (phase, touchpoint, persona); personas
  whose names end up equal are shown by their ids, so Mermaid does not merge them.
Letters of every script, umlauts, CJK and emoji stay as they are.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata

from journeymap.model.graph import ordered_touchpoints
from journeymap.model.format import emotion_for, passes

INDENT = "    "
SCORE_WITHOUT_EMOTION = 3
ZERO_WIDTH_SPACE = "\u200b"

_LOOK_ALIKES = str.maketrans({"#": "＃", ";": "；", "<": "‹", ">": "›"})
_FIELD = str.maketrans({":": "∶"})
_ACTOR = str.maketrans({":": "∶", ",": "‚"})
_PERCENTS = re.compile("%{2,}")
# Statements Mermaid's lexer tries before a task name (case-insensitive; `journey` as a whole word).
_KEYWORD_START = re.compile(r"(journey(?![a-z0-9_])|title\s|section\s|acc(title|descr)\s*[:{])", re.IGNORECASE)


def _plain(text: str) -> str:
    """One line of text without the characters Mermaid's grammar reads as syntax anywhere."""
    chars = []
    for char in str(text):
        category = unicodedata.category(char)
        if category == "Cs":  # a lone surrogate: not encodable
            chars.append("\ufffd")
        elif category in ("Cc", "Zl", "Zp") or char == "\ufeff":  # JavaScript counts U+FEFF as a space
            chars.append(" ")
        else:
            chars.append(char)
    text = " ".join("".join(chars).split()).translate(_LOOK_ALIKES)
    return _PERCENTS.sub(lambda match: "％" * len(match.group()), text)


def title_text(text: str) -> str:
    return _plain(text)


def section_text(text: str, fallback: str) -> str:
    return _plain(text).translate(_FIELD) or fallback


def task_text(text: str, fallback: str) -> str:
    text = _plain(text).translate(_FIELD) or fallback
    return ZERO_WIDTH_SPACE + text if _KEYWORD_START.match(text) else text


def actor_text(text: str) -> str:
    return _plain(text).translate(_ACTOR)


def actor_names(personas) -> dict[str, str]:
    """Persona id -> actor name: the cleaned name, or the id when that is empty or shared."""
    names = {persona.id: actor_text(persona.name) for persona in personas}
    taken = list(names.values())
    return {pid: name if name and taken.count(name) == 1 else pid for pid, name in names.items()}


def score(touchpoint, persona_ids: list[str]) -> int:
    """Emotion -2..+2 as Mermaid's 1..5: the mean over the given personas, rounded half up."""
    emotions = [e for e in (emotion_for(touchpoint, p) for p in persona_ids) if e is not None]
    if not emotions:
        return SCORE_WITHOUT_EMOTION
    return max(1, min(5, math.floor(statistics.fmean(emotions) + 3 + 0.5 + 1e-9)))


def render_mermaid(journey, analysis) -> str:
    """The journey as Mermaid `journey` source (for one persona when the analysis is for one)."""
    model = journey.model
    personas = [p for p in model.personas if analysis.persona in (None, p.id)]
    actors = actor_names(personas)
    lines = ["journey"]
    if title_text(model.title):
        lines.append(f"{INDENT}title {title_text(model.title)}")
    phases = {phase.id: phase for phase in reversed(model.phases)}
    current_phase = None
    for node in ordered_touchpoints(journey.graph):
        touchpoint = journey.graph.nodes[node]["touchpoint"]
        passing = [p.id for p in personas if passes(touchpoint, p.id)]
        if analysis.persona and not passing:
            continue
        if touchpoint.phase != current_phase:
            current_phase = touchpoint.phase
            phase = phases.get(current_phase)
            lines.append(f"{INDENT}section {section_text(phase.name if phase else '', current_phase)}")
        task = f"{task_text(touchpoint.name, touchpoint.id)}: {score(touchpoint, passing)}"
        if passing:
            task += ": " + ", ".join(actors[p] for p in passing)
        lines.append(f"{INDENT * 2}{task}")
    return "\n".join(lines) + "\n"
