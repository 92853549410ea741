"""ImportedMap -> YAML text laid out like `journeymap init`'s starter: modeline, comments, block style.

Every text is a double-quoted scalar with escapes, so no name can end a line, start a comment or
change the structure; ids are plain unless YAML would read them as something else (`no`, `123`).
"""

from __future__ import annotations

import unicodedata

import yaml

from journeymap.importers.mapping import ImportedMap, Touchpoint

MODELINE = "# yaml-language-server: $schema=journeymap.schema.json"
COMMENT_COLUMN = 30
_NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x85": "\\N",
                  "\u2028": "\\L", "\u2029": "\\P"}
_RESOLVER = yaml.resolver.Resolver()


def _unsafe(char: str) -> bool:
    """Characters YAML reads as a line break, or refuses, or that an editor would not show."""
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in "\ufeff\ufffe\uffff"


def quoted(value: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly this text."""
    out = []
    for char in value:
        if char in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[char])
        elif _unsafe(char):
            code = ord(char)
            out.append(f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def plain_id(value: str) -> str:
    """An id as a plain scalar where YAML reads it as text, else quoted."""
    as_text = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    return value if as_text else quoted(value)


def comment(text: str, indent: str = "") -> str:
    """One comment line; characters that YAML would read as a line break become spaces."""
    clean = "".join(" " if _unsafe(char) and char != "\t" else char for char in text).rstrip()
    return f"{indent}# {clean}" if clean else f"{indent}#"


def _with_note(line: str, note: str) -> str:
    return (line.ljust(COMMENT_COLUMN) if len(line) < COMMENT_COLUMN else line + "  ") + "# " + note


def render_map(imported: ImportedMap) -> str:
    """The map's YAML text."""
    lines = [MODELINE,
             comment(f"Imported from {imported.source} (the Mermaid journey at line {imported.line}) "
                     "by `journeymap import mermaid`."),
             "# Next: give the touchpoints owners, pains and KPIs (docs/format.md); check with `journeymap validate`."]
    lines += [comment(text) for text in imported.comments.get("top", [])]
    lines += ["journeymap: 1", *[comment(text) for text in imported.comments.get("title", [])],
              f"title: {quoted(imported.title)}"]
    lines += [comment(text) for text in imported.comments.get("description", [])]
    if imported.description:
        lines.append(f"description: {quoted(imported.description)}")
    lines += ["", _with_note("personas:", "who goes through the journey: the Mermaid actors")]
    if imported.everyone:
        lines.append("  # The diagram names no actors: this persona stands for every customer.")
    for persona in imported.personas:
        lines += [f"  - id: {plain_id(persona.id)}", f"    name: {quoted(persona.name)}"]
    lines += ["", _with_note("phases:", "left to right: the Mermaid sections")]
    for phase in imported.phases:
        lines += [comment(text, "  ") for text in phase.comments]
        lines.append(f"  - {{id: {plain_id(phase.id)}, name: {quoted(phase.name)}}}")
    lines += ["", _with_note("touchpoints:", "the Mermaid tasks, in their written order")]
    names = {phase.id: phase.name for phase in imported.phases}
    for index, touchpoint in enumerate(imported.touchpoints):
        if index == 0 or touchpoint.phase != imported.touchpoints[index - 1].phase:
            lines += [""] if index else []
            lines.append(comment("section " + " ".join(names[touchpoint.phase].split()), "  "))
        else:
            lines.append("")
        lines += _touchpoint(touchpoint, first=index == 0)
    if imported.comments.get("end"):
        lines += ["", *[comment(text) for text in imported.comments["end"]]]
    return "\n".join(lines) + "\n"


def _touchpoint(touchpoint: Touchpoint, *, first: bool) -> list[str]:
    lines = [comment(text, "  ") for text in touchpoint.comments]
    lines += [f"  - id: {plain_id(touchpoint.id)}", f"    name: {quoted(touchpoint.name)}",
              f"    phase: {plain_id(touchpoint.phase)}"]
    if touchpoint.personas:
        lines.append(f"    personas: [{', '.join(map(plain_id, touchpoint.personas))}]")
    if isinstance(touchpoint.emotion, str):
        emotion = f"    emotion: {touchpoint.emotion}"
    else:
        emotion = "    emotion: {" + ", ".join(f"{plain_id(p)}: {word}" for p, word in touchpoint.emotion) + "}"
    scale = " (5 delighted .. 1 frustrated)" if first else ""
    lines.append(_with_note(emotion, f"Mermaid score {touchpoint.score}{scale}"))
    if touchpoint.next:
        lines.append(f"    next: [{plain_id(touchpoint.next)}]")
    return lines
