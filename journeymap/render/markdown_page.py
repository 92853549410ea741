"""A Markdown page per map: summary, Mermaid journey chart, hotspot and emotion tables, in the map's language.

User text is plain text here, never Markdown or HTML: `&`, `<`, `>` become entities (no HTML gets
through), the characters Markdown reads as inline syntax (`\\ ` * _ [ ] | ~ #`) get a backslash,
line breaks in a heading or a table cell become spaces, and a description paragraph cannot
start a list, a quote or a code block.
"""

from __future__ import annotations

import re
import unicodedata

from journeymap.i18n.catalog import labels
from journeymap.render.hotspot_why import hotspot_rule, none_reach, why
from journeymap.render.mermaid import render_mermaid

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_INLINE = re.compile(r"([\\`*_\[\]|~#])")
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")  # a list item or a setext underline
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
TOP_HOTSPOTS = 3


def inline(text) -> str:
    """User text as one line of literal Markdown text (also safe inside a table cell)."""
    chars = []
    for char in str(text):
        category = unicodedata.category(char)
        chars.append("\ufffd" if category == "Cs" else " " if category in ("Cc", "Zl", "Zp") else char)
    return _INLINE.sub(r"\\\1", " ".join("".join(chars).split()).translate(_HTML))


def paragraphs(text: str) -> list[str]:
    """Free text as literal paragraphs; one that starts like a list item gets its marker escaped."""
    result = []
    for block in _PARAGRAPHS.split(str(text).replace("\r\n", "\n").replace("\r", "\n")):
        line = inline(block)
        if line:
            result.append(_BLOCK_START.sub(_escape_marker, line))
    return result


def _escape_marker(match: re.Match) -> str:
    """`- x` -> `\\- x`, `1. x` -> `1\\. x`."""
    bullet, digits, delimiter = match.groups()
    return "\\" + bullet if bullet else f"{digits}\\{delimiter}"


def number(value: float | None, places: int = 2) -> str:
    if value is None:
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text).replace("-", "−")


def table(header: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    """A GFM table; cells must already be escaped with inline()."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown_page(journey, analysis, diagnostics=(), *, lang: str | None = None) -> str:
    """The whole page; lang overrides the map's `lang`."""
    model = journey.model
    lang = lang or model.lang
    t = labels(lang)
    out = [f"# {inline(model.title)}", ""]
    for paragraph in paragraphs(model.description or ""):
        out += [paragraph, ""]
    out += [f"## {t['md.summary']}", "", *_summary(journey, analysis, diagnostics, t, lang), ""]
    # Safe in a ``` fence: every line after `journey` is indented by four spaces or more.
    out += [f"## {t['md.chart']}", "", "```mermaid", render_mermaid(journey, analysis).rstrip("\n"), "```", "",
            f"_{t['md.chart_note']}_", ""]
    out += [f"## {t['section.hotspots']}", "", _hotspots(journey, analysis, t, lang), ""]
    out += [f"## {t['section.emotions']}", "", _emotions(journey, analysis, t), "", f"_{t['note.peak_end']}_", ""]
    out += ["---", "", f"_{t['report.generated']}_", ""]
    return "\n".join(out)


def _names(journey) -> dict[str, str]:
    return {touchpoint.id: touchpoint.name for touchpoint in reversed(journey.model.touchpoints)}


def _summary(journey, analysis, diagnostics, t, lang: str) -> list[str]:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = sum(1 for d in diagnostics if d.severity == "warning")
    status = t["header.valid"] if errors == 0 else t["md.not_valid"]
    lines = [f"- **{t['header.validation']}:** {status} ({t['header.errors']}: {errors}, "
             f"{t['header.warnings']}: {warnings})"]
    if analysis.persona:
        persona = next(p for p in journey.model.personas if p.id == analysis.persona)
        lines.append(f"- **{t['col.persona']}:** {inline(persona.name)}")
    shown = sum(1 for figure in analysis.friction.values() if figure.by_persona or not analysis.persona)
    lines.append(f"- **{t['col.touchpoints']}:** {shown}")
    lines.append(f"- **{t['section.personas']}:** {len(analysis.emotion_curves)}")
    names = _names(journey)
    top = [f"{h.rank}. {inline(names[h.touchpoint])}: {inline(why(h, analysis, lang))}"
           for h in analysis.hotspots[:TOP_HOTSPOTS] if h.friction > 0]
    none = inline(none_reach(analysis.hotspot_min, lang))
    lines.append(f"- **{t['md.top_hotspots']}:** {' · '.join(top) if top else none}")
    return lines


def _hotspots(journey, analysis, t, lang: str) -> str:
    names = _names(journey)
    rows = []
    for hotspot in analysis.hotspots:
        if hotspot.friction <= 0:
            continue
        volume = number(hotspot.volume) if hotspot.volume is not None else \
            (t["col.estimated"] if hotspot.volume_estimated else "–")
        missing = [t.get(f"lane.{m}", t.get(m, m)) for m in analysis.friction[hotspot.touchpoint].missing]
        rows.append([str(hotspot.rank), inline(names[hotspot.touchpoint]), f"{hotspot.friction:.2f}", volume,
                     f"{hotspot.score:.2f}", inline(why(hotspot, analysis, lang)), ", ".join(missing)])
    if not rows:
        return inline(none_reach(analysis.hotspot_min, lang))
    observed = analysis.volume_basis == "observed"
    header = [t["col.rank"], t["col.touchpoint"], t["col.friction"],
              t["col.volume_observed" if observed else "col.volume"], t["col.score"], t["col.why"], t["col.missing"]]
    note = f"\n\n_{t['note.friction']} {inline(hotspot_rule(analysis.hotspot_min, lang))}_"
    if observed:
        note += "\n\n_" + t["hotspots.observed"].replace("{logs}", inline(", ".join(analysis.observed_logs))) + "_"
    return table(header, rows, {0, 2, 3, 4}) + note


def _emotions(journey, analysis, t) -> str:
    names = _names(journey)
    personas = {persona.id: persona.name for persona in reversed(journey.model.personas)}
    at = lambda point: f"{number(point.emotion)} · {inline(names[point.touchpoint])}" if point else "–"
    rows = []
    for curve in analysis.emotion_curves:
        drop = curve.largest_drop
        remembered = "–" if curve.peak_end is None else \
            t["remembered.worse"] if curve.peak_end < curve.average - 0.25 else t["remembered.same"]
        rows.append([inline(personas[curve.persona]), number(curve.average), at(curve.lowest),
                     f"{number(drop.change)} · {inline(names[drop.source])} → {inline(names[drop.target])}"
                     if drop else "–", at(curve.peak), at(curve.end), number(curve.peak_end), remembered])
    header = [t["col.persona"], t["col.average"], t["col.lowest"], t["col.drop"], t["col.peak"], t["col.end"],
              t["col.peak_end"], t["col.remembered"]]
    return table(header, rows, {1, 6})
